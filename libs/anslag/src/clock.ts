import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where "now" comes from: inject it, never call `new Date()` in rules that depend on the date.
 * `scope` is the organisation the question is about (only a test clock uses it).
 */
export interface Clock {
  now(scope?: string): Date;
}

export const systemClock: Clock = { now: () => new Date() };

function readClock(file: string): Date | undefined {
  let content = '';
  try {
    content = readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
  if (!content) return undefined;
  if (/^[+-]?\d+$/.test(content)) return new Date(Date.now() + Number(content));
  const d = new Date(content);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/**
 * The clock of the api and worker processes. Only when NODE_ENV=test, a file can move it for one
 * organisation: `<JUSTERA_TEST_CLOCK_DIR or $TMPDIR/justera-test-clock>/<organisationId>` holding
 * either an ISO instant (now is that instant, frozen) or a whole number of milliseconds added to the
 * real time. The clock is per organisation because the test tiers share one database and one Redis:
 * any test's worker may run any test's job, and each test owns its organisation. The file is read
 * on every call, so a test moves the clock of running processes without restarting them. In any
 * other environment nothing is read and the real time is used.
 */
export function clockFromConfig(config: { env: string; testClockDir: string }): Clock {
  if (config.env !== 'test') return systemClock;
  const dir = config.testClockDir;
  return {
    now: (scope?: string) => (scope && /^[A-Za-z0-9-]{1,64}$/.test(scope) ? readClock(join(dir, scope)) : undefined) ?? new Date(),
  };
}
