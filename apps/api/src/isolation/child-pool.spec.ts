import { join } from 'node:path';
import { ChildPool, PoolFullError } from './child-pool';

jest.setTimeout(30_000);

const pool = (over: Partial<ConstructorParameters<typeof ChildPool>[0]> = {}) =>
  new ChildPool({ script: join(__dirname, 'child-pool.test-child.js'), size: 2, queue: 2, heapMb: 64, rssMb: 256, timeoutMs: 5_000, ...over });

describe(ChildPool.name, () => {
  let p: ChildPool;
  afterEach(() => p?.close());

  it('answers a job from a fresh child each time', async () => {
    p = pool();
    const a = await p.run<{ echo: number; pid: number }>({ echo: 1 });
    const b = await p.run<{ echo: number; pid: number }>({ echo: 2 });
    expect(a).toMatchObject({ ok: true, value: { echo: 1 } });
    expect(b).toMatchObject({ ok: true, value: { echo: 2 } });
    expect(a.ok && b.ok && a.value.pid !== b.value.pid).toBe(true);
  });

  it("reports V8's fatal heap exhaustion as 'memory' and keeps serving", async () => {
    p = pool();
    const out = await p.run('heap');
    expect(out).toMatchObject({ ok: false, reason: 'memory' });
    expect(await p.run({ echo: 3 })).toMatchObject({ ok: true, value: { echo: 3 } });
  });

  it("kills a child whose memory outside the V8 heap passes the cap ('memory')", async () => {
    p = pool({ rssMb: 200, heapMb: 1024 });
    const out = await p.run('buffers');
    expect(out).toMatchObject({ ok: false, reason: 'memory' });
    expect(!out.ok && out.detail).toMatch(/resident memory \d+ MB over 200 MB/);
  });

  it("kills an endless job at its deadline ('timeout') and reports a crash as 'crashed'", async () => {
    p = pool({ timeoutMs: 1_000 });
    const t0 = Date.now();
    expect(await p.run('hang')).toMatchObject({ ok: false, reason: 'timeout' });
    expect(Date.now() - t0).toBeLessThan(4_000);
    expect(await p.run('exit')).toMatchObject({ ok: false, reason: 'crashed' });
  });

  it('runs `size` jobs at once, queues `queue` more and refuses the rest with a Retry-After', async () => {
    p = pool({ size: 1, queue: 1, timeoutMs: 8_000 });
    const first = p.run('slow');
    const second = p.run('slow');
    const third = p.run('slow').catch((e: unknown) => e);
    expect(p.load).toEqual({ running: 1, waiting: 1 });
    const refused = await third;
    expect(refused).toBeInstanceOf(PoolFullError);
    expect((refused as PoolFullError).retryAfterSeconds).toBeGreaterThan(0);
    expect(await first).toMatchObject({ ok: true, value: 'slow' });
    expect(await second).toMatchObject({ ok: true, value: 'slow' });
    expect(p.stats).toMatchObject({ ok: 2, refused: 1 });
  });
});
