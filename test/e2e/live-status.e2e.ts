/**
 * The live status (issue 16, docs/justering.md "Live status"): GET /api/protocols/:id/live, which the
 * workspace's protocol page and the dashboard poll. Only for whoever may read the protocol (API key or
 * session; another organisation gets 404, another organ's secretary 403, no one signed in 401); an
 * unchanged status is a 304 without a body against the ETag; a change to the round changes the stamp;
 * and it counts against the general rate limit like every other route.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { request } from '../support/http';
import { ROOT } from '../support/processes';
import { System, startApi } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(90_000);

interface Live {
  protocolId: string;
  protocolStatus: string;
  stamp: string;
  rounds: { id: string; status: string; signatories: { id: string; name: string; state: string; turn: boolean }[] }[];
  notices: unknown[];
}

describe('the live status endpoint (api, PostgreSQL, Redis)', () => {
  let ds: DataSource;
  let sys: System;
  let base: string;
  let t: Tenant;
  let other: Tenant;
  let protocolId: string;
  let organBProtocolId: string;
  let roundId: string;
  let signatoryId: string;
  // A small general limit, so that the last test can reach it with few requests.
  const LIMIT = 60;

  const create = async (apiKey: string, organId: string) => {
    const protocol = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'protocols', 'halsingeradet-protokoll-627-638.json'), 'utf8'));
    protocol.meeting.date = new Date().toISOString().slice(0, 10);
    const r = await request<{ id: string }>(base, 'POST', '/api/protocols', { apiKey, json: { organId, protocol } });
    expect(r.status).toBe(201);
    return r.body.id;
  };

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Livekommun');
    other = await createTenant(ds, 'Annan kommun');
    sys = await startApi({ RATE_LIMIT_PER_MINUTE: String(LIMIT) });
    base = sys.base;
    protocolId = await create(t.sekA.apiKey, t.organA);
    organBProtocolId = await create(t.admin.apiKey, t.organB);
    const started = await request<{ rounds: { id: string; signatories: { id: string; role: string }[] }[] }>(
      base,
      'POST',
      `/api/protocols/${protocolId}/justering`,
      {
        apiKey: t.sekA.apiKey,
        json: {
          signatories: [
            { role: 'sekreterare', name: 'Thomas Norgren', email: 'sek-live@test.example' },
            { role: 'ordforande', name: 'Mikael Löthstam', email: 'ord-live@test.example' },
            { role: 'justerare', name: 'Åsa Öberg', email: 'jus-live@test.example' },
          ],
        },
      },
    );
    expect(started.status).toBe(201);
    roundId = started.body.rounds[0].id;
    signatoryId = started.body.rounds[0].signatories.find((s) => s.role === 'ordforande')!.id;
  });

  afterAll(async () => {
    await sys?.stop();
    await ds?.destroy();
  });

  it('answers whoever may read the protocol, and no one else', async () => {
    const path = `/api/protocols/${protocolId}/live`;
    expect((await request(base, 'GET', path)).status).toBe(401);
    expect((await request(base, 'GET', path, { apiKey: 'jk_nope.nope' })).status).toBe(401);
    // Another organisation's admin does not learn that the protocol exists; the sekreterare of organ A
    // is refused organ B's protocol (as by GET /status).
    expect((await request(base, 'GET', path, { apiKey: other.admin.apiKey })).status).toBe(404);
    expect((await request(base, 'GET', `/api/protocols/${organBProtocolId}/live`, { apiKey: t.sekA.apiKey })).status).toBe(403);
    expect((await request(base, 'GET', '/api/protocols/not-a-uuid/live', { apiKey: t.sekA.apiKey })).status).toBe(400);

    for (const key of [t.sekA.apiKey, t.revisor.apiKey, t.admin.apiKey]) {
      const r = await request<Live>(base, 'GET', path, { apiKey: key });
      expect(r.status).toBe(200);
      expect(r.body.protocolStatus).toBe('justering');
      expect(r.body.rounds.map((x) => x.status)).toEqual(['active']);
      expect(r.body.rounds[0].signatories.map((s) => [s.name, s.state, s.turn])).toEqual([
        ['Thomas Norgren', 'sent', true],
        ['Mikael Löthstam', 'waiting', false],
        ['Åsa Öberg', 'waiting', false],
      ]);
      expect(r.headers.get('etag')).toBe(`"${r.body.stamp}"`);
      expect(r.headers.get('cache-control')).toBe('private, no-cache');
    }
  });

  it('works with the session cookie of a signed-in secretary (a GET needs no CSRF token)', async () => {
    const login = await fetch(`${base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: t.sekA.email, password: t.sekA.password }).toString(),
    });
    expect(login.status).toBe(303);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const r = await request<Live>(base, 'GET', `/api/protocols/${protocolId}/live`, { cookie });
    expect(r.status).toBe(200);
    expect(r.body.protocolId).toBe(protocolId);
  });

  it('is a 304 without a body while nothing changed, and a new stamp after a change', async () => {
    const path = `/api/protocols/${protocolId}/live`;
    const first = await request<Live>(base, 'GET', path, { apiKey: t.sekA.apiKey });
    const same = await request(base, 'GET', path, { apiKey: t.sekA.apiKey, headers: { 'if-none-match': `"${first.body.stamp}"` } });
    expect(same.status).toBe(304);
    expect(same.text).toBe('');

    // The secretary changes the ordförande's e-mail address: the status a page shows has changed.
    const changed = await request(base, 'POST', `/api/protocols/${protocolId}/justering/${roundId}/signatories/${signatoryId}/email`, {
      apiKey: t.sekA.apiKey,
      json: { email: 'ord-ny-live@test.example' },
    });
    expect(changed.status).toBe(200);
    const after = await request<Live>(base, 'GET', path, { apiKey: t.sekA.apiKey, headers: { 'if-none-match': `"${first.body.stamp}"` } });
    expect(after.status).toBe(200);
    expect(after.body.stamp).not.toBe(first.body.stamp);
  });

  it('counts against the general rate limit like every other route', async () => {
    const path = `/api/protocols/${protocolId}/live`;
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 1; i++) statuses.push((await request(base, 'GET', path, { apiKey: t.sekA.apiKey })).status);
    expect(statuses).toContain(429);
    const limited = await request<{ error: string }>(base, 'GET', path, { apiKey: t.sekA.apiKey });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
