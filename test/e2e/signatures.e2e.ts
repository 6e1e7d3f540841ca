/**
 * Signatures (docs/signatures.md): each seed protocol justerat through the whole workflow (mails, links, the
 * api and worker processes) carries one valid, trusted PAdES signature per signatory, certified by the
 * sekreterare, with long-term validation data, and the anslag dates filled and sealed afterwards —
 * checked by poppler's pdfsig with an NSS database trusting our root, openssl cms, qpdf and our own
 * validator. One flipped byte makes pdfsig and the validator fail. With a TSA (openssl ts on loopback)
 * every signature gets a time-stamp and the document a final document time-stamp.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import type { DataSource } from 'typeorm';
import { createDevelopmentCa } from '@justera/pades';
import { validatePdf } from '@justera/validation';
import { nssDbTrusting, pdfsig, qpdfCheck, signaturesIn, signedBytes } from '../../libs/pades/src/testing/pdf-checks';
import { startOpensslTsa, TestTsa } from '../../libs/pades/src/testing/openssl-tsa';
import { request } from '../support/http';
import { ROOT, waitFor } from '../support/processes';
import { System, startSystem } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(300_000);

const FIXTURES = join(ROOT, 'test', 'fixtures', 'protocols');
interface Fixture {
  meeting: { date: string };
  justering?: { date?: string };
  anslag?: { text?: string; postedDate?: string; lastAppealDate?: string; takeDownDate?: string };
  signatories: { role: string; name: string; email?: string }[];
}
interface Notice { id: string; fieldsStatus: string | null }

/** Runs one justering of `file` to the end and returns the final (anslag-sealed) PDF. */
async function justera(sys: System, t: Tenant, file: string): Promise<{ pdf: Buffer; signers: string[] }> {
  const { protocolId, signers } = await approveAll(sys, t, file);
  return { pdf: await sealedPdf(sys, t, protocolId), signers };
}

/** Every signatory of `file` approves through the mailed link (each request answers at once). */
async function approveAll(sys: System, t: Tenant, file: string): Promise<{ protocolId: string; signers: string[] }> {
  const protocol = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Fixture;
  // Today's meeting, so the legal deadlines lie ahead; a planned justering date moves with it.
  protocol.meeting.date = new Date().toISOString().slice(0, 10);
  if (protocol.justering?.date) protocol.justering.date = protocol.meeting.date;
  // Given anslag dates belong to a protocol justerat elsewhere; here Justera posts it and fills them.
  if (protocol.anslag) protocol.anslag = { text: protocol.anslag.text };
  const s = randomBytes(4).toString('hex');
  protocol.signatories = protocol.signatories.map((p, i) => ({ ...p, email: `signer${i}-${s}@test.example` }));
  const created = await request<{ id: string }>(sys.base, 'POST', '/api/protocols', { apiKey: t.sekA.apiKey, json: { organId: t.organA, protocol } });
  expect(created.status).toBe(201);
  const started = await request(sys.base, 'POST', `/api/protocols/${created.body.id}/justering`, { apiKey: t.sekA.apiKey, json: {} });
  if (started.status !== 201) throw new Error(`start: ${started.status} ${started.text}`);
  for (const p of protocol.signatories) {
    const mail = await waitFor<ParsedMail>(`invitation to ${p.email}`, async () => sys.smtp.to(p.email!).find((m) => m.subject?.startsWith('Protokoll att justera')), 60_000).catch((e) => {
      throw new Error(`${String(e)}\n${sys.logs(3000)}`);
    });
    const link = (mail.text ?? '').match(/https?:\/\/\S+\/sign\/[A-Za-z0-9_-]+/)![0];
    const page = await (await fetch(link)).text();
    const sha = page.match(/name="sha256" value="([0-9a-f]{64})"/)?.[1] ?? '';
    const r = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ action: 'sign', confirm: 'ja', sha256: sha }).toString() });
    expect(r.status).toBe(200);
  }
  return { protocolId: created.body.id, signers: protocol.signatories.map((p) => p.name) };
}

