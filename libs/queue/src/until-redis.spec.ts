import { MaxRetriesPerRequestError } from 'ioredis/built/errors';
import { untilRedisAnswers } from './until-redis';

/** ioredis's own error for a command given up during an outage (its typings do not extend Error). */
const givenUp = (): Error => new MaxRetriesPerRequestError(1) as unknown as Error;

describe(untilRedisAnswers.name, () => {
  it('tries again while Redis is unreachable and resolves to the first success', async () => {
    const failures: Error[] = [givenUp(), new Error("Stream isn't writeable and enableOfflineQueue options is false")];
    const waited: string[] = [];
    let calls = 0;
    const result = await untilRedisAnswers(
      async () => {
        calls++;
        const f = failures.shift();
        if (f) throw f;
        return 'scheduled';
      },
      { delayMs: 1, cancelled: () => false, onWait: (e) => waited.push(e.name) },
    );
    expect(result).toBe('scheduled');
    expect(calls).toBe(3);
    expect(waited).toEqual(['MaxRetriesPerRequestError', 'Error']);
  });

  it('rejects at once with an error that is not an outage', async () => {
    let calls = 0;
    const run = untilRedisAnswers(
      async () => {
        calls++;
        throw new TypeError('a bug');
      },
      { delayMs: 1, cancelled: () => false },
    );
    await expect(run).rejects.toThrow('a bug');
    expect(calls).toBe(1);
  });

  it('stops trying when cancelled (the process is closing) and resolves to undefined', async () => {
    let calls = 0;
    const result = await untilRedisAnswers(
      async () => {
        calls++;
        throw givenUp();
      },
      { delayMs: 1, cancelled: () => calls >= 2 },
    );
    expect(result).toBeUndefined();
    expect(calls).toBe(2);
  });
});
