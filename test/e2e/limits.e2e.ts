/** Rate limiting per client and the request id that ties an answer to its log lines. */
import { request } from '../support/http';
import { AppProcess, appEnv, freePort, waitFor } from '../support/processes';

jest.setTimeout(60_000);

describe('limits and request ids', () => {
  let api: AppProcess;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = new AppProcess('api', appEnv({ PORT: String(port), RATE_LIMIT_PER_MINUTE: '20' })).start();
    await waitFor('api', async () => (await fetch(`${base}/login`)).status === 200, 60_000);
  });

  afterAll(async () => {
    await api?.stop();
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
  let api: AppProcess;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = new AppProcess('api', appEnv({ PORT: String(port) })).start();
    await waitFor('api', async () => (await fetch(`${base}/login`)).status === 200, 60_000);
  });

  afterAll(async () => {
    await api?.stop();
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
