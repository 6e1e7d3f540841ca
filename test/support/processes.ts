import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** A compiled app (api, worker or cli) in its own process, as in production. */
export class AppProcess {
  readonly output: string[] = [];
  /** Every byte the process has written to stdout and stderr (the output above keeps only the tail). */
  bytesLogged = 0;
  private child?: ChildProcess;

  constructor(
    readonly app: 'api' | 'worker',
    readonly env: Record<string, string>,
  ) {}

  start(): this {
    this.child = spawn(process.execPath, [join(ROOT, 'dist', 'apps', this.app, 'src', 'main.js')], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'info', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (d: Buffer) => {
      this.bytesLogged += d.length;
      this.output.push(d.toString());
      if (this.output.length > 2000) this.output.shift();
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    return this;
  }

  /** The process id (undefined before start). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The exit code once the process has exited on its own (null while it runs or when a signal ended it). */
  get exitCode(): number | null {
    return this.child?.exitCode ?? null;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  log(): string {
    return this.output.join('');
  }

  /** Stops the process (SIGTERM, then SIGKILL after `graceMs`). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => c.kill('SIGKILL'), graceMs);
      c.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      c.kill(signal);
    });
  }
}

/**
 * Env for apps under test: the run's PostgreSQL database, the suite's Redis under a prefix of its own
 * (test files run in parallel: without it one file's worker would take another file's jobs and send
 * its mail to the wrong SMTP server), a fresh data dir.
 */
export function appEnv(extra: Record<string, string>): Record<string, string> {
  return {
    REDIS_PREFIX: `e2e-${randomBytes(6).toString('hex')}`,
    NODE_ENV: 'test',
    DATABASE_URL: process.env.TEST_DATABASE_URL!,
    REDIS_URL: process.env.TEST_REDIS_URL!,
    JUSTERA_SECRET: 'e2e-secret-0123456789abcdefghijklmnopqrstuvwxyz',
    JUSTERA_DATA_DIR: mkdtempSync(join(tmpdir(), 'justera-e2e-')),
    HOST: '127.0.0.1',
    RATE_LIMIT_PER_MINUTE: '100000',
    VALIDATE_PER_MINUTE: '100000',
    ...extra,
  };
}

/** A throwaway redis-server on loopback, which a test may stop and start again. */
export class TestRedis {
  private child?: ChildProcess;
  readonly dir = mkdtempSync(join(tmpdir(), 'justera-redis-'));
  constructor(readonly port: number) {}

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(this.port), '--dir', this.dir, '--appendonly', 'yes', '--save', ''], { stdio: 'ignore' });
    await waitFor('redis', async () => {
      const { default: Redis } = await import('ioredis');
      const r = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      r.on('error', () => undefined);
      try {
        await r.connect();
        return (await r.ping()) === 'PONG';
      } finally {
        r.disconnect();
      }
    });
  }

  async stop(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  }
}
