/**
 * The public doors' small print (issue 12): deep JSON is a 400 naming the problem, a login posted from
 * another site is refused, HSTS only over https, and an admin learns nothing about other organisations'
 * addresses.
 */
import type { DataSource } from 'typeorm';
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
});
