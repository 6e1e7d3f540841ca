import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';

/** The checkout: the nearest folder above this file with a package.json (works from dist/ and from the sources). */
export const ROOT = ((): string => {
  let d = __dirname;
  while (!existsSync(join(d, 'package.json')) && dirname(d) !== d) d = dirname(d);
  return d;
})();

const CLK_TCK = 100;

/** Peak RSS and CPU time of a process, from /proc (Linux). */
export interface ProcStats {
  peakRssMiB: number;
  cpuS: number;
}

export function readProcStats(pid: number): ProcStats | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = Number(status.match(/^VmHWM:\s+(\d+) kB/m)?.[1] ?? 0);
    // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(rest[11]) + Number(rest[12]);
    return { peakRssMiB: hwm / 1024, cpuS: ticks / CLK_TCK };
  } catch {
    return undefined;
  }
}

/**
 * A compiled api or worker in its own process (as test/support/processes.ts AppProcess starts them),
 * with its output written to a log file and counted, and its /proc figures sampled each second so the
 * last ones survive a kill -9.
 */
export class LoadProcess {
  bytesLogged = 0;
  stats: ProcStats = { peakRssMiB: 0, cpuS: 0 };
  readonly startedAt = Date.now();
  endedAt?: number;
  private child?: ChildProcess;
  private log?: WriteStream;
  private timer?: NodeJS.Timeout;
  private tail: string[] = [];

  constructor(
    readonly name: string,
    readonly app: 'api' | 'worker',
    readonly env: Record<string, string>,
    readonly logFile: string,
  ) {}

  start(): this {
    this.log = createWriteStream(this.logFile, { flags: 'a' });
    this.child = spawn(process.execPath, [join(ROOT, 'dist', 'apps', this.app, 'src', 'main.js')], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'info', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (d: Buffer) => {
      this.bytesLogged += d.length;
      this.log?.write(d);
      this.tail.push(d.toString());
      if (this.tail.length > 200) this.tail.shift();
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.child.once('exit', () => {
      this.endedAt = Date.now();
      clearInterval(this.timer);
    });
    this.timer = setInterval(() => this.sample(), 1000);
    this.timer.unref();
    return this;
  }

  sample(): void {
    const s = this.pid ? readProcStats(this.pid) : undefined;
    if (s) this.stats = { peakRssMiB: Math.max(this.stats.peakRssMiB, s.peakRssMiB), cpuS: Math.max(this.stats.cpuS, s.cpuS) };
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last lines of output, for error messages. */
  lastOutput(chars = 3000): string {
    return this.tail.join('').slice(-chars);
  }

  /** kill -9, at once: no shutdown hooks run. */
  async kill9(): Promise<void> {
    this.sample();
    await this.stop('SIGKILL');
  }

  /** Stops the process (signal, then SIGKILL after `graceMs`). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<void> {
    const c = this.child;
    if (c && c.exitCode === null && c.signalCode === null) {
      this.sample();
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => c.kill('SIGKILL'), graceMs);
        c.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
        c.kill(signal);
      });
    }
    clearInterval(this.timer);
    await new Promise<void>((resolve) => (this.log ? this.log.end(() => resolve()) : resolve()));
  }
}
