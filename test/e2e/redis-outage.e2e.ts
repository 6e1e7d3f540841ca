/**
 * Redis goes away: /health says 503 naming redis, work committed meanwhile waits in the outbox, and when
 * Redis is back the same processes recover (no restart) and the job runs exactly once. A worker started
 * while Redis is away waits for it instead of dying.
 */
import type { DataSource } from 'typeorm';
import { TestRedis, freePort, waitFor } from '../support/processes';
import { request } from '../support/http';
import { System, startSystem } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(120_000);

describe('Redis outage', () => {
  let ds: DataSource;
  let redis: TestRedis;
  let sys: System;
  let base: string;
  let t: Tenant;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds);
    redis = new TestRedis(await freePort());
    await redis.start();
    // The throwaway Redis, which the test stops and starts again, instead of the suite's.
    // LOG_LEVEL info: the worker's "periodic jobs registered" is how the test knows it is up.
    sys = await startSystem({ REDIS_URL: redis.url, LOG_LEVEL: 'info' });
    base = sys.base;
    // The outage is to hit a worker that has started, not one still registering its periodic jobs.
    await workerRegistered();
  });

  const workerRegistered = () =>
    waitFor('the worker registered its periodic jobs', async () => sys.worker.log().includes('periodic jobs registered'), 60_000).catch(
      (e) => {
        throw new Error(`${String(e)}\nworker:\n${sys.worker.log().slice(-4000)}`);
      },
    );

  const testMail = async (to: string) => {
    const r = await request<{ deliveryId: string }>(base, 'POST', '/api/admin/test-mail', { apiKey: t.admin.apiKey, json: { to } });
    expect(r.status).toBe(202);
  };

  afterAll(async () => {
    await sys?.stop();
    await redis?.stop();
    await ds?.destroy();
  });

  it('turns /health to 503, keeps committed work, and recovers without a restart', async () => {
    await redis.stop();
    const down = await waitFor(
      '503',
      async () => {
        const r = await request<{ failed: string[] }>(base, 'GET', '/health');
        return r.status === 503 ? r : undefined;
      },
      30_000,
    );
    expect(down.body.failed).toEqual(['redis']);

    // Work committed while Redis is away is accepted: it waits in the outbox table.
    await testMail('under-avbrott@test.example');
    await new Promise((res) => setTimeout(res, 1500));
    expect(sys.smtp.to('under-avbrott@test.example')).toHaveLength(0);

    await redis.start();
    await waitFor('health back to 200', async () => (await request(base, 'GET', '/health')).status === 200, 60_000);
    await waitFor('the mail sent after recovery', async () => sys.smtp.to('under-avbrott@test.example').length === 1, 60_000).catch((e) => {
      throw new Error(`${String(e)}\nworker:\n${sys.worker.log().slice(-4000)}`);
    });
    // Exactly once, even after the relay and the worker came back.
    await new Promise((res) => setTimeout(res, 1500));
    expect(sys.smtp.to('under-avbrott@test.example')).toHaveLength(1);
    expect(sys.api.running && sys.worker.running).toBe(true);
  });

  it('Ctrl-C with Redis already gone still stops the worker on its own (the quick start hung on it)', async () => {
    await redis.stop();
    await waitFor('503', async () => (await request(base, 'GET', '/health')).status === 503, 30_000);
    // SIGKILL only after 60 s: the worker must close by itself — not by its 20 s shutdown bound, which
    // exits 1 and logs "did not stop within" — and exit 0.
    await sys.worker.stop('SIGINT', 60_000);
    expect(sys.worker.log()).not.toContain('did not stop within');
    expect(sys.worker.log()).toContain('closing without waiting for it');
    expect(sys.worker.exitCode).toBe(0);
    await redis.start();
  });

  it('a worker started while Redis is away keeps running and does its work once Redis answers', async () => {
    await redis.stop();
    await waitFor('503', async () => (await request(base, 'GET', '/health')).status === 503, 30_000);
    // The CI machine once started the worker into an outage and it died registering its periodic jobs.
    const worker = await sys.restartWorker();
    await waitFor('the worker waiting for Redis', async () => worker.log().includes('periodic jobs not registered yet'), 60_000).catch(
      (e) => {
        throw new Error(
          `${String(e)}\nworker (${worker.running ? 'running' : `exited ${worker.exitCode}`}):\n${worker.log().slice(-4000)}`,
        );
      },
    );
    await new Promise((res) => setTimeout(res, 2500));
    expect(worker.running).toBe(true);
    await testMail('start-under-avbrott@test.example');

    await redis.start();
    await workerRegistered();
    await waitFor('the mail sent once Redis answered', async () => sys.smtp.to('start-under-avbrott@test.example').length === 1, 60_000);
    expect(worker.running).toBe(true);
  });
});
