/**
 * Hostile inputs (issue 12): files built to crash, starve or stall the api. Every one gets an answer
 * ("KAN INTE LÄSAS", a verdict, 413/422 for uploads, or 429/503 with Retry-After when admission is
 * full), /health keeps answering within a second throughout, and the api's memory returns to near its
 * baseline: the parsing runs in child processes with their own budgets (apps/api/src/isolation).
 */
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { decompressionBomb, deepNesting, hugePageTree, manyObjectHeaders, objectStreamBomb, xrefLoop } from '../support/hostile-pdfs';
import { System, startApi } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(180_000);

const rssMb = (pid: number) => (Number(readFileSync(`/proc/${pid}/statm`, 'latin1').split(' ')[1]) * 4096) / 2 ** 20;

/**
 * Polls /health every 100 ms from a separate process (this test process is busy generating files, so
 * timing here would measure the test, not the api) and returns each answer's latency and status.
 */
function watchHealth(base: string) {
  const script = `
    const samples = [];
    let stop = false;
    process.on('message', () => { stop = true; });
    (async () => {
      while (!stop) {
        const t0 = performance.now();
        let status = -1;
        try { status = (await fetch(${JSON.stringify(`${base}/health`)}, { signal: AbortSignal.timeout(5000) })).status; } catch {}
        samples.push({ ms: Math.round(performance.now() - t0), status, at: new Date().toISOString() });
        await new Promise((r) => setTimeout(r, 100));
      }
      process.send(samples, () => process.exit(0));
    })();`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const result = new Promise<{ ms: number; status: number; at: string }[]>((resolve) => child.once('message', (m) => resolve(m as { ms: number; status: number; at: string }[])));
  let ended: Promise<{ ms: number; status: number; at: string }[]> | undefined;
  return {
    end() {
      if (!ended) {
        child.send('stop');
        ended = result;
      }
      return ended;
    },
  };
}

type Report = { verdict: string; summary: { sv: string } };

/**
 * POSTs a body on a connection of its own (no keep-alive): big uploads on a reused socket can race the
 * server closing it for idleness (EPIPE in the client), which would be a test artifact.
 */
