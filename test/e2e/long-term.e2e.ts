/**
 * Issue 14's acceptance: signatures that stay provable for decades.
 *
 * - The quick-start configuration (no TSA_URL) produces a justerat PDF that is PAdES B-LTA: every
 *   signature carries a signature time-stamp from the installation's own time-stamping unit, the DSS
 *   holds the unit's chain and CRL, and a document time-stamp covers the DSS. openssl ts accepts every
 *   token against the exported root, pdfsig every signature; the validator says GILTIG ten years on,
 *   and KAN INTE AVGÖRAS for the same signatures with their time-stamps removed.
 * - `cli renew` extends a document whose time-stamping unit's certificate is about to expire, so that
 *   validation after the old expiry passes.
 */
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import type { ParsedMail } from 'mailparser';
import type { DataSource } from 'typeorm';
import {
  addLta,
  dssDataFor,
  embeddedTimestamps,
  issueSignerCertificate,
  issueTsaCertificate,
  loadCertificateAuthority,
  LocalTimestampAuthority,
  signPdfField,
} from '@justera/pades';
import { PdfArray, PdfDict, PdfReader, PdfStream } from '@justera/pdf-reader';
import { validatePdf } from '@justera/validation';
import { cmsSignatureValue } from '../../libs/pades/src/crypto/cms';
import { nssDbTrusting, pdfsig, signaturesIn, signedBytes } from '../../libs/pades/src/testing/pdf-checks';
import { samplePdf } from '../../libs/pades/src/testing/sample-pdf';
import { request } from '../support/http';
import { ROOT, waitFor } from '../support/processes';
import { System, startSystem } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(300_000);

const DAY = 24 * 3600_000;
const YEAR = 365 * DAY;
const dir = mkdtempSync(join(tmpdir(), 'justera-long-term-'));

