/**
 * The foundation (docs/architecture.md): the api and the worker as two separate processes against real PostgreSQL and
 * Redis; work enqueued through the API is finished by the worker (a real SMTP server receives it);
 * access control on every route; /health.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { ROOT, waitFor } from '../support/processes';
import { request } from '../support/http';
import { System, startSystem } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(90_000);

const fixture = (name: string) => JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'protocols', `${name}.json`), 'utf8')) as unknown;

describe('foundation (api + worker processes, PostgreSQL, Redis, SMTP)', () => {
  let ds: DataSource;
  let sys: System;
  let base: string;
  let t: Tenant;
  let other: Tenant;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds);
    other = await createTenant(ds, 'Annan kommun');
    sys = await startSystem();
    base = sys.base;
  });

  afterAll(async () => {
    await sys?.stop();
    await ds?.destroy();
  });

  it('reports the database and Redis as up', async () => {
    const r = await request<{ status: string; database: { status: string }; redis: { status: string } }>(base, 'GET', '/health');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'up', database: { status: 'up' }, redis: { status: 'up' } });
  });

  it('has a worker that finishes work enqueued through the API, sending real mail', async () => {
    const r = await request<{ deliveryId: string }>(base, 'POST', '/api/admin/test-mail', { apiKey: t.admin.apiKey, json: { to: 'kontroll@test.example' } });
    expect(r.status).toBe(202);
    const mail = await waitFor('the test mail', async () => sys.smtp.to('kontroll@test.example')[0]);
    expect(mail.subject).toBe('Testmeddelande från Justera');
    expect(mail.text).toContain('testmeddelande');
    const d = await waitFor('delivery marked sent', async () => {
      const s = await request<{ status: string; messageId: string }>(base, 'GET', `/api/admin/mail-deliveries/${r.body.deliveryId}`, { apiKey: t.admin.apiKey });
      return s.body.status === 'sent' ? s.body : undefined;
    });
    expect(d.messageId).toBe(mail.messageId);
    expect(sys.smtp.to('kontroll@test.example')).toHaveLength(1);
  });

  it('closes every non-public route to the unauthenticated (401)', async () => {
    for (const [method, path] of [
      ['GET', '/api/protocols'],
      ['POST', '/api/protocols'],
      ['GET', '/api/organs'],
      ['GET', '/api/users'],
      ['POST', '/api/admin/test-mail'],
      ['GET', '/api/me'],
    ]) {
      const r = await request(base, method, path, { json: method === 'POST' ? {} : undefined });
      expect({ method, path, status: r.status }).toEqual({ method, path, status: 401 });
    }
    expect((await request(base, 'GET', '/api/protocols', { apiKey: 'jst_0000000000000000_' + '0'.repeat(64) })).status).toBe(401);
  });

  it('keeps a sekreterare to its own organs (403) and other organisations out (404)', async () => {
    const inB = await request<{ id: string }>(base, 'POST', '/api/protocols', { apiKey: t.admin.apiKey, json: { organId: t.organB, protocol: fixture('halsingeradet-protokoll-627-638') } });
    expect(inB.status).toBe(201);
    const inA = await request<{ id: string }>(base, 'POST', '/api/protocols', { apiKey: t.sekA.apiKey, json: { organId: t.organA, protocol: fixture('halsingeradet-protokoll-627-638') } });
    expect(inA.status).toBe(201);

    expect((await request(base, 'GET', `/api/protocols/${inA.body.id}`, { apiKey: t.sekA.apiKey })).status).toBe(200);
    expect((await request(base, 'GET', `/api/protocols/${inB.body.id}`, { apiKey: t.sekA.apiKey })).status).toBe(403);
    expect((await request(base, 'POST', '/api/protocols', { apiKey: t.sekA.apiKey, json: { organId: t.organB, protocol: fixture('halsingeradet-protokoll-627-638') } })).status).toBe(403);
    const list = await request<{ items: { id: string }[] }>(base, 'GET', '/api/protocols', { apiKey: t.sekA.apiKey });
    expect(list.body.items.map((p) => p.id)).toEqual([inA.body.id]);

    // Another organisation's admin cannot even learn that the protocol exists.
    expect((await request(base, 'GET', `/api/protocols/${inA.body.id}`, { apiKey: other.admin.apiKey })).status).toBe(404);
    expect((await request(base, 'DELETE', `/api/protocols/${inA.body.id}`, { apiKey: other.admin.apiKey })).status).toBe(404);
  });

  it('lets a revisor read but change nothing (403)', async () => {
    const p = await request<{ id: string }>(base, 'POST', '/api/protocols', { apiKey: t.admin.apiKey, json: { organId: t.organA, protocol: fixture('halsingeradet-protokoll-627-638') } });
    expect((await request(base, 'GET', `/api/protocols/${p.body.id}`, { apiKey: t.revisor.apiKey })).status).toBe(200);
    expect((await request(base, 'POST', '/api/protocols', { apiKey: t.revisor.apiKey, json: { organId: t.organA, protocol: fixture('halsingeradet-protokoll-627-638') } })).status).toBe(403);
    expect((await request(base, 'PUT', `/api/protocols/${p.body.id}`, { apiKey: t.revisor.apiKey, json: { protocol: fixture('halsingeradet-protokoll-627-638') } })).status).toBe(403);
    expect((await request(base, 'DELETE', `/api/protocols/${p.body.id}`, { apiKey: t.revisor.apiKey })).status).toBe(403);
    expect((await request(base, 'POST', '/api/organs', { apiKey: t.revisor.apiKey, json: { name: 'X', slug: 'x' } })).status).toBe(403);
    expect((await request(base, 'POST', '/api/users', { apiKey: t.revisor.apiKey, json: { email: 'a@b.se', name: 'A', role: 'admin', password: 'a-long-password-1' } })).status).toBe(403);
    expect((await request(base, 'POST', '/api/admin/test-mail', { apiKey: t.revisor.apiKey, json: { to: 'a@b.se' } })).status).toBe(403);
  });

  it('answers wrong JSON with 400 naming the field', async () => {
    const broken = await request<{ message: string }>(base, 'POST', '/api/protocols', { apiKey: t.admin.apiKey, body: '{"organId": ', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
    const noOrgan = await request<{ details: { path: string }[] }>(base, 'POST', '/api/protocols', { apiKey: t.admin.apiKey, json: { protocol: {} } });
    expect(noOrgan.status).toBe(400);
    expect(noOrgan.body.details.map((d) => d.path)).toContain('organId');
    const badMail = await request<{ details: { path: string }[] }>(base, 'POST', '/api/admin/test-mail', { apiKey: t.admin.apiKey, json: { to: 'not an address' } });
    expect(badMail.status).toBe(400);
    expect(badMail.body.details.map((d) => d.path)).toEqual(['to']);
  });

  it('logs a secretary in with a password, a session cookie and CSRF protection', async () => {
    const page = await fetch(`${base}/login`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Logga in');

    const wrong = await fetch(`${base}/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email: t.sekA.email, password: 'wrong-password-123' }) });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Fel e-postadress eller lösenord');

    const ok = await fetch(`${base}/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email: t.sekA.email, password: t.sekA.password, next: '/' }) });
    expect(ok.status).toBe(303);
    const setCookie = ok.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(';')[0];

    const me = await request<{ role: string; organIds: string[] }>(base, 'GET', '/api/me', { cookie });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ role: 'sekreterare', organIds: [t.organA] });

    // A state change with the cookie but without the CSRF token is refused …
    const noCsrf = await request(base, 'POST', '/api/protocols', { cookie, json: { organId: t.organA, protocol: fixture('halsingeradet-protokoll-627-638') } });
    expect(noCsrf.status).toBe(403);
    // … and accepted with the token the page carries.
    const home = await fetch(`${base}/`, { headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await home.text())?.[1];
    expect(csrf).toBeTruthy();
    const withCsrf = await request(base, 'POST', '/api/protocols', { cookie, headers: { 'x-csrf-token': csrf! }, json: { organId: t.organA, protocol: fixture('halsingeradet-protokoll-627-638') } });
    expect(withCsrf.status).toBe(201);

    const out = await fetch(`${base}/logout`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf! }) });
    expect(out.status).toBe(303);
    expect((await request(base, 'GET', '/api/me', { cookie })).status).toBe(401);
  });

  it('serves OpenAPI at /api/docs', async () => {
    const r = await request<{ paths: Record<string, unknown> }>(base, 'GET', '/api/docs/openapi.json');
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.paths)).toEqual(expect.arrayContaining(['/api/protocols', '/api/protocols/{id}/pdf']));
  });
});