function post<T>(base: string, path: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; body: T; text: string; headers: Headers }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method: 'POST', agent: false, headers: { accept: 'application/json', 'content-length': String(body.length), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
        resolve({ status: res.statusCode ?? 0, body: parsed as T, text, headers: h });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('hostile inputs', () => {
  let sys: System;
  let ds: DataSource;
  let t: Tenant;
  let baselineMb = 0;
  // Made before the requests: generating a file between two requests can take longer than the
  // server's keep-alive timeout and make the client race a closing socket (EPIPE), a test artifact.
  const files = new Map<number, Buffer>();

  let health: ReturnType<typeof watchHealth>;

  const validate = (bytes: Buffer, ip?: string) => post<Report>(sys.base, '/api/validate', bytes, { 'content-type': 'application/pdf', ...(ip ? { 'x-forwarded-for': ip } : {}) });

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds);
    // Two parses at once and one waiting per api process; distinct clients come through X-Forwarded-For.
    sys = await startApi({ TRUST_PROXY: '1', PDF_PARSE_WORKERS: '2', PDF_PARSE_QUEUE: '1', PDF_PARSE_TIMEOUT_MS: '30000', MAX_UPLOAD_MB: '64' });
    for (const n of [1_200_000, 2_100_000]) files.set(n, manyObjectHeaders(n));
    // Warm up (the first validation loads the code paths) before taking the baseline.
    await validate(hugePageTree(3));
    baselineMb = rssMb(sys.api.pid!);
    health = watchHealth(sys.base);
  });

  afterAll(async () => {
    await health?.end();
    await sys?.stop();
    await ds?.destroy();
  });

  it.each([1_200_000, 2_100_000])('answers %i bare object headers with KAN INTE LÄSAS and stays up', async (n) => {
    const pdf = files.get(n)!;
    expect(pdf.length).toBeGreaterThan(15_000_000);
    const r = await validate(pdf);
    expect({ status: r.status, verdict: r.body.verdict }).toEqual({ status: 200, verdict: 'KAN INTE LÄSAS' });
    expect(sys.api.running).toBe(true);
  });

  it('admits two object-stream bombs per client and refuses the rest of the burst with 429 + Retry-After', async () => {
    const bomb = objectStreamBomb(6, 80);
    expect(bomb.length).toBeLessThan(2 * 2 ** 20);
    const answers = await Promise.all(Array.from({ length: 6 }, () => validate(bomb, '203.0.113.7')));
    const done = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 429);
    expect(done.length + refused.length).toBe(6);
    expect(done.length).toBeGreaterThanOrEqual(2);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const a of refused) expect(Number(a.headers.get('retry-after'))).toBeGreaterThan(0);
    for (const a of done) expect(typeof a.body.verdict).toBe('string');
  });

  it('answers a parallel burst from many clients within the process queue and 503 + Retry-After beyond it', async () => {
    const bomb = objectStreamBomb(6, 80);
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => validate(bomb, `198.51.100.${i + 1}`)));
    const statuses = answers.map((a) => a.status).sort();
    // Two running and one waiting per process: three answered, three refused before their upload was read.
    expect(statuses).toEqual([200, 200, 200, 503, 503, 503]);
    for (const a of answers.filter((x) => x.status === 503)) expect(Number(a.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it.each([
    ['a 100,000-page tree', () => hugePageTree(100_000), ['EJ SIGNERAD']],
    ['nesting a million levels deep', () => deepNesting(1_000_000), ['EJ SIGNERAD', 'KAN INTE LÄSAS']],
    ['xref sections and a page tree that loop', xrefLoop, ['EJ SIGNERAD', 'KAN INTE LÄSAS']],
    ['an object stream inflating past the 128 MB stream limit', () => decompressionBomb(256), ['KAN INTE LÄSAS']],
  ])('answers %s with a verdict', async (_name, make, verdicts) => {
    const r = await validate(make());
    expect({ status: r.status, text: r.text.slice(0, 300) }).toMatchObject({ status: 200 });
    expect(verdicts).toContain(r.body.verdict);
  });

  it('refuses a hostile protocol upload with 413/422 without stalling anyone, and accepts a big honest one', async () => {
    const upload = async (bytes: Buffer) => {
      const form = new FormData();
      form.set('organId', t.organA);
      form.set('title', 'Protokoll');
      form.set('meetingDate', '2026-01-15');
      form.set('storagePlace', 'Kommunhuset');
      form.set('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), 'p.pdf');
      const encoded = new Response(form);
      const body = Buffer.from(await encoded.arrayBuffer());
      return post<{ error: string; message: string }>(sys.base, '/api/protocols/upload', body, { authorization: `Bearer ${t.sekA.apiKey}`, 'content-type': encoded.headers.get('content-type')! });
    };
    const hostile = await upload(manyObjectHeaders(1_200_000));
    expect([413, 422]).toContain(hostile.status);
    expect(hostile.body.error).toBe('unreadable_pdf');
    expect(hostile.body.message).toMatch(/PDF-filen/);
    const big = await upload(hugePageTree(100_000));
    expect({ status: big.status, text: big.text.slice(0, 300) }).toMatchObject({ status: 201 });
  });

  it('kept /health under a second throughout, and the api returns to near its baseline memory', async () => {
    const samples = await health.end();
    expect(samples.length).toBeGreaterThan(20);
    expect(samples.filter((s) => s.status !== 200)).toEqual([]);
    // Under a second. The margin is for a shared 2-core CI machine, where the OS alone can hold a
    // process back for a moment: at most 1 % of the samples may reach 1 s and none 2.5 s. (Before the
    // parsing left the event loop, a hostile upload held /health for 4.6–5 s at a time.)
    const slow = samples.filter((s) => s.ms >= 1_000);
    expect(slow.filter((s) => s.ms >= 2_500)).toEqual([]);
    expect(slow.length).toBeLessThanOrEqual(Math.ceil(samples.length / 100));
    // Garbage collection is lazy: allow the api a few seconds and 150 MB over its warmed-up baseline.
    let now = rssMb(sys.api.pid!);
    for (let i = 0; i < 50 && now > baselineMb + 150; i++) {
      await new Promise((r) => setTimeout(r, 200));
      now = rssMb(sys.api.pid!);
    }
    expect(now).toBeLessThan(baselineMb + 150);
  });
});
