/**
 * The small version of `npm run load -- --faults` (issue 13), so the suite guards exactly once:
 * 10 concurrent justeringar on 2 api + 2 worker processes, every signer following the link in their
 * mail, while one worker is killed with kill -9 (and replaced), Redis and PostgreSQL are restarted and
 * the SMTP server refuses connections for 10 s. Then: every protocol justerat once with one valid
 * signature per signatory (pdfsig), one notice and one posting per protocol, one mail per signatory and
 * purpose with unique Message-IDs, every mail row sent, no failed BullMQ job, no log flood.
 * The driver is scripts/load/driver.ts, the same as the benchmark's; no timing is asserted.
 */
import type { DataSource } from 'typeorm';
import { runLoad } from '../../scripts/load/driver';
import { restartTestPostgres } from '../support/postgres';
import { TestRedis, freePort } from '../support/processes';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(420_000);

describe('load with faults (N = 10)', () => {
  let ds: DataSource;
  let redis: TestRedis;
  let t: Tenant;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Lastfelkommun');
    // A Redis of its own (appendonly): the test restarts it.
    redis = new TestRedis(await freePort());
    await redis.start();
  });

  afterAll(async () => {
    await redis?.stop();
    await ds?.destroy().catch(() => undefined);
  });

  it('every justering finishes exactly once through kill -9, Redis and PostgreSQL restarts and an SMTP outage', async () => {
    const report = await runLoad(
      {
        databaseUrl: process.env.TEST_DATABASE_URL!,
        redisUrl: redis.url,
        ownDatabase: false,
        async restartRedis() {
          await redis.stop();
          await new Promise((r) => setTimeout(r, 2000));
          await redis.start();
        },
        async restartPostgres() {
          restartTestPostgres();
        },
      },
      { organisationId: t.organisationId, slug: t.slug, organId: t.organA, apiKey: t.admin.apiKey },
      { n: 10, faults: true, smtpOutageS: 10, httpSeconds: 0, stepTimeoutMs: 180_000, logLimitBytes: 2_000_000, log: () => undefined },
    );
    expect(report.faultLog.map((f) => f.what.split(' ')[0])).toEqual(['kill', 'Redis', 'PostgreSQL', 'SMTP']);
    expect(report.violations).toEqual([]);
    expect(report.completed).toBe(10);
    expect(report.posted).toBe(10);
    // The outage was real: the sink refused connections while the workers had mail to send.
    expect(report.smtpRefused).toBeGreaterThan(0);
  });
});
