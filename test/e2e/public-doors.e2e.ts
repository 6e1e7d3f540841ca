/**
 * The public doors' small print (issue 12): deep JSON is a 400 naming the problem, a login posted from
 * another site is refused, HSTS only over https, an admin learns nothing about other organisations'
 * addresses, and a queued mail row holds no usable signing link.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { openText } from '@justera/auth';
import { mailBodyContext } from '@justera/queue';
import { request } from '../support/http';
import { System, startApi } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(60_000);

describe('public doors', () => {
  let sys: System;
  let ds: DataSource;
  let a: Tenant;
  let b: Tenant;

  beforeAll(async () => {
    ds = await openDataSource();
    [a, b] = [await createTenant(ds, 'Kommun A'), await createTenant(ds, 'Kommun B')];
    sys = await startApi();
  });

  afterAll(async () => {
    await sys?.stop();
    await ds?.destroy();
  });

  it('answers JSON nested 100,000 levels deep with 400 naming the nesting, and the api stays up', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const r = await request<{ error: string; message: string }>(sys.base, 'POST', '/api/users', { apiKey: a.admin.apiKey, body: deep, headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('json_too_complex');
    expect(r.body.message).toContain('nästlad djupare än 64 nivåer');
    const obj = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    expect((await request(sys.base, 'POST', '/api/organs', { apiKey: a.admin.apiKey, body: obj, headers: { 'content-type': 'application/json' } })).status).toBe(400);
    expect((await request(sys.base, 'GET', '/health')).status).toBe(200);
  });

  it('refuses a login posted from another site, and accepts one from our own origin', async () => {
    const form = (origin?: string) =>
      fetch(`${sys.base}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...(origin ? { origin } : {}) },
        body: new URLSearchParams({ email: a.admin.email, password: a.admin.password }),
      });
    const evil = await form('https://evil.example');
    expect(evil.status).toBe(403);
    expect(evil.headers.get('set-cookie')).toBeNull();
    expect(await evil.text()).toContain('annan webbplats');
    const own = await form(sys.base);
    expect(own.status).toBe(303);
    expect(own.headers.get('set-cookie')).toMatch(/justera/i);
  });

  it('sends no Strict-Transport-Security over http', async () => {
    const r = await fetch(`${sys.base}/login`);
    expect(r.headers.get('strict-transport-security')).toBeNull();
  });

  it('does not tell an admin that an address has an account in another organisation', async () => {
    const dto = (email: string) => ({ email, name: 'Ny Person', role: 'revisor', password: 'Ett-langt-och-ovanligt-losen-42' });
    const foreign = await request<{ message: string }>(sys.base, 'POST', '/api/users', { apiKey: b.admin.apiKey, json: dto(a.revisor.email) });
    expect(foreign.status).toBe(409);
    expect(foreign.text).not.toMatch(/finns redan|användare|organisation/i);
    const own = await request<{ message: string }>(sys.base, 'POST', '/api/users', { apiKey: a.admin.apiKey, json: dto(a.revisor.email) });
    expect(own.status).toBe(409);
    expect(own.body.message).toContain('finns redan en användare');
  });

  it('keeps a queued signing mail sealed: the row read from the database gives no usable link', async () => {
    // The api runs without a worker here, so the invitation stays queued.
    const protocol = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'protocols', 'halsingeradet-protokoll-627-638.json'), 'utf8')) as { meeting: { date: string }; storagePlace?: string };
    protocol.meeting.date = new Date().toISOString().slice(0, 10);
    protocol.storagePlace = `Arkivet ${Date.now()}`;
    const created = await request<{ id: string }>(sys.base, 'POST', '/api/protocols', { apiKey: a.admin.apiKey, json: { organId: a.organA, protocol } });
    expect(created.status).toBe(201);
    const signatories = [
      { role: 'sekreterare', name: 'Sekreterare', email: `sek-${Date.now()}@test.example` },
      { role: 'ordforande', name: 'Ordförande', email: `ord-${Date.now()}@test.example` },
      { role: 'justerare', name: 'Justerare', email: `jus-${Date.now()}@test.example` },
    ];
    expect((await request(sys.base, 'POST', `/api/protocols/${created.body.id}/justering`, { apiKey: a.admin.apiKey, json: { signatories } })).status).toBe(201);
    const rows = (await ds.query(`SELECT id, text_body, html_body FROM mail_deliveries WHERE organisation_id = $1 AND status = 'queued' AND kind LIKE 'justering.%'`, [a.organisationId])) as { id: string; text_body: string; html_body: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const stored = `${r.text_body}\n${r.html_body}`;
      expect(stored).not.toMatch(/\/sign\//);
      // Whatever in the row looks like a token does not open a signing page.
      const candidates = stored.match(/[A-Za-z0-9_-]{32,}/g) ?? [];
      for (const c of candidates.slice(0, 20)) expect((await fetch(`${sys.base}/sign/${c}`)).status).not.toBe(200);
    }
    // The link is in there, sealed with a key that is not in the database: with JUSTERA_SECRET it opens and works.
    const text = openText(sys.env.JUSTERA_SECRET, rows[0].text_body, mailBodyContext(rows[0].id, 'text'));
    const link = text.match(/https?:\/\/\S+\/sign\/[A-Za-z0-9_-]+/)?.[0];
    expect(link).toBeDefined();
    expect((await fetch(link!)).status).toBe(200);
  });
});
