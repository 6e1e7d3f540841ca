/**
 * Times a whole process: wall-clock time, and CPU time (user + system) through GNU time when
 * /usr/bin/time exists. On a shared machine the wall time of a process grows with the load average;
 * its CPU time much less, so the benchmarks report both.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const GNU_TIME = '/usr/bin/time';

export interface ProcessTime {
  wallMs: number;
  /** User + system CPU time; undefined without GNU time. */
  cpuMs: number | undefined;
  stdout: string;
}

/** Runs `file args` to its end; a non-zero exit code is fine (pdfsig and `cli validate` use them), a crash is not. */
export async function timeProcess(
  file: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ProcessTime> {
  const gnu = existsSync(GNU_TIME);
  const dir = gnu ? mkdtempSync(join(tmpdir(), 'bench-time-')) : '';
  const out = join(dir, 'time');
  const [cmd, argv] = gnu ? [GNU_TIME, ['-f', '%U %S', '-o', out, file, ...args]] : [file, args];
  const t = process.hrtime.bigint();
  let stdout: string;
  try {
    stdout = (await run(cmd, argv, { maxBuffer: 1 << 24, ...opts })).stdout;
  } catch (e) {
    const err = e as { stdout?: string; code?: unknown };
    if (typeof err.code !== 'number' || err.stdout === undefined) throw e;
    stdout = err.stdout;
  }
  const wallMs = Number(process.hrtime.bigint() - t) / 1e6;
  let cpuMs: number | undefined;
  if (gnu) {
    // GNU time writes "Command exited with non-zero status N" before the format line when the exit code is not 0.
    const last = readFileSync(out, 'utf8').trim().split('\n').pop() ?? '';
    const [u, s] = last.split(' ').map(Number);
    if (Number.isFinite(u) && Number.isFinite(s)) cpuMs = (u! + s!) * 1000;
    rmSync(dir, { recursive: true, force: true });
  }
  return { wallMs, cpuMs, stdout };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
