/** Rate limiting per client and the request id that ties an answer to its log lines. */
import { request } from '../support/http';
import { System, startApi } from '../support/system';

jest.setTimeout(60_000);

describe('limits and request ids', () => {
  let sys: System;
  let base: string;

  beforeAll(async () => {
    sys = await startApi({ RATE_LIMIT_PER_MINUTE: '20' });
    base = sys.base;
  });

  afterAll(async () => {
    await sys?.stop();
  });

  it('answers 429 once a client exceeds its requests per minute', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await request(base, 'GET', '/api/schemas/protocol.json')).status);
    expect(statuses.slice(0, 15).every((s) => s === 200)).toBe(true);
    expect(statuses).toContain(429);
  });

  it('returns a request id, echoing a sane one the client sent', async () => {
    const r = await fetch(`${base}/login`, { headers: { 'x-request-id': 'kund-123' } });
    expect(r.headers.get('x-request-id')).toBe('kund-123');
    const fresh = await fetch(`${base}/login`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('the login throttle over HTTP', () => {
  let sys: System;
  let base: string;

  beforeAll(async () => {
    sys = await startApi();
    base = sys.base;
  });

  afterAll(async () => {
    await sys?.stop();
  });

  it('answers the eleventh failed login for one account and address with 429, a Swedish page and Retry-After', async () => {
    const email = `okand-${Date.now()}@test.example`;
    const attempt = () => fetch(`${base}/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email, password: 'fel-losenord-123' }) });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await attempt()).status);
    expect(statuses).toEqual(Array(10).fill(401));
    const blocked = await attempt();
    expect(blocked.status).toBe(429);
    const seconds = Number(blocked.headers.get('retry-after'));
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(15 * 60);
    expect(await blocked.text()).toContain('För många misslyckade inloggningar');
  });
});
