import type { ThrottlerStorage } from '@nestjs/throttler';
import { FailOpenThrottlerStorage } from './throttling';

/** A shared store that is away (the port FailOpenThrottlerStorage wraps; Redis itself is tested in e2e). */
const away: ThrottlerStorage = {
  increment: () => Promise.reject(new Error("Stream isn't writeable and enableOfflineQueue options is false")),
};

describe(FailOpenThrottlerStorage.name, () => {
  it('counts in memory while the shared store is away, and says so once', async () => {
    const warnings: string[] = [];
    const storage = new FailOpenThrottlerStorage(away, (m) => warnings.push(m));
    const a = await storage.increment('k', 60_000, 2, 0, 'default');
    const b = await storage.increment('k', 60_000, 2, 0, 'default');
    const c = await storage.increment('k', 60_000, 2, 0, 'default');
    expect([a.totalHits, b.totalHits, c.totalHits]).toEqual([1, 2, 3]);
    expect(c.isBlocked).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^rate limits counted per process: Redis unavailable/);
  });

  it('is silent while the connection is still being made at start-up, and warns after', async () => {
    const warnings: string[] = [];
    let starting = true;
    const storage = new FailOpenThrottlerStorage(away, (m) => warnings.push(m), () => starting);
    await storage.increment('k', 60_000, 10, 0, 'default');
    expect(warnings).toEqual([]);
    starting = false;
    await storage.increment('k', 60_000, 10, 0, 'default');
    expect(warnings).toHaveLength(1);
  });
});
