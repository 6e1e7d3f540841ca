/**
 * Validation over HTTP (docs/validation.md, the public door): any PDF in, a verdict out, in a thread with limits so a
 * hostile file cannot stall the api; the public page renders the same report.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { validatePdf } from '@justera/validation';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { request } from '../support/http';
import { ROOT } from '../support/processes';
import { System, startApi } from '../support/system';

jest.setTimeout(120_000);

const CORPUS = join(ROOT, '..', 'shared', 'pdf-corpus', 'pyhanko');
const file = (p: string) => readFileSync(join(CORPUS, p));

describe('validation API and page', () => {
  let sys: System;
  let base: string;

  beforeAll(async () => {
    sys = await startApi();
    base = sys.base;
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const validate = (bytes: Buffer) => request<{ verdict: string; signatures: unknown[]; document: { sha256: string } }>(base, 'POST', '/api/validate', { body: new Uint8Array(bytes), headers: { 'content-type': 'application/pdf' } });

  it('judges signed, unsigned, anomalous and broken files without logging in', async () => {
    const doc = await PDFDocument.create();
    doc.addPage().drawText('Protokoll utan underskrifter');
    expect((await validate(Buffer.from(await doc.save()))).body.verdict).toBe('EJ SIGNERAD');
    // pyHanko's base file has a signature field whose /Contents is empty: a forgery pattern.
    expect((await validate(file('coverage-anomalies/base.pdf'))).body.verdict).toBe('OGILTIG');
    const twice = await validate(file('signed/minimal-signed-twice-both-created.pdf'));
    expect(twice.status).toBe(200);
    expect(twice.body.signatures).toHaveLength(2);
    // pyHanko's test CA is not trusted here: never a clean GILTIG.
    expect(twice.body.verdict).not.toBe('GILTIG');
    for (const anomaly of ['one-byterange.pdf', 'weird-byterange.pdf', 'signature-gap-too-big.pdf', 'tail-uncovered.pdf']) {
      const r = await validate(file(`coverage-anomalies/${anomaly}`));
      expect({ anomaly, verdict: r.body.verdict }).toEqual({ anomaly, verdict: expect.stringMatching(/OGILTIG|ANMÄRKNING/) });
    }
    expect((await validate(file('malformed/minimal-startxref-hopeless.pdf'))).body.verdict).toMatch(/KAN INTE LÄSAS|OGILTIG|EJ SIGNERAD/);
    expect((await validate(file('encrypted/minimal-aes256.pdf'))).body.verdict).toBe('KAN INTE LÄSAS');
    // The api stays responsive throughout.
    expect((await request(base, 'GET', '/health')).status).toBe(200);
  });

  it('judges at a chosen time (?at= or the multipart field at) and refuses a bad time with 400', async () => {
    const pdf = file('signed/sig-with-ski-sid.pdf');
    const at = await request<{ validatedAt: string; verdict: string; etsi: { indication: string } | null }>(base, 'POST', '/api/validate?at=2035-01-01', { body: pdf, headers: { 'content-type': 'application/pdf' } });
    expect(at.status).toBe(200);
    expect(at.body.validatedAt).toBe('2035-01-01T00:00:00.000Z');
    expect(at.body.etsi?.indication).toMatch(/INDETERMINATE|TOTAL-FAILED/);
    const form = new FormData();
    form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'x.pdf');
    form.append('at', '2040-06-01');
    const m = await request<{ validatedAt: string }>(base, 'POST', '/api/validate', { body: form });
    expect(m.body.validatedAt).toBe('2040-06-01T00:00:00.000Z');
    expect((await request(base, 'POST', '/api/validate?at=imorgon', { body: pdf, headers: { 'content-type': 'application/pdf' } })).status).toBe(400);
  });

  it('accepts multipart and refuses what is not a PDF', async () => {
    const form = new FormData();
    form.append('file', new Blob([file('signed/sig-with-ski-sid.pdf')], { type: 'application/pdf' }), 'x.pdf');
    const r = await request<{ signatures: unknown[] }>(base, 'POST', '/api/validate', { body: form });
    expect(r.status).toBe(200);
    expect(r.body.signatures.length).toBeGreaterThan(0);
    expect((await request(base, 'POST', '/api/validate', { body: Buffer.from('hej'), headers: { 'content-type': 'application/pdf' } })).status).toBe(415);
  });

  it('shows the report on the public page /validera', async () => {
    const page = await fetch(`${base}/validera`);
    expect(await page.text()).toContain('Validera ett signerat protokoll');
    const form = new FormData();
    form.append('file', new Blob([file('coverage-anomalies/tail-uncovered.pdf')], { type: 'application/pdf' }), 'x.pdf');
    const r = await fetch(`${base}/validera`, { method: 'POST', body: form });
    expect(r.status).toBe(200);
    const text = await r.text();
    expect(text).toContain('Valideringsrapport');
    expect(text).toMatch(/OGILTIG|ANMÄRKNING/);
  });

  it('seals a PDF report that pdfsig accepts as signed by our root', async () => {
    const r = await fetch(`${base}/api/validate/report.pdf`, { method: 'POST', body: file('coverage-anomalies/tail-uncovered.pdf'), headers: { 'content-type': 'application/pdf' } });
    expect(r.status).toBe(200);
    const pdf = Buffer.from(await r.arrayBuffer());
    const dir = mkdtempSync(join(tmpdir(), 'justera-report-'));
    writeFileSync(join(dir, 'r.pdf'), pdf);
    expect(execFileSync('pdftotext', [join(dir, 'r.pdf'), '-'], { encoding: 'utf8' })).toContain('Valideringsrapport');
    // The report is itself a signed document our own validator accepts when it trusts our root.
    const root = await (await fetch(`${base}/pki/root.pem`)).text();
    expect(validatePdf(pdf, { trustAnchors: [root] }).verdict).toBe('GILTIG');
    const sig = spawnSync('pdfsig', [join(dir, 'r.pdf')], { encoding: 'utf8' });
    expect(sig.stdout).toContain('Signature is Valid.');
  });

  it('publishes the root certificate and the CRL for auditors', async () => {
    const root = await fetch(`${base}/pki/root.pem`);
    expect(await root.text()).toContain('BEGIN CERTIFICATE');
    const crl = await fetch(`${base}/pki/issuing.crl`);
    expect(crl.status).toBe(200);
    expect(Buffer.from(await crl.arrayBuffer())[0]).toBe(0x30); // DER SEQUENCE
  });
});