function openssl(args: string[]): string {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`;
}

/**
 * The file as it was right after signature `index` (0-based), with that signature's time-stamp removed
 * (its unsigned attributes dropped, /Contents re-padded). Earlier bytes cannot be touched: every later
 * signature covers them, so each signature is checked without its time-stamp in its own file.
 */
function withoutTimestamp(pdf: Buffer, index: number): Buffer {
  const sig = signaturesIn(pdf).filter((x) => !x.documentTimestamp)[index]!;
  const end = sig.byteRange[2]! + sig.byteRange[3]!;
  const out = Buffer.from(pdf.subarray(0, end));
  const ci = forge.asn1.fromDer(forge.util.createBuffer(sig.cms.toString('binary')), { decodeBitStrings: false } as never);
  const sd = ((ci.value as forge.asn1.Asn1[])[1]!.value as forge.asn1.Asn1[])[0]!;
  const fields = sd.value as forge.asn1.Asn1[];
  for (const si of fields[fields.length - 1]!.value as forge.asn1.Asn1[]) {
    si.value = (si.value as forge.asn1.Asn1[]).filter((n) => !(n.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && n.type === 1));
  }
  const der = Buffer.from(forge.asn1.toDer(ci).getBytes(), 'binary');
  expect(der.length).toBeLessThan(sig.cms.length);
  out.write(der.toString('hex').padEnd(sig.byteRange[2]! - sig.byteRange[1]! - 2, '0'), sig.byteRange[1]! + 1, 'latin1');
  return out;
}

describe('quick start (no TSA_URL): every justerat PDF is PAdES B-LTA', () => {
  let ds: DataSource;
  let t: Tenant;
  let sys: System;

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds);
    sys = await startSystem();
  });
  afterAll(async () => {
    await sys?.stop();
    await ds?.destroy();
  });

  it('time-stamps every signature, puts the unit chain and CRL in the DSS, covers it with a document time-stamp, and stays GILTIG for ten years', async () => {
    const protocol = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'protocols', 'gemensam-namnd-2020-02-14.json'), 'utf8')) as {
      meeting: { date: string };
      justering?: { date?: string };
      signatories: { name: string; email?: string }[];
    };
    protocol.meeting.date = new Date().toISOString().slice(0, 10);
    if (protocol.justering?.date) protocol.justering.date = protocol.meeting.date;
    const s = randomBytes(4).toString('hex');
    protocol.signatories = protocol.signatories.map((p, i) => ({ ...p, email: `lt${i}-${s}@test.example` }));
    const created = await request<{ id: string }>(sys.base, 'POST', '/api/protocols', { apiKey: t.sekA.apiKey, json: { organId: t.organA, protocol } });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect((await request(sys.base, 'POST', `/api/protocols/${id}/justering`, { apiKey: t.sekA.apiKey, json: {} })).status).toBe(201);
    for (const p of protocol.signatories) {
      const mail = await waitFor<ParsedMail>(`invitation to ${p.email}`, async () => sys.smtp.to(p.email!).find((m) => m.subject?.startsWith('Protokoll att justera')), 90_000).catch((e) => {
        throw new Error(`${String(e)}\n${sys.logs(4000)}`);
      });
      const link = (mail.text ?? '').match(/https?:\/\/\S+\/sign\/[A-Za-z0-9_-]+/)![0];
      const sha = (await (await fetch(link)).text()).match(/name="sha256" value="([0-9a-f]{64})"/)?.[1] ?? '';
      const r = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ action: 'sign', confirm: 'ja', sha256: sha }).toString() });
      expect(r.status).toBe(200);
    }
    const round = await waitFor('the round completed', async () => {
      const st = (await request<{ rounds: { id: string; status: string }[] }>(sys.base, 'GET', `/api/protocols/${id}/status`, { apiKey: t.sekA.apiKey })).body;
      return st.rounds[0]?.status === 'completed' ? st.rounds[0] : undefined;
    }, 120_000);
    const res = await fetch(`${sys.base}/api/protocols/${id}/justering/${round.id}/document.pdf`, { headers: { authorization: `Bearer ${t.sekA.apiKey}` } });
    expect(res.status).toBe(200);
    const pdf = Buffer.from(await res.arrayBuffer());
    const path = join(dir, 'justerat.pdf');
    writeFileSync(path, pdf);
    const rootPem = await (await fetch(`${sys.base}/pki/root.pem`)).text();
    writeFileSync(join(dir, 'root.pem'), rootPem);

    // Every signature has a signature time-stamp; one document time-stamp at the end.
    const stamps = embeddedTimestamps(pdf);
    const sigStamps = stamps.filter((x) => x.kind === 'signature');
    const docStamps = stamps.filter((x) => x.kind === 'document');
    expect(sigStamps).toHaveLength(protocol.signatories.length);
    expect(docStamps).toHaveLength(1);
    const unit = new X509Certificate(sigStamps[0]!.unitCertificate!);
    expect(unit.keyUsage).toEqual(['1.3.6.1.5.5.7.3.8']);
    expect(unit.toString()).toBeTruthy();

    // openssl ts -verify accepts every token against the exported root.
    const sigs = signaturesIn(pdf);
    const cades = sigs.filter((x) => !x.documentTimestamp);
    expect(cades).toHaveLength(protocol.signatories.length);
    cades.forEach((sig, i) => {
      const token = sigStamps.find((x) => x.field === `signatur.${i + 1}`)!.token;
      writeFileSync(join(dir, `sts${i}.der`), token);
      const imprint = createHash('sha256').update(cmsSignatureValue(sig.cms)).digest('hex');
      expect(openssl(['ts', '-verify', '-token_in', '-in', join(dir, `sts${i}.der`), '-digest', imprint, '-CAfile', join(dir, 'root.pem')])).toContain('Verification: OK');
    });
    const docSig = sigs.find((x) => x.documentTimestamp)!;
    writeFileSync(join(dir, 'dts.der'), docSig.cms);
    writeFileSync(join(dir, 'dts.bin'), signedBytes(pdf, docSig.byteRange));
    expect(openssl(['ts', '-verify', '-token_in', '-in', join(dir, 'dts.der'), '-data', join(dir, 'dts.bin'), '-CAfile', join(dir, 'root.pem')])).toContain('Verification: OK');
    // The document time-stamp covers the whole file, so the DSS before it.
    expect(docSig.byteRange[2]! + docSig.byteRange[3]!).toBe(pdf.length);

    // The DSS holds the unit's certificate and chain and a CRL from the unit's issuer.
    const reader = PdfReader.open(pdf);
    const dss = reader.get(reader.catalog(), 'DSS') as PdfDict;
    expect(dss.start).toBeLessThan(docSig.byteRange[1]!);
    const streams = (key: string) => (reader.get(dss, key) as PdfArray).items.map((x) => reader.decodeStream(reader.resolve(x) as PdfStream));
    const certs = streams('Certs');
    expect(certs.some((c) => c.equals(sigStamps[0]!.unitCertificate!))).toBe(true);
    const unitIssuer = certs.map((c) => new X509Certificate(c)).find((c) => unit.checkIssued(c));
    expect(unitIssuer).toBeDefined();
    const crlIssuers = streams('CRLs').map((c, i) => {
      writeFileSync(join(dir, `crl${i}.der`), c);
      return openssl(['crl', '-inform', 'DER', '-in', join(dir, `crl${i}.der`), '-noout', '-issuer']).replace(/^issuer=\s*/, '').trim();
    });
    expect(crlIssuers.length).toBeGreaterThanOrEqual(2);
    expect(crlIssuers.some((x) => unitIssuer!.subject.split('\n').every((part) => x.replace(/\s*=\s*/g, '=').includes(part.split('=')[1]!)))).toBe(true);

    // pdfsig (trusting the root) accepts every signature; it cannot check document time-stamps.
    const nss = await nssDbTrusting(Buffer.from(new X509Certificate(rootPem).raw));
    const ps = await pdfsig(nss, path);
    nss.cleanup();
    const psCades = ps.signatures.filter((x) => !x.documentTimestamp);
    expect(psCades).toHaveLength(protocol.signatories.length);
    for (const x of psCades) expect({ i: x.index, valid: x.valid, trusted: x.trusted }).toEqual({ i: x.index, valid: true, trusted: true });

    // Our validator: GILTIG today and ten years on (the signer certificates expired long before).
    const now = validatePdf(pdf, { trustAnchors: [rootPem] });
    expect(now.verdict).toBe('GILTIG');
    const later = validatePdf(pdf, { trustAnchors: [rootPem], at: new Date(Date.now() + 10 * YEAR) });
    expect({ verdict: later.verdict, etsi: later.etsi }).toEqual({ verdict: 'GILTIG', etsi: { indication: 'TOTAL-PASSED' } });
    for (const sig of later.signatures.filter((x) => x.kind !== 'document-timestamp')) {
      expect(sig.certificate?.referenceTimeSource).toBe('timestamp');
      expect(new Date(sig.signer!.notAfter).getTime()).toBeLessThan(Date.now() + 10 * YEAR);
      expect(sig.etsi).toEqual({ indication: 'TOTAL-PASSED' });
    }

    // The same signatures without their time-stamps: nothing proves they were made before their
    // one-day certificates expired.
    for (let i = 0; i < cades.length; i++) {
      const bare = withoutTimestamp(pdf, i);
      writeFileSync(join(dir, `utan-tidsstampel-${i + 1}.pdf`), bare);
      expect(embeddedTimestamps(bare).filter((x) => x.field === `signatur.${i + 1}`)).toEqual([]);
      const r = validatePdf(bare, { trustAnchors: [rootPem], at: new Date(Date.now() + 10 * YEAR) });
      expect({ verdict: r.verdict, etsi: r.etsi }).toEqual({ verdict: 'KAN INTE AVGÖRAS', etsi: { indication: 'INDETERMINATE', subIndication: 'OUT_OF_BOUNDS_NO_POE' } });
      const mine = r.signatures.find((x) => x.field === `signatur.${i + 1}`)!;
      expect({ status: mine.status, etsi: mine.etsi }).toEqual({ status: 'indeterminate', etsi: { indication: 'INDETERMINATE', subIndication: 'OUT_OF_BOUNDS_NO_POE' } });
      // Today, with the certificate still valid, the same file is not KAN INTE AVGÖRAS for that reason.
      expect(validatePdf(bare, { trustAnchors: [rootPem] }).signatures.find((x) => x.field === `signatur.${i + 1}`)!.status).not.toBe('indeterminate');
    }

    // The CLI gives the same verdicts with --at.
    const cli = (file: string) => spawnSync(process.execPath, [join(ROOT, 'dist', 'apps', 'cli', 'src', 'main.js'), 'validate', file, '--trust', join(dir, 'root.pem'), '--at', new Date(Date.now() + 10 * YEAR).toISOString().slice(0, 10)], { encoding: 'utf8' });
    const c1 = cli(path);
    expect({ code: c1.status, out: c1.stdout.split('\n')[0] }).toEqual({ code: 0, out: 'Resultat: GILTIG' });
    const c2 = cli(join(dir, 'utan-tidsstampel-1.pdf'));
    expect({ code: c2.status, out: c2.stdout.split('\n')[0] }).toEqual({ code: 1, out: 'Resultat: KAN INTE AVGÖRAS' });
    expect(c2.stdout).toContain('INDETERMINATE / OUT_OF_BOUNDS_NO_POE');
  });
});

describe('cli renew (PAdES-LTA archive renewal)', () => {
  it('extends a document whose time-stamping unit is about to expire; validation after the old expiry passes', async () => {
    const env: Record<string, string | undefined> = { ...process.env, JUSTERA_SECRET: 'long-term-e2e-secret-0123456789-abcdef', JUSTERA_CA_DIR: join(dir, 'ca'), JUSTERA_ORGANISATION: 'Arkivkommunen' };
    delete env.TSA_URL;
    delete env.JUSTERA_TSA_URL;
    const { ca } = loadCertificateAuthority(env, { create: true });
    // A unit whose certificate ends in three days (an old archive), used for the signature and the document time-stamp.
    const shortUnit = new LocalTimestampAuthority(issueTsaCertificate(ca, { name: 'Gammal tidsstämpelenhet', now: new Date(), validityMs: 3 * DAY, byRoot: true }));
    let pdf = await samplePdf({ signatures: 1 });
    pdf = await signPdfField(pdf, {
      fieldName: 'signatur.1',
      signer: issueSignerCertificate(ca, { name: 'Arkiv Sekreterare', role: 'Sekreterare', organisation: ca.organisation, now: new Date() }),
      reason: 'Justerat i egenskap av sekreterare',
      time: new Date(),
      certify: true,
      tsa: shortUnit,
      appearance: { lines: ['Arkiv Sekreterare'] },
    });
    const old = await addLta(pdf, { dss: dssDataFor(ca, new Date()), tsa: shortUnit });
    writeFileSync(join(dir, 'arkiv.pdf'), old);
    const rootPem = new X509Certificate(ca.root.certificate).toString();
    const afterExpiry = new Date(shortUnit.notAfter.getTime() + DAY);
    expect(validatePdf(old, { trustAnchors: [rootPem] }).verdict).toBe('GILTIG');
    const stale = validatePdf(old, { trustAnchors: [rootPem], at: afterExpiry });
    expect({ verdict: stale.verdict, etsi: stale.etsi?.indication }).toEqual({ verdict: 'KAN INTE AVGÖRAS', etsi: 'INDETERMINATE' });

    const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'dist', 'apps', 'cli', 'src', 'main.js'), ...args], { encoding: 'utf8', env });
    const r = cli('renew', join(dir, 'arkiv.pdf'), join(dir, 'arkiv-fornyad.pdf'), '--if-due', '365');
    expect({ code: r.status, err: r.stderr }).toMatchObject({ code: 0 });
    const renewed = readFileSync(join(dir, 'arkiv-fornyad.pdf'));
    expect(renewed.subarray(0, old.length).equals(old)).toBe(true);
    const docs = embeddedTimestamps(renewed).filter((x) => x.kind === 'document');
    expect(docs).toHaveLength(2);
    expect(docs[1]!.unitNotAfter!.getTime()).toBeGreaterThan(Date.now() + 10 * YEAR);

    const ok = validatePdf(renewed, { trustAnchors: [rootPem], at: afterExpiry });
    expect({ verdict: ok.verdict, etsi: ok.etsi }).toEqual({ verdict: 'GILTIG', etsi: { indication: 'TOTAL-PASSED' } });
    expect(ok.signatures.find((x) => x.kind !== 'document-timestamp')!.certificate!.referenceTimeSource).toBe('timestamp');
    const tenYears = validatePdf(renewed, { trustAnchors: [rootPem], at: new Date(Date.now() + 10 * YEAR) });
    expect(tenYears.verdict).toBe('GILTIG');

    // Not due again: nothing is written, exit code 3.
    const again = cli('renew', join(dir, 'arkiv-fornyad.pdf'), join(dir, 'igen.pdf'), '--if-due', '365');
    expect(again.status).toBe(3);
  });
});
