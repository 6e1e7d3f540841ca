import { TestOidcProvider, type OidcTestUser } from '../support/oidc-provider';
import { freePort, TestRedis } from '../support/processes';
import { System, startApi } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';
import type { DataSource } from 'typeorm';

/**
 * Staff single sign-on while Justera's own Redis (where a started login waits for its callback) is
 * away: the start does not blame the provider, the callback answers a Swedish page rather than a
 * plain 500, no session is made, and it works again when Redis is back (docs/identity.md, "Faults").
 */
jest.setTimeout(90_000);

describe('staff single sign-on with Redis down', () => {
  let ds: DataSource;
  let t: Tenant;
  let redis: TestRedis;
  let sys: System;
  let idp: TestOidcProvider;
  let base: string;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds);
    redis = new TestRedis(await freePort());
    await redis.start();
    const port = await freePort();
    idp = new TestOidcProvider([]);
    sys = await startApi({
      REDIS_URL: redis.url,
      JUSTERA_SSO_ISSUER: `http://127.0.0.1:${port}`,
      JUSTERA_SSO_CLIENT_ID: idp.clientId,
      JUSTERA_SSO_CLIENT_SECRET: idp.clientSecret,
      JUSTERA_SSO_TIMEOUT_MS: '2000',
    });
    base = sys.base;
    const sara: OidcTestUser = {
      sub: 'sub-sara',
      password: 'pw',
      name: 'Sara Sekreterare',
      given_name: 'Sara',
      family_name: 'Sekreterare',
      email: t.sekA.email,
      email_verified: true,
    };
    idp = await new TestOidcProvider([`${base}/login/sso/tillbaka`], { sara }, [`${base}/login`]).start(port);
  });

  afterAll(async () => {
    await idp?.stop();
    await sys?.stop();
    await redis?.stop();
    await ds?.destroy();
  });

  const started = async () => {
    const start = await fetch(`${base}/login/sso?next=/`, { redirect: 'manual' });
    expect(start.status).toBe(303);
    return { location: start.headers.get('location')!, pending: (start.headers.get('set-cookie') ?? '').split(';')[0] };
  };
  const back = (callback: URL, pending: string) =>
    fetch(new URL(`${callback.pathname}${callback.search}`, base), { redirect: 'manual', headers: { cookie: pending } });

  it('says it is a fault in Justera, not the provider, and recovers', async () => {
    // Logged in at the provider before Redis went away; the callback comes while it is away.
    const a = await started();
    const callback = await idp.login(a.location, 'sara');
    await redis.stop();
    try {
      const r = await back(callback, a.pending);
      expect(r.status).toBe(503);
      expect(r.headers.getSetCookie().some((c) => /^justera_session|^__Host-/.test(c))).toBe(false);
      const html = await r.text();
      expect(html).toContain('Inloggningen misslyckades');
      expect(html).toContain('tekniskt fel i Justera');
      expect(html).not.toContain('svarar inte');

      const start = await fetch(`${base}/login/sso?next=/`, { redirect: 'manual' });
      expect(start.status).toBe(503);
      expect(start.headers.get('location')).toBeNull();
      const text = await start.text();
      expect(text).toContain('tekniskt fel i Justera');
      expect(text).not.toContain('Organisationens inloggning svarar inte');
    } finally {
      await redis.start();
    }
    // Back: the whole round trip works again (the api's Redis client reconnects by itself).
    let ok: Response | undefined;
    for (let i = 0; i < 40 && ok?.status !== 303; i++) {
      if (i) await new Promise((res) => setTimeout(res, 250));
      const b = await fetch(`${base}/login/sso?next=/`, { redirect: 'manual' });
      if (b.status !== 303) continue;
      const cb = await idp.login(b.headers.get('location')!, 'sara');
      ok = await back(cb, (b.headers.get('set-cookie') ?? '').split(';')[0]);
    }
    expect(ok?.status).toBe(303);
  });
});