/** Waits for the notice of the justerade protocol and returns its PDF (the ANSLAG fields filled and sealed). */
async function sealedPdf(sys: System, t: Tenant, protocolId: string, timeoutMs = 60_000): Promise<Buffer> {
  const notice = await waitFor<Notice>('the ANSLAG fields filled and sealed', async () => {
    const n = (await request<Notice[]>(sys.base, 'GET', `/api/anslag/notices?protocolId=${protocolId}`, { apiKey: t.sekA.apiKey })).body;
    return Array.isArray(n) ? n.find((x) => x.fieldsStatus === 'sealed') : undefined;
  }, timeoutMs).catch((e) => {
    throw new Error(`${String(e)}\n--- worker ---\n${sys.worker.log().slice(-3000)}`);
  });
  return Buffer.from(await (await fetch(`${sys.base}/anslagstavla/${t.slug}/anslag/${notice.id}/protokoll.pdf`)).arrayBuffer());
}

interface RoundStatus {
  protocolStatus: string;
  rounds: { id: string; status: string; completedAt: string | null; signing: { pending: number; error: string | null; failures: number }; signatories: { name: string; signedAt: string; signatureAppliedAt: string | null }[] }[];
}

async function rootOf(base: string): Promise<{ pem: string; der: Buffer }> {
  const pem = await (await fetch(`${base}/pki/root.pem`)).text();
  return { pem, der: Buffer.from(new X509Certificate(pem).raw) };
}

describe('signatures in justerade protocols', () => {
  let ds: DataSource;
  let t: Tenant;
  let sys: System;
  const dir = mkdtempSync(join(tmpdir(), 'justera-signatures-'));

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds);
    sys = await startSystem();
  });

  afterAll(async () => {
    await sys?.stop();
    await ds?.destroy();
  });

  it.each(readdirSync(FIXTURES).filter((f) => f.endsWith('.json')))('%s: every signature valid and trusted in pdfsig, openssl and our validator', async (file) => {
    const { pdf, signers } = await justera(sys, t, file);
    const path = join(dir, `${file}.pdf`);
    writeFileSync(path, pdf);
    const root = await rootOf(sys.base);

    // poppler, trusting our root: one signature per signatory plus the organisation seal over the
    // filled ANSLAG dates, all valid and trusted. Each of the two B-LTA steps (after the last signature,
    // after the seal) ends in a document time-stamp, which covers the whole document; poppler 22.12
    // cannot validate document time-stamps, openssl ts does (test/e2e/long-term.e2e.ts).
    const nss = await nssDbTrusting(root.der);
    const ps = await pdfsig(nss, path);
    nss.cleanup();
    const cades = ps.signatures.filter((s) => !s.documentTimestamp);
    expect(cades).toHaveLength(signers.length + 1);
    expect(ps.signatures.filter((s) => s.documentTimestamp)).toHaveLength(2);
    for (const s of cades) expect({ i: s.index, valid: s.valid, trusted: s.trusted }).toEqual({ i: s.index, valid: true, trusted: true });
    expect(ps.signatures[ps.signatures.length - 1]).toMatchObject({ documentTimestamp: true, total: true });
    for (const name of signers) expect(ps.out).toContain(name);

    // openssl verifies every CMS against its byte ranges with our CA.
    writeFileSync(join(dir, 'root.pem'), root.pem);
    const sigs = signaturesIn(pdf).filter((s) => !s.documentTimestamp);
    expect(sigs).toHaveLength(signers.length + 1);
    sigs.forEach((s, i) => {
      writeFileSync(join(dir, `cms${i}.der`), s.cms);
      writeFileSync(join(dir, `content${i}.bin`), signedBytes(pdf, s.byteRange));
      const r = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(dir, `cms${i}.der`), '-content', join(dir, `content${i}.bin`), '-CAfile', join(dir, 'root.pem'), '-purpose', 'any', '-out', '/dev/null'], { encoding: 'utf8' });
      expect({ i, ok: r.stderr.trim() }).toEqual({ i, ok: 'CMS Verification successful' });
    });

    const q = await qpdfCheck(path);
    expect(q.code).toBe(0);
    expect(q.out).toContain('No syntax or stream encoding errors found');
    expect(q.out).not.toMatch(/WARNING/i);

    // Our validator: certified by the sekreterare, only allowed changes after, GILTIG.
    const report = validatePdf(pdf, { trustAnchors: [root.pem] });
    expect(report.verdict).toBe('GILTIG');
    expect(execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' })).toContain('ANSLAG');

    // One flipped byte inside a signed range: pdfsig and our validator both say no.
    const tampered = Buffer.from(pdf);
    const at = sigs[0].byteRange[1] - 200;
    tampered[at] = tampered[at] ^ 0x01;
    const tPath = join(dir, `${file}.tampered.pdf`);
    writeFileSync(tPath, tampered);
    const nss2 = await nssDbTrusting(root.der);
    const pt = await pdfsig(nss2, tPath);
    nss2.cleanup();
    expect(pt.signatures.some((s) => !s.valid)).toBe(true);
    expect(validatePdf(tampered, { trustAnchors: [root.pem] }).verdict).toBe('OGILTIG');

    // A copy of the database holds no live signing link: sent mails keep their text without tokens.
    const rows = (await ds.query(`SELECT text_body, html_body FROM mail_deliveries WHERE organisation_id = $1 AND status = 'sent'`, [t.organisationId])) as { text_body: string; html_body: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(`${r.text_body}${r.html_body}`).not.toMatch(/\/sign\/[A-Za-z0-9_-]{16,}/);
  });
});

