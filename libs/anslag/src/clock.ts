import { readFileSync } from 'node:fs';

/** Where "now" comes from: inject it, never call `new Date()` in rules that depend on the date. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * The clock of the api and worker processes. Only when NODE_ENV=test and JUSTERA_TEST_CLOCK_FILE is
 * set, the file moves it: it holds either an ISO instant (now is that instant, frozen) or a whole
 * number of milliseconds added to the real time. A missing or empty file means the real time. The
 * file is read on every call, so a test can move the clock of running processes without restarting
 * them. In any other environment the variable is ignored.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  const file = env.JUSTERA_TEST_CLOCK_FILE;
  if (env.NODE_ENV !== 'test' || !file) return systemClock;
  return {
    now: () => {
      let content = '';
      try {
        content = readFileSync(file, 'utf8').trim();
      } catch {
        return new Date();
      }
      if (!content) return new Date();
      if (/^[+-]?\d+$/.test(content)) return new Date(Date.now() + Number(content));
      const d = new Date(content);
      return Number.isNaN(d.getTime()) ? new Date() : d;
    },
  };
}
