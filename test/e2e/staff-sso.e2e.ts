import Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { AdminAuditEventEntity, UserEntity } from '@justera/persistence';
import { LOGIN_PER_IP, throttleKey } from '@justera/auth';
import { request } from '../support/http';
import { TestOidcProvider, type OidcTestUser } from '../support/oidc-provider';
import { freePort } from '../support/processes';
import { System, startApi } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

/**
 * Staff single sign-on (docs/identity.md) through the compiled api and a real OpenID provider
 * (panva's oidc-provider in its own process): log in at the provider's form, get a session, reach a
 * staff page; the refusals (unknown address, unverified address, deactivated user), the faults
 * (state, replay, provider down, throttle), password login turned off per organisation, and logout
 * at the provider.
 */
jest.setTimeout(90_000);

const person = (sub: string, name: string, email: string, email_verified = true): OidcTestUser => {
  const [given_name, family_name] = name.split(' ');
  return { sub, password: 'pw', name, given_name, family_name, email, email_verified };
};

describe('staff single sign-on against a real provider', () => {
  let ds: DataSource;
  let t: Tenant;
  let off: Tenant;
  let sys: System;
  let idp: TestOidcProvider;
  let base: string;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds);
    off = await createTenant(ds, 'Lösenordsfri kommun');
    await ds.getRepository(UserEntity).update({ id: t.revisor.id }, { disabled: true });
    const port = await freePort();
    idp = new TestOidcProvider([], {}, []); // replaced below, once the api's URL is known
    sys = await startApi({
      JUSTERA_SSO_ISSUER: `http://127.0.0.1:${port}`,
      JUSTERA_SSO_CLIENT_ID: idp.clientId,
      JUSTERA_SSO_CLIENT_SECRET: idp.clientSecret,
      JUSTERA_SSO_TIMEOUT_MS: '10000', // generous on a loaded CI machine; a stopped provider refuses at once
    });
    base = sys.base;
    idp = await new TestOidcProvider(
      [`${base}/login/sso/tillbaka`],
      {
        // The directory's spelling of the address differs in case: matched all the same.
        sara: person('sub-sara', 'Sara Sekreterare', t.sekA.email.toUpperCase()),
        okand: person('sub-okand', 'Olle Okand', 'okand@test.example'),
        overifierad: person('sub-overifierad', 'Ulla Overifierad', t.admin.email, false),
        avstangd: person('sub-avstangd', 'Rut Revisor', t.revisor.email),
        adminoff: person('sub-adminoff', 'Ada Admin', off.admin.email),
      },
      [`${base}/login`],
    ).start(port);
  });

  afterAll(async () => {
    await idp?.stop();
    await sys?.stop();
    await ds?.destroy();
  });

  /** Starts at the api, logs in at the provider's form over HTTP; the callback URL and the api's pending cookie. */
  async function throughProvider(username: string): Promise<{ callback: URL; pending: string }> {
    const start = await fetch(`${base}/login/sso?next=/`, { redirect: 'manual' });
    expect(start.status).toBe(303);
    const location = start.headers.get('location')!;
    expect(location.startsWith(`${idp.issuer}/`)).toBe(true);
    const auth = new URL(location);
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('state')).toBeTruthy();
    expect(auth.searchParams.get('nonce')).toBeTruthy();
    expect(auth.searchParams.get('scope')).toBe('openid profile email');
    const pending = (start.headers.get('set-cookie') ?? '').split(';')[0];
    expect(pending).toMatch(/^justera_sso=/);
    return { callback: await idp.login(location, username), pending };
  }

  const back = (callback: URL | string, pending: string) =>
    fetch(new URL(`${new URL(callback).pathname}${new URL(callback).search}`, base), { redirect: 'manual', headers: { cookie: pending } });

  const sessionOf = (r: Response) => (r.headers.getSetCookie().find((c) => /^justera_session|^__Host-/.test(c)) ?? '').split(';')[0];

  it('offers the button on the login page', async () => {
    const page = await request(base, 'GET', '/login');
    expect(page.text).toContain('Logga in med organisationens inloggning');
    expect(page.text).toContain('action="/login/sso"');
  });

  it('logs a secretary in through the provider, once', async () => {
    const { callback, pending } = await throughProvider('sara');
    const r = await back(callback, pending);
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/');
    const cookie = sessionOf(r);
    expect(cookie).toBeTruthy();
    const me = await request<{ role: string; userId: string }>(base, 'GET', '/api/me', { cookie });
    expect(me.body).toMatchObject({ role: 'sekreterare', userId: t.sekA.id });
    const home = await fetch(`${base}/`, { headers: { cookie } });
    expect(home.status).toBe(200);

    // The same callback again (a replayed code): refused, no session.
    const again = await back(callback, pending);
    expect(again.status).toBe(400);
    expect(sessionOf(again)).toBe('');
    const html = await again.text();
    expect(html).toContain('Inloggningen misslyckades');
    expect(html).toContain('Börja om från inloggningssidan');
    expect(html).toContain('href="/login"');
  });

  it('refuses a wrong or missing state', async () => {
    const wrong = await throughProvider('sara');
    wrong.callback.searchParams.set('state', 'forged-state');
    const r1 = await back(wrong.callback, wrong.pending);
    expect(r1.status).toBe(400);
    expect(sessionOf(r1)).toBe('');

    const missing = await throughProvider('sara');
    missing.callback.searchParams.delete('state');
    const r2 = await back(missing.callback, missing.pending);
    expect(r2.status).toBe(400);
    expect(sessionOf(r2)).toBe('');

    // Someone else's callback without this browser's pending cookie (login CSRF): refused.
    const other = await throughProvider('sara');
    const r3 = await back(other.callback, '');
    expect(r3.status).toBe(400);
    expect(sessionOf(r3)).toBe('');
  });

  it('refuses an address without an account, an unverified address and a deactivated user', async () => {
    for (const [username, text] of [
      ['okand', 'Ditt konto finns inte i Justera'],
      ['overifierad', 'har inte bekräftat din e-postadress'],
      ['avstangd', 'Ditt konto i Justera är avstängt'],
    ]) {
      const { callback, pending } = await throughProvider(username);
      const r = await back(callback, pending);
      expect(r.status).toBe(403);
      expect(sessionOf(r)).toBe('');
      expect(await r.text()).toContain(text);
    }
    expect(sys.api.log()).toContain('staff sso refused from');
  });

  it('turns password login off for one organisation: its password POST is refused, SSO still works', async () => {
    // Only an admin may.
    expect(
      (await request(base, 'PUT', '/api/organisation/login', { apiKey: off.sekA.apiKey, json: { passwordLogin: false } })).status,
    ).toBe(403);
    // Not before an active admin of the organisation has logged in with SSO: nobody might get in again.
    const early = await request<{ error: { message: string } }>(base, 'PUT', '/api/organisation/login', {
      apiKey: off.admin.apiKey,
      json: { passwordLogin: false },
    });
    expect(early.status).toBe(409);
    expect(JSON.stringify(early.body)).toContain('minst en aktiv administratör');
    const first = await throughProvider('adminoff');
    expect((await back(first.callback, first.pending)).status).toBe(303);
    const set = await request(base, 'PUT', '/api/organisation/login', { apiKey: off.admin.apiKey, json: { passwordLogin: false } });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ passwordLogin: false, singleSignOn: true });
    expect((await request(base, 'GET', '/api/organisation/login', { apiKey: off.admin.apiKey })).body).toEqual({
      passwordLogin: false,
      singleSignOn: true,
    });

    const post = (who: { email: string; password: string }) =>
      fetch(`${base}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email: who.email, password: who.password, next: '/' }),
      });
    const refused = await post(off.sekA);
    expect(refused.status).toBe(403);
    expect(sessionOf(refused)).toBe('');
    expect(await refused.text()).toContain('Inloggning med lösenord är avstängd för din organisation');
    // A wrong password still only says it is wrong (nothing about the organisation).
    const wrong = await post({ email: off.sekA.email, password: 'fel-lösenord-123' });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('avstängd');
    // The other organisation is untouched.
    expect((await post(t.admin)).status).toBe(303);

    const { callback, pending } = await throughProvider('adminoff');
    const r = await back(callback, pending);
    expect(r.status).toBe(303);
    expect(sessionOf(r)).toBeTruthy();

    expect(
      (await request(base, 'PUT', '/api/organisation/login', { apiKey: off.admin.apiKey, json: { passwordLogin: 'no' } })).status,
    ).toBe(400);

    // Every login and refusal of a known account, and the change, are in the organisation's admin audit trail.
    const trail = async (organisationId: string) =>
      (await ds.getRepository(AdminAuditEventEntity).find({ where: { organisationId }, order: { at: 'ASC' } })).map((e) => ({
        action: e.action,
        actor: e.actor,
        targetId: e.targetId,
        detail: JSON.parse(e.detail) as Record<string, unknown>,
      }));
    const offTrail = await trail(off.organisationId);
    expect(offTrail).toEqual(
      expect.arrayContaining([
        {
          action: 'login.sso',
          actor: `user:${off.admin.id}`,
          targetId: off.admin.id,
          detail: expect.objectContaining({ method: 'sso', sub: 'sub-adminoff' }),
        },
        {
          action: 'organisation.login-updated',
          actor: expect.stringMatching(/^apikey:/),
          targetId: off.organisationId,
          detail: { passwordLogin: false },
        },
        { action: 'login.refused', actor: 'login', targetId: off.sekA.id, detail: { method: 'password', reason: 'password_login_off' } },
        { action: 'login.refused', actor: 'login', targetId: off.sekA.id, detail: { method: 'password', reason: 'wrong_password' } },
      ]),
    );
    expect(JSON.stringify(offTrail)).not.toMatch(/fel-lösenord|token/i);
    const tTrail = await trail(t.organisationId);
    expect(tTrail).toEqual(
      expect.arrayContaining([
        { action: 'login.password', actor: `user:${t.admin.id}`, targetId: t.admin.id, detail: { method: 'password' } },
        { action: 'login.sso', actor: `user:${t.sekA.id}`, targetId: t.sekA.id, detail: expect.objectContaining({ method: 'sso' }) },
        {
          action: 'login.refused',
          actor: 'login',
          targetId: t.revisor.id,
          detail: expect.objectContaining({ method: 'sso', reason: 'disabled' }),
        },
        {
          action: 'login.refused',
          actor: 'login',
          targetId: t.admin.id,
          detail: expect.objectContaining({ method: 'sso', reason: 'email_not_verified' }),
        },
      ]),
    );
  });

  it('the admin page turns password login on and off, audited, and lists the logins', async () => {
    const { callback, pending } = await throughProvider('adminoff');
    const cookie = sessionOf(await back(callback, pending));
    const csrf = (await request<{ csrfToken: string }>(base, 'GET', '/api/me', { cookie })).body.csrfToken;
    const page = await fetch(`${base}/admin/inloggning`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Inloggning med lösenord är avstängd');
    expect(html).toMatch(/value="off"[^>]*checked/);
    expect(html).toContain('Loggade in med organisationens inloggning');
    expect(html).toContain('Nekad inloggning med lösenord: inloggning med lösenord är avstängd');
    const post = (value: string, token = csrf) =>
      fetch(`${base}/admin/inloggning`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: token, passwordLogin: value }),
      });
    expect((await post('on', 'wrong-csrf')).status).toBe(403);
    expect((await post('maybe')).status).toBe(400);
    const on = await post('on');
    expect(on.status).toBe(303);
    expect(on.headers.get('location')).toBe('/admin/inloggning?klart=losenord-pa');
    expect((await request(base, 'GET', '/api/organisation/login', { apiKey: off.admin.apiKey })).body).toMatchObject({
      passwordLogin: true,
    });
    const off2 = await post('off');
    expect(off2.status).toBe(303);
    expect((await request(base, 'GET', '/api/organisation/login', { apiKey: off.admin.apiKey })).body).toMatchObject({
      passwordLogin: false,
    });
    const changes = await ds
      .getRepository(AdminAuditEventEntity)
      .find({ where: { organisationId: off.organisationId, action: 'organisation.login-updated' }, order: { at: 'ASC' } });
    expect(changes.map((c) => [c.actor, JSON.parse(c.detail)])).toEqual([
      [expect.stringMatching(/^apikey:/), { passwordLogin: false }],
      [`user:${off.admin.id}`, { passwordLogin: true }],
      [`user:${off.admin.id}`, { passwordLogin: false }],
    ]);
    // The admin home lists the change, not the logins.
    const home = await (await fetch(`${base}/admin`, { headers: { cookie } })).text();
    expect(home).toContain('ändrade inloggningen med lösenord för');
    expect(home).not.toContain('login.');
  });

  it('logs out locally and at the provider', async () => {
    const { callback, pending } = await throughProvider('sara');
    const cookie = sessionOf(await back(callback, pending));
    const csrf = (await request<{ csrfToken: string }>(base, 'GET', '/api/me', { cookie })).body.csrfToken;
    const out = await fetch(`${base}/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }),
    });
    expect(out.status).toBe(303);
    const to = new URL(out.headers.get('location')!);
    expect(to.href.startsWith(`${idp.issuer}/session/end`)).toBe(true);
    expect(to.searchParams.get('client_id')).toBe(idp.clientId);
    expect(to.searchParams.get('post_logout_redirect_uri')).toBe(`${base}/login`);
    expect((await request(base, 'GET', '/api/me', { cookie })).status).toBe(401);
    // The provider accepts it (its logout confirmation page, not an error).
    const at = await fetch(to, { redirect: 'manual' });
    expect(at.status).toBe(200);
    expect(await at.text()).toMatch(/action="[^"]*\/session\/end\/confirm"/);

    // A password session logs out to the login page only.
    const pw = await fetch(`${base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: t.sekA.email, password: t.sekA.password, next: '/' }),
    });
    const pwCookie = sessionOf(pw);
    const pwCsrf = (await request<{ csrfToken: string }>(base, 'GET', '/api/me', { cookie: pwCookie })).body.csrfToken;
    const pwOut = await fetch(`${base}/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: pwCookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: pwCsrf }),
    });
    expect(pwOut.headers.get('location')).toBe('/login');
  });

  it('is throttled like password login', async () => {
    const { callback, pending } = await throughProvider('sara');
    const redis = new Redis(process.env.TEST_REDIS_URL!);
    try {
      const now = (await redis.time()).map(Number);
      const ms = now[0] * 1000 + Math.floor(now[1] / 1000);
      const key = `${sys.env.REDIS_PREFIX}:${throttleKey('login:ip', { ip: '127.0.0.1' })}`;
      await redis.set(key, JSON.stringify({ failures: Array.from({ length: LOGIN_PER_IP.limit }, () => ms) }), 'PX', 60_000);
      const r = await back(callback, pending);
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBeTruthy();
      expect(sessionOf(r)).toBe('');
      expect(await r.text()).toContain('För många misslyckade inloggningar');
      await redis.del(key);
    } finally {
      redis.disconnect();
    }
  });

  it('says so when the provider is down, and recovers', async () => {
    const { callback, pending } = await throughProvider('sara');
    await idp.stop();
    try {
      const r = await back(callback, pending);
      expect(r.status).toBe(503);
      expect(sessionOf(r)).toBe('');
      expect(await r.text()).toContain('Organisationens inloggning svarar inte just nu');
      // Discovery was cached before the stop: the start discovers again and says so, at once.
      const t0 = Date.now();
      const start = await fetch(`${base}/login/sso`, { redirect: 'manual' });
      expect(start.status).toBe(503);
      expect(start.headers.get('location')).toBeNull();
      expect(await start.text()).toContain('Organisationens inloggning svarar inte just nu');
      expect(Date.now() - t0).toBeLessThan(1500);
    } finally {
      await idp.start(idp.port);
    }
    const again = await throughProvider('sara');
    expect((await back(again.callback, again.pending)).status).toBe(303);
  });
});