describe('signatures with a time-stamp authority (openssl ts on loopback)', () => {
  let ds: DataSource;
  let t: Tenant;
  let tsa: TestTsa;
  let tsaRootPem: string;
  let sys: System;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds);
    const now = new Date();
    const tsaCa = createDevelopmentCa({ organisation: 'Test-TSA', now: new Date(now.getTime() - 3600_000), keyBits: 2048 });
    tsaRootPem = new X509Certificate(tsaCa.root.certificate).toString();
    tsa = await startOpensslTsa(tsaCa, now);
    sys = await startSystem({ TSA_URL: tsa.url });
  });

  afterAll(async () => {
    await sys?.stop();
    await tsa?.close();
    await ds?.destroy();
  });

  it('time-stamps every signature and the finished document (PAdES B-LTA)', async () => {
    const { pdf, signers } = await justera(sys, t, 'halsingeradet-protokoll-627-638.json');
    const root = await rootOf(sys.base);
    const report = validatePdf(pdf, { trustAnchors: [root.pem] });
    const approvals = report.signatures.filter((s) => s.field.startsWith('signatur.'));
    expect(approvals).toHaveLength(signers.length);
    for (const s of approvals) expect(s.timestamp).toBeTruthy();
    expect(report.signatures.some((s) => s.kind === 'document-timestamp')).toBe(true);
    // signature time-stamps for each signer, and one document time-stamp
    expect(tsa.count()).toBeGreaterThanOrEqual(signers.length + 1);
  });

  it('a TSA outage: the approvals stand, the signing job fails and retries, and finishes with TSA time-stamps once the TSA answers', async () => {
    tsa.mode = 'http-500';
    let protocolId = '';
    let signers: string[] = [];
    try {
      ({ protocolId, signers } = await approveAll(sys, t, 'gemensam-namnd-2020-02-14.json'));
      const st = (id: string) => request<RoundStatus>(sys.base, 'GET', `/api/protocols/${id}/status`, { apiKey: t.sekA.apiKey }).then((r) => r.body);
      // Everyone has approved; the signatures cannot go in without the TSA, and nothing falls back to the server clock.
      const failing = await waitFor('the signing failure recorded on the round', async () => {
        const s = await st(protocolId);
        return s.rounds[0].signing.failures >= 1 ? s : undefined;
      }, 60_000);
      expect(failing.rounds[0].status).toBe('signing');
      expect(failing.protocolStatus).toBe('justering');
      expect(failing.rounds[0].signing.error).toMatch(/TSA|500|time-stamp/i);
      expect(failing.rounds[0].signing.pending).toBe(signers.length);
      expect(failing.rounds[0].signatories.every((s) => s.signatureAppliedAt === null)).toBe(true);
      const pdf = await fetch(`${sys.base}/api/protocols/${protocolId}/justering/${failing.rounds[0].id}/document.pdf`, { headers: { authorization: `Bearer ${t.sekA.apiKey}` } });
      expect(signaturesIn(Buffer.from(await pdf.arrayBuffer()))).toHaveLength(0);
      const notices = await request<unknown[]>(sys.base, 'GET', `/api/anslag/notices?protocolId=${protocolId}`, { apiKey: t.sekA.apiKey });
      expect(notices.body).toEqual([]);
      // The secretary's dashboard says what is going on.
      const page = await request(sys.base, 'GET', `/justering/${protocolId}`, { apiKey: t.sekA.apiKey });
      expect(page.status).toBe(200);
      expect(page.text).toContain('Alla har godkänt. De digitala underskrifterna läggs in i PDF:en');
      expect(page.text).toContain('Senaste försöket misslyckades');
      // In Swedish, never the technical text (which stays in the status API and the audit trail for IT).
      expect(page.text).toContain('tidsstämpeltjänsten svarade med ett fel (HTTP-status 500)');
      expect(page.text).not.toContain(failing.rounds[0].signing.error);
    } finally {
      tsa.mode = 'ok';
    }
    // The job's next try (backoff 5 s, 10 s, …) succeeds: every signature in, time-stamped by the TSA.
    const pdf = await sealedPdf(sys, t, protocolId, 120_000);
    const root = await rootOf(sys.base);
    const report = validatePdf(pdf, { trustAnchors: [root.pem, tsaRootPem] });
    const warnings = (x: unknown): string[] => JSON.stringify(x).match(/"code":"[^"]+","severity":"(?:warning|error)"/g) ?? [];
    expect({ verdict: report.verdict, warnings: warnings(report) }).toEqual({ verdict: 'GILTIG', warnings: [] });
    const approvals = report.signatures.filter((s) => s.field.startsWith('signatur.'));
    expect(approvals).toHaveLength(signers.length);
    for (const s of approvals) expect(s.timestamp).toBeTruthy();
    expect(report.signatures.some((s) => s.kind === 'document-timestamp')).toBe(true);

    const done = (await request<RoundStatus>(sys.base, 'GET', `/api/protocols/${protocolId}/status`, { apiKey: t.sekA.apiKey })).body;
    expect(done.rounds[0].status).toBe('completed');
    expect(done.rounds[0].signing).toMatchObject({ pending: 0, error: null, failures: 0 });
    // Justerat as of the last approval, not as of the retry that finally put the signatures in.
    const lastApproval = Math.max(...done.rounds[0].signatories.map((s) => Date.parse(s.signedAt)));
    expect(Date.parse(done.rounds[0].completedAt!)).toBe(lastApproval);
    for (const s of done.rounds[0].signatories) expect(Date.parse(s.signatureAppliedAt!)).toBeGreaterThan(Date.parse(s.signedAt));
    const audit = await request<{ verification: { ok: boolean }; events: { type: string }[] }>(sys.base, 'GET', `/api/protocols/${protocolId}/audit`, { apiKey: t.sekA.apiKey });
    expect(audit.body.verification.ok).toBe(true);
    const types = audit.body.events.map((e) => e.type);
    expect(types.filter((x) => x === 'signing.failed')).toHaveLength(1);
    expect(types.filter((x) => x === 'signature.applied')).toHaveLength(signers.length);
    expect(types.indexOf('signing.failed')).toBeLessThan(types.indexOf('signature.applied'));
  });
});
