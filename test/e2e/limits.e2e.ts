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
