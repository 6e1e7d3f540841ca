/**
 * A bounded pool of single-use child processes for work on untrusted input (PDF parsing). Each job
 * runs in a fresh Node process with its own heap limit (--max-old-space-size), a resident-memory cap
 * checked by the parent, and a deadline; whatever the input does to that process (V8's fatal
 * out-of-memory, an endless loop, a crash), the api process only sees the child end and answers.
 *
 * Why processes and not worker threads: V8's "JavaScript heap out of memory" in a worker thread can be
 * fatal to the whole process (`FATAL ERROR: CALL_AND_RETRY_LAST`; docs/security.md), and a thread's Buffers
 * live outside its `resourceLimits`. A process is the unit the OS can bound and kill.
 *
 * One spare child is kept started so a job does not wait for Node to boot; every child runs one job
 * and is killed afterwards, so no memory a job made survives it.
 */
import { ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ChildPoolOptions {
  /** The compiled module the children run; it answers one `{ job }` message with `{ result }`. */
  script: string;
  /** Jobs running at once. */
  size: number;
  /** Jobs allowed to wait for a free slot; beyond that `run` refuses with `PoolFullError`. */
  queue: number;
  /** The child's V8 old-space limit (MB). */
  heapMb: number;
  /** Resident memory (MB) at which the parent kills the child (covers Buffers outside the V8 heap). */
  rssMb: number;
  /** Wall-clock budget per job (ms) from the moment it starts running. */
  timeoutMs: number;
  /** Extra arguments for node (tests). */
  execArgv?: string[];
}

export type ChildOutcome<T> =
  | { ok: true; value: T; ms: number }
  | { ok: false; reason: 'timeout' | 'memory' | 'crashed'; detail: string; ms: number };

/** The queue is full: answer 503 with Retry-After. */
export class PoolFullError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('pool full');
  }
}

interface Waiting {
  job: unknown;
  resolve: (o: ChildOutcome<unknown>) => void;
}

const PAGE_SIZE = 4096;

/** Resident set size of a process in bytes (Linux /proc), or undefined where not available. */
function rssOf(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/statm`, 'latin1').split(' ');
    return Number(fields[1]) * PAGE_SIZE;
  } catch {
    return undefined;
  }
}

export class ChildPool {
  private running = 0;
  private readonly waiting: Waiting[] = [];
  private spare?: ChildProcess;
  private closed = false;
  /** Jobs finished, by outcome (for logs and tests). */
  readonly stats = { ok: 0, timeout: 0, memory: 0, crashed: 0, refused: 0 };

  constructor(readonly opts: ChildPoolOptions) {}

  /** Jobs running and waiting. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** Runs `job` in a fresh child. Rejects only with `PoolFullError`; every other failure is an outcome. */
  run<T>(job: unknown): Promise<ChildOutcome<T>> {
    if (this.closed) return Promise.resolve({ ok: false, reason: 'crashed', detail: 'pool closed', ms: 0 });
    return new Promise<ChildOutcome<T>>((resolve, reject) => {
      const w: Waiting = { job, resolve: resolve as (o: ChildOutcome<unknown>) => void };
      if (this.running < this.opts.size) return this.start(w);
      if (this.waiting.length >= this.opts.queue) {
        this.stats.refused++;
        // A slot frees within one job's budget at worst; usually much sooner.
        return reject(new PoolFullError(Math.max(1, Math.ceil(this.opts.timeoutMs / 1000 / 2))));
      }
      this.waiting.push(w);
    });
  }

  /** Kills the spare and refuses new jobs; running jobs end with their children. */
  close(): void {
    this.closed = true;
    this.spare?.kill('SIGKILL');
    this.spare = undefined;
    for (const w of this.waiting.splice(0)) w.resolve({ ok: false, reason: 'crashed', detail: 'pool closed', ms: 0 });
  }

  private spawn(): ChildProcess {
    const child = fork(this.opts.script, [], {
      execArgv: [`--max-old-space-size=${this.opts.heapMb}`, ...(this.opts.execArgv ?? [])],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child.on('error', () => undefined); // reported through 'exit'
    return child;
  }

  private takeChild(): ChildProcess {
    const spare = this.spare;
    this.spare = undefined;
    return spare && spare.exitCode === null && spare.signalCode === null && spare.connected ? spare : this.spawn();
  }

  private start(w: Waiting): void {
    this.running++;
    const child = this.takeChild();
    const t0 = Date.now();
    let done = false;
    let killedFor: 'timeout' | 'memory' | undefined;
    let peak = 0;
    const finish = (o: ChildOutcome<unknown>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearInterval(watch);
      child.removeAllListeners('message');
      child.removeAllListeners('exit');
      child.kill('SIGKILL');
      this.running--;
      this.stats[o.ok ? 'ok' : o.reason]++;
      w.resolve(o);
      const next = this.waiting.shift();
      if (next) this.start(next);
      else if (!this.closed && !this.spare) this.spare = this.spawn();
    };
    const timer = setTimeout(() => {
      killedFor = 'timeout';
      finish({ ok: false, reason: 'timeout', detail: `no answer within ${this.opts.timeoutMs} ms`, ms: Date.now() - t0 });
    }, this.opts.timeoutMs);
    const watch = setInterval(() => {
      const rss = child.pid ? rssOf(child.pid) : undefined;
      if (rss === undefined) return;
      peak = Math.max(peak, rss);
      if (rss > this.opts.rssMb * 2 ** 20) {
        killedFor = 'memory';
        finish({ ok: false, reason: 'memory', detail: `resident memory ${Math.round(rss / 2 ** 20)} MB over ${this.opts.rssMb} MB`, ms: Date.now() - t0 });
      }
    }, 50);
    child.on('message', (m: { result?: unknown }) => finish({ ok: true, value: m.result, ms: Date.now() - t0 }));
    child.on('exit', (code, signal) => {
      // V8's fatal out-of-memory aborts the process (SIGABRT / exit code 134).
      const oom = signal === 'SIGABRT' || code === 134;
      finish({ ok: false, reason: killedFor ?? (oom ? 'memory' : 'crashed'), detail: `child exited (code ${code}, signal ${signal}, peak ${Math.round(peak / 2 ** 20)} MB)`, ms: Date.now() - t0 });
    });
    child.send({ job: w.job }, (err) => {
      if (err) finish({ ok: false, reason: 'crashed', detail: `could not hand the job over: ${err.message}`, ms: Date.now() - t0 });
    });
  }
}
