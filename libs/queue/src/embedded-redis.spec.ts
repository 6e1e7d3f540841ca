import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { embeddedRedisSocket, startEmbeddedRedis } from './embedded-redis';
import { reconnectDelay, redisOptions } from './redis';

jest.setTimeout(30_000);

describe(startEmbeddedRedis.name, () => {
  it('puts the socket in the data directory, or for a deep one in the temp dir under a name of its own', () => {
    expect(embeddedRedisSocket('/srv/a/data')).toBe('/srv/a/data/redis/redis.sock');
    const deep = `/srv/${'x'.repeat(120)}/data`;
    expect(embeddedRedisSocket(deep)).toMatch(/justera-redis-[0-9a-f]{16}\.sock$/);
    expect(embeddedRedisSocket(`${deep}2`)).not.toBe(embeddedRedisSocket(deep));
  });

  it('connects through the socket with the same reconnect policy as a TCP Redis', () => {
    expect(redisOptions('unix:///srv/a/data/redis/redis.sock')).toMatchObject({ path: '/srv/a/data/redis/redis.sock', retryStrategy: reconnectDelay });
    expect(redisOptions('redis://127.0.0.1:6379')).toMatchObject({ retryStrategy: reconnectDelay });
  });

  it('gives two data directories two Redis servers that cannot see each other, and reuses its own', async () => {
    const [a, b] = [mkdtempSync(join(tmpdir(), 'justera-er-a-')), mkdtempSync(join(tmpdir(), 'justera-er-b-'))];
    const ra = await startEmbeddedRedis(a);
    const rb = await startEmbeddedRedis(b);
    const again = await startEmbeddedRedis(a);
    const ca = new Redis(redisOptions(ra.url));
    const cb = new Redis(redisOptions(rb.url));
    try {
      expect(ra.url).toBe(`unix://${join(a, 'redis', 'redis.sock')}`);
      expect(ra.owned && rb.owned).toBe(true);
      expect(again).toMatchObject({ owned: false, url: ra.url });
      expect(statSync(ra.socket).mode & 0o777).toBe(0o700);
      await ca.set('job', 'a');
      expect(await cb.get('job')).toBeNull();
      // No TCP port: the only way in is the socket in the data directory.
      expect(await ca.config('GET', 'port')).toEqual(['port', '0']);
    } finally {
      ca.disconnect();
      cb.disconnect();
      await ra.stop();
      await rb.stop();
    }
  });
});
