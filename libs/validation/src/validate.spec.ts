import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { renderHtml, renderJson, renderText, validatePdf, ValidationReport } from './index';
import { PdfDict, PdfReader, PdfRef } from '@justera/pdf-reader';
import { appendRevision, basePdf, serialize, signPdf } from './testing/pdf';
import { makeCert, makeCms, makeCrl, makeOcsp, testPki } from './testing/pki';

const run = promisify(execFile);
const CORPUS = join(__dirname, '../../../../shared/pdf-corpus/pyhanko');
const pki = testPki();
const anchors = [pki.root.pem];
const tsa = { cert: pki.tsa, chain: [pki.root], time: new Date() };

function signedThree(): Buffer {
  let pdf = basePdf({ pages: 2 });
  pdf = signPdf(pdf, { signer: pki.sekreterare, chain: [pki.root], field: 'Sekreterare', crls: [pki.crl] });
  pdf = signPdf(pdf, { signer: pki.ordforande, chain: [pki.root], field: 'Ordforande', crls: [pki.crl], tsa });
  pdf = signPdf(pdf, { signer: pki.justerare, chain: [pki.root], field: 'Justerare', crls: [pki.crl] });
  return pdf;
}
const GOOD = signedThree();
const ONE = signPdf(basePdf(), { signer: pki.sekreterare, chain: [pki.root], field: 'Sekreterare', crls: [pki.crl] });

const v = (pdf: Buffer, extra: Parameters<typeof validatePdf>[1] = {}): ValidationReport => validatePdf(pdf, { trustAnchors: anchors, ...extra });
const codes = (r: ValidationReport): string[] => [...r.findings, ...r.signatures.flatMap((s) => s.findings)].map((x) => x.code);
const attacks = (r: ValidationReport): string[] => r.attacks.map((a) => a.name);

/** Replaces the first occurrence of `from` after `after` with `to` (same length). */
function patch(pdf: Buffer, from: string, to: string, after = 0): Buffer {
  if (from.length !== to.length) throw new Error('patch must keep the length');
  const out = Buffer.from(pdf);
  const i = out.indexOf(from, after, 'latin1');
  if (i < 0) throw new Error(`"${from}" not found`);
  out.write(to, i, 'latin1');
  return out;
}

describe(validatePdf.name, () => {
  describe('good documents', () => {
    it('three signatures in order are GILTIG, with signer, role, revision and coverage', () => {
      const r = v(GOOD);
      expect(r.verdict).toBe('GILTIG');
      expect(r.attacks).toEqual([]);
      expect(r.document.revisions).toBe(4);
      expect(r.document.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(r.signatures.map((s) => [s.field, s.signer?.name, s.signer?.role, s.signer?.organisation, s.revision, s.coverage])).toEqual([
        ['Sekreterare', 'Anna Sekreterare', 'Sekreterare', 'Testkommunen', 2, 'whole-revision'],
        ['Ordforande', 'Bertil Ordförande', 'Ordförande', 'Testkommunen', 3, 'whole-revision'],
        ['Justerare', 'Cecilia Justerare', 'Justerare', 'Testkommunen', 4, 'whole-file'],
      ]);
      for (const s of r.signatures) {
        expect(s.status).toBe('valid');
        expect(s.byteRange.ok).toBe(true);
        expect(s.cms.messageDigestOk).toBe(true);
        expect(s.cms.signatureOk).toBe(true);
        expect(s.cms.pades.ok).toBe(true);
        expect(s.certificate?.chainTrusted).toBe(true);
        expect(s.certificate?.revocation.status).toBe('good');
        for (const c of s.changesAfter) expect(c.notAllowed).toEqual([]);
      }
      expect(r.signatures[0]!.changesAfter.map((c) => c.revision)).toEqual([3, 4]);
      expect(r.summary.sv).toContain('alla 3 underskrifter är giltiga');
    });

    it('takes the signing time from a verified timestamp', () => {
      const s = v(GOOD).signatures[1]!;
      expect(s.timestamp).toMatchObject({ verified: true, trusted: true, authority: 'Justera Test TSA' });
      expect(s.certificate?.referenceTimeSource).toBe('timestamp');
      expect(s.certificate?.referenceTime).toBe(s.timestamp?.time);
    });

    it('without revocation data it is GILTIG MED ANMÄRKNING', () => {
      const pdf = signPdf(basePdf(), { signer: pki.sekreterare, chain: [pki.root], field: 'S' });
      const r = v(pdf);
      expect(r.verdict).toBe('GILTIG MED ANMÄRKNING');
      expect(codes(r)).toContain('revocation-unknown');
    });

    it('legacy adbe.pkcs7.detached with signing-time is GILTIG MED ANMÄRKNING (not PAdES)', () => {
      const pdf = signPdf(basePdf(), { signer: pki.sekreterare, chain: [pki.root], field: 'S', crls: [pki.crl], subFilter: 'adbe.pkcs7.detached', signingTime: new Date() });
      const r = v(pdf);
      expect(r.verdict).toBe('GILTIG MED ANMÄRKNING');
      expect(codes(r)).toContain('not-pades-baseline');
      expect(r.signatures[0]!.cms.pades.noSigningTime).toBe(false);
    });

    it('calls the knownDocument hook with the SHA-256', () => {
      const seen: string[] = [];
      const r = v(ONE, { knownDocument: (h) => (seen.push(h), { protocolId: 'p1' }) });
      expect(seen).toEqual([r.document.sha256]);
      expect(r.knownDocument).toEqual({ protocolId: 'p1' });
    });
  });

  describe('trust and certificates', () => {
    it('an untrusted chain is KAN INTE AVGÖRAS (ETSI INDETERMINATE / NO_CERTIFICATE_CHAIN_FOUND) even though the signature is intact', () => {
      const r = validatePdf(ONE, { trustAnchors: [] });
      expect(r.verdict).toBe('KAN INTE AVGÖRAS');
      expect(r.etsi).toEqual({ indication: 'INDETERMINATE', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND' });
      expect(r.signatures[0]!.cms.signatureOk).toBe(true);
      expect(codes(r)).toContain('untrusted-chain');
    });

    it('a revoked certificate is OGILTIG', () => {
      const crl = makeCrl(pki.root, [{ serial: pki.justerare.serial, at: new Date(Date.now() - 3600_000) }]);
      const pdf = signPdf(basePdf(), { signer: pki.justerare, chain: [pki.root], field: 'J', crls: [crl] });
      const r = v(pdf);
      expect(r.verdict).toBe('OGILTIG');
      expect(r.signatures[0]!.certificate?.revocation.status).toBe('revoked');
    });

    it('a certificate without signing key usage is KAN INTE AVGÖRAS (ETSI CHAIN_CONSTRAINTS_FAILURE)', () => {
      const bad = makeCert({ subject: { cn: 'Fel Nyckel' }, issuer: pki.root, keyUsage: 0x20 /* keyEncipherment */ });
      const r = v(signPdf(basePdf(), { signer: bad, chain: [pki.root], field: 'X', crls: [pki.crl] }));
      expect(r.verdict).toBe('KAN INTE AVGÖRAS');
      expect(r.etsi).toEqual({ indication: 'INDETERMINATE', subIndication: 'CHAIN_CONSTRAINTS_FAILURE' });
      expect(codes(r)).toContain('key-usage');
    });

    it('a signing-certificate-v2 hash of another certificate is OGILTIG', () => {
      const pdf = signPdf(basePdf(), {
        signer: pki.sekreterare,
        chain: [pki.root],
        field: 'S',
        cms: (digest) => makeCms({ signer: pki.sekreterare, chain: [pki.root], digest, crls: [pki.crl], signingCertificateOf: pki.ordforande }),
      });
      const r = v(pdf);
      expect(r.verdict).toBe('OGILTIG');
      expect(codes(r)).toContain('signing-certificate-mismatch');
    });

    it('a certificate expired without proof of existence before the expiry is KAN INTE AVGÖRAS (ETSI OUT_OF_BOUNDS_NO_POE), whatever /M claims', () => {
      const old = makeCert({ subject: { cn: 'Gammal Signerare' }, issuer: pki.root, notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') });
      const pdf = signPdf(basePdf(), { signer: old, chain: [pki.root], field: 'G', crls: [pki.crl], signingTime: new Date('2020-06-01') });
      const r = v(pdf);
      expect(codes(r)).toContain('certificate-expired-no-poe');
      expect(r.verdict).toBe('KAN INTE AVGÖRAS');
      expect(r.etsi).toEqual({ indication: 'INDETERMINATE', subIndication: 'OUT_OF_BOUNDS_NO_POE' });
      expect(r.signatures[0]!.status).toBe('indeterminate');
    });

    it('judged at a time before the certificate was valid, the signature is OGILTIG (NOT_YET_VALID)', () => {
      const r = v(ONE, { at: new Date('2001-01-01') });
      expect(r.verdict).toBe('OGILTIG');
      expect(r.etsi).toEqual({ indication: 'TOTAL-FAILED', subIndication: 'NOT_YET_VALID' });
    });
  });

  describe('attacks', () => {
    it('a page appended after signing is OGILTIG (incremental saving attack)', () => {
      const pdf = appendRevision(
        ONE,
        new Map([
          [2, '<< /Type /Pages /Kids [10 0 R 50 0 R] /Count 2 >>'],
          [50, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 51 0 R >>'],
          [51, '<< /Length 35 >>\nstream\nBT /F1 18 Tf 72 720 Td (Ny) Tj ET\nendstream'],
        ]),
      );
      const r = v(pdf);
      expect(r.verdict).toBe('OGILTIG');
      expect(attacks(r)).toContain('incremental-saving-attack');
      expect(r.signatures[0]!.changesAfter[0]!.notAllowed.map((c) => c.en).join()).toMatch(/page tree changed/);
    });

    it('changed text in a later revision is OGILTIG (shadow attack)', () => {
      const pdf = appendRevision(ONE, new Map([[11, '<< /Length 43 >>\nstream\nBT /F1 18 Tf 72 720 Td (Avslag sida 1) Tj ET\nendstream']]));
      const r = v(pdf);
      expect(r.verdict).toBe('OGILTIG');
      expect(attacks(r)).toContain('shadow-attack');
      expect(r.signatures[0]!.changesAfter[0]!.notAllowed[0]!.sv).toContain('innehållet på sida 1');
    });

    it('an overlay annotation added after signing is OGILTIG', () => {
      const pdf = appendRevision(
        ONE,
        new Map([
          [10, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 11 0 R /Annots [13 0 R 60 0 R] >>'],
          [60, '<< /Type /Annot /Subtype /FreeText /Rect [72 700 400 740] /Contents (Beslut: avslag) /DA (/F1 18 Tf) >>'],
        ]),
      );
      const r = v(pdf);
      expect(r.verdict).toBe('OGILTIG');
      expect(r.signatures[0]!.changesAfter[0]!.notAllowed.map((c) => c.en).join()).toMatch(/page 1 changed.*not signature fields/);
    });

    it('a widened ByteRange is OGILTIG (signature wrapping)', () => {
      const s = v(ONE).signatures[0]!;
      const [a, b, c, d] = s.byteRange.values!;
      const pdf = patch(ONE, `/ByteRange [${a} ${b} ${c} ${d}]`, `/ByteRange [${a} ${b! + 2} ${c} ${d}]`.padEnd(`/ByteRange [${a} ${b} ${c} ${d}]`.length, ' ').slice(0, `/ByteRange [${a} ${b} ${c} ${d}]`.length));
      const r = v(pdf);
      expect(r.verdict).toBe('OGILTIG');
      expect(attacks(r)).toContain('signature-wrapping');
    });

    it('a split ByteRange is flagged even when the CMS signs exactly those bytes', () => {
      const pdf = signPdf(basePdf(), {
        signer: pki.sekreterare,
        chain: [pki.root],
        field: 'S',
        crls: [pki.crl],
        byteRange: ([, b, c, d]) => [0, b! - 20, b! - 10, 10, c!, d!],
      });
      const r = v(pdf);
      expect(r.signatures[0]!.cms.messageDigestOk).toBe(true);
      expect(r.verdict).toBe('OGILTIG');
      expect(attacks(r)).toContain('signature-wrapping');
      expect(r.signatures[0]!.coverage).toBe('suspicious');
    });

    it('/Contents pointing elsewhere (a re-written signature dictionary) is OGILTIG', () => {
      const reader = v(ONE).signatures[0]!;
      const text = ONE.toString('latin1');
      const sigNum = Number(/(\d+) 0 obj\n<< \/Type \/Sig/.exec(text)![1]);
      const cms = /\/Contents <([0-9a-f]+)>/.exec(text)![1]!;
      const pdf = appendRevision(ONE, new Map([[sigNum, `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [${reader.byteRange.values!.join(' ')}] /Contents <${cms}> >>`]]));
      const r = v(pdf);
      expect(r.verdict).toBe('OGILTIG');
      expect(attacks(r).some((a) => a === 'signature-wrapping' || a === 'incremental-saving-attack')).toBe(true);
    });

    it('a removed CMS is OGILTIG (universal signature forgery)', () => {
      const text = ONE.toString('latin1');
      const m = /\/Contents <([0-9a-f]+)>/.exec(text)!;
      const pdf = Buffer.from(ONE);
      pdf.write('0'.repeat(m[1]!.length), m.index + '/Contents <'.length, 'latin1');
      const r = v(pdf);
      expect(r.verdict).toBe('OGILTIG');
      expect(attacks(r)).toContain('universal-signature-forgery');
    });

    it('a missing /ByteRange is OGILTIG (universal signature forgery)', () => {
      const r = v(patch(ONE, '/ByteRange [', '/ByteRangX ['));
      expect(r.verdict).toBe('OGILTIG');
      expect(attacks(r)).toContain('universal-signature-forgery');
    });

    it('a changed byte inside the signed range is OGILTIG (digest mismatch)', () => {
      const r = v(patch(ONE, 'Protokoll kommunstyrelsen', 'Protokoll kommunfullmakt'.padEnd(25, 'X')));
      expect(r.verdict).toBe('OGILTIG');
      expect(codes(r)).toContain('digest-mismatch');
    });

    it('data appended after the signed revision is OGILTIG', () => {
      const r = v(Buffer.concat([ONE, Buffer.from('1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction 9 0 R >>\nendobj\n')]));
      expect(r.verdict).toBe('OGILTIG');
      expect(codes(r)).toContain('uncovered-tail');
    });
  });

  describe('certification and form filling', () => {
    const withTextField = (): Buffer =>
      appendRevision(
        basePdf(),
        new Map([
          [1, '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [70 0 R] /DA (/Helv 0 Tf 0 g) >> >>'],
          [10, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 11 0 R /Annots [70 0 R] >>'],
          [70, '<< /FT /Tx /T (Anteckning) /Type /Annot /Subtype /Widget /Rect [72 100 300 120] /P 10 0 R >>'],
        ]),
      );
    const fill = (pdf: Buffer): Buffer => appendRevision(pdf, new Map([[70, '<< /FT /Tx /T (Anteckning) /V (Ifylld) /Type /Annot /Subtype /Widget /Rect [72 100 300 120] /P 10 0 R >>']]));

    it('filling a text field after a P=2 certification is allowed and listed (info)', () => {
      const cert = signPdf(withTextField(), { signer: pki.sekreterare, chain: [pki.root], field: 'Cert', crls: [pki.crl], certifyP: 2 });
      const r = v(fill(cert));
      expect(r.signatures[0]!.kind).toBe('certification');
      expect(r.signatures[0]!.docMdpP).toBe(2);
      expect(r.verdict).toBe('GILTIG');
      expect(codes(r)).toContain('form-filled-after-signing');
    });

    it('filling a text field after an approval signature (no certification) is OGILTIG', () => {
      const signed = signPdf(withTextField(), { signer: pki.sekreterare, chain: [pki.root], field: 'S', crls: [pki.crl] });
      expect(v(fill(signed)).verdict).toBe('OGILTIG');
    });

    it('after a P=1 certification even a new signature is not allowed', () => {
      const cert = signPdf(basePdf(), { signer: pki.sekreterare, chain: [pki.root], field: 'Cert', crls: [pki.crl], certifyP: 1 });
      const r = v(signPdf(cert, { signer: pki.ordforande, chain: [pki.root], field: 'O', crls: [pki.crl] }));
      expect(r.verdict).toBe('OGILTIG');
    });
  });

  describe('robustness', () => {
    it('files that are not PDFs, too large, or too slow get KAN INTE LÄSAS quickly', () => {
      expect(validatePdf(Buffer.from('hello')).verdict).toBe('KAN INTE LÄSAS');
      const big = validatePdf(GOOD, { maxBytes: 1000 });
      expect(big.verdict).toBe('KAN INTE LÄSAS');
      expect(big.summary.sv).toContain('större än gränsen');
      const t = Date.now();
      const slow = validatePdf(GOOD, { trustAnchors: anchors, timeLimitMs: 0 });
      expect(['KAN INTE LÄSAS', 'OGILTIG']).toContain(slow.verdict);
      expect(Date.now() - t).toBeLessThan(2000);
    });

    it('an unsigned document is EJ SIGNERAD', () => {
      expect(v(basePdf()).verdict).toBe('EJ SIGNERAD');
    });
  });

  describe('renderers', () => {
    it('JSON is the report itself with stable field names', () => {
      const r = v(GOOD);
      const j = JSON.parse(renderJson(r));
      expect(j.schema).toBe('justera.validation/1');
      expect(Object.keys(j)).toEqual(['schema', 'validatedAt', 'verdict', 'etsi', 'summary', 'document', 'signatures', 'attacks', 'findings', 'durationMs']);
      expect(Object.keys(j.signatures[0])).toEqual(
        expect.arrayContaining(['field', 'kind', 'signer', 'revision', 'coverage', 'byteRange', 'cms', 'certificate', 'changesAfter', 'status', 'etsi', 'findings']),
      );
    });

    it('HTML is escaped and accessible (headings, tables with th and captions)', () => {
      const pdf = signPdf(basePdf(), { signer: pki.sekreterare, chain: [pki.root], field: '<script>alert(1)</script>', crls: [pki.crl] });
      const html = renderHtml(v(pdf));
      expect(html).not.toContain('<script>');
      expect(html).toContain('&lt;script&gt;');
      expect(html).toMatch(/<h2 id="vr-resultat">Resultat: <span[^>]*>GILTIG<\/span><\/h2>/);
      expect(html).toContain('<th scope="row">SHA-256</th>');
      expect(html).toContain('<caption>');
    });

    it('HTML shows English only folded away as technical detail: a changed document reads in Swedish', () => {
      const r = v(patch(ONE, 'Protokoll kommunstyrelsen', 'Protokoll kommunfullmakt'.padEnd(25, 'X')));
      const html = renderHtml(r);
      expect(html).toContain('Dokumentet har ändrats: innehållet stämmer inte med det som undertecknades.');
      // The developer's sentence stays in the report (JSON, the folded details), not in the open text.
      const open = html.replace(/<details class="tekniskt">[\s\S]*?<\/details>/, '');
      expect(html).toContain('The message digest does not match');
      expect(open).not.toContain('The message digest does not match');
      expect(open).not.toMatch(/lang="en"/);
    });

    it('text output is Swedish', () => {
      const t = renderText(v(GOOD));
      expect(t).toContain('Resultat: GILTIG');
      expect(t).toContain('Undertecknare: Bertil Ordförande');
    });
  });

  describe('pyHanko corpus', () => {
    const files = (d: string): string[] => readdirSync(join(CORPUS, d)).filter((f) => f.endsWith('.pdf'));

    it.each(files('coverage-anomalies').filter((f) => f !== 'base.pdf'))('coverage-anomalies/%s: the HTML report says the coverage in Swedish only', (f) => {
      const r = validatePdf(readFileSync(join(CORPUS, 'coverage-anomalies', f)), { trustAnchors: [] });
      const reason = r.signatures[0]!.coverageReason;
      expect(reason).toBeTruthy();
      const open = renderHtml(r).replace(/<details class="tekniskt">[\s\S]*?<\/details>/, '');
      expect(open).not.toContain(reason);
      expect(renderText(r)).toContain(reason); // the CLI keeps it for engineers
    });

    it.each(files('coverage-anomalies').filter((f) => f !== 'base.pdf'))('coverage-anomalies/%s is never a clean verdict and is flagged', (f) => {
      const r = validatePdf(readFileSync(join(CORPUS, 'coverage-anomalies', f)), { trustAnchors: [] });
      expect(['OGILTIG']).toContain(r.verdict);
      expect(r.signatures[0]!.coverage).toBe('suspicious');
      expect(r.attacks.length).toBeGreaterThan(0);
    });

    it.each(files('signed'))('signed/%s: every signature is reported', (f) => {
      const r = validatePdf(readFileSync(join(CORPUS, 'signed', f)), { trustAnchors: [] });
      expect(r.signatures.length).toBeGreaterThanOrEqual(1);
      for (const s of r.signatures) {
        expect(s.signer?.subject ?? s.kind).toBeTruthy();
        expect(s.revision).not.toBeNull();
        for (const c of s.changesAfter) expect(c.notAllowed).toEqual([]);
      }
      // pyHanko's CA is not trusted here, so never GILTIG: KAN INTE AVGÖRAS (no chain), or OGILTIG.
      expect(['KAN INTE AVGÖRAS', 'OGILTIG']).toContain(r.verdict);
      expect(codes(r)).toContain('untrusted-chain');
    });

    it.each(files('malformed'))('malformed/%s: a clear answer, quickly', (f) => {
      const t = Date.now();
      const r = validatePdf(readFileSync(join(CORPUS, 'malformed', f)));
      // The legal oddity must be read; every broken file is refused with a reason.
      expect(r.verdict).toBe(f === 'minimal-hybrid-xref.pdf' ? 'EJ SIGNERAD' : 'KAN INTE LÄSAS');
      expect(r.summary.sv.length).toBeGreaterThan(10);
      expect(Date.now() - t).toBeLessThan(1000);
    });

    it.each(files('encrypted'))('encrypted/%s: KAN INTE LÄSAS, encrypted', (f) => {
      const r = validatePdf(readFileSync(join(CORPUS, 'encrypted', f)));
      expect(r.verdict).toBe('KAN INTE LÄSAS');
      expect(r.document.encrypted).toBe(true);
      expect(r.summary.sv).toContain('krypterad');
    });
  });

  describe('agreement with pdfsig (digest part)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'justera-pdfsig-'));
    const ours: [string, Buffer][] = [
      ['good-three.pdf', GOOD],
      ['tampered.pdf', patch(ONE, 'Protokoll kommunstyrelsen', 'Protokoll kommunfullmakt'.padEnd(25, 'X'))],
    ];
    const corpus = ['coverage-anomalies', 'signed'].flatMap((d) => readdirSync(join(CORPUS, d)).map((f) => join(CORPUS, d, f)));

    async function pdfsig(path: string): Promise<Map<string, boolean>> {
      let out = '';
      try {
        out = (await run('pdfsig', ['-nocert', path])).stdout;
      } catch (e) {
        out = (e as { stdout?: string }).stdout ?? '';
      }
      const res = new Map<string, boolean>();
      for (const block of out.split(/Signature #\d+:/).slice(1)) {
        const name = /Signature Field Name: (.*)/.exec(block)?.[1]?.trim();
        const val = /Signature Validation: (.*)/.exec(block)?.[1]?.trim() ?? '';
        if (!name) continue;
        if (val === 'Signature is Valid.') res.set(name, true);
        else if (/Invalid|Digest Mismatch/i.test(val)) res.set(name, false);
      }
      return res;
    }

    it.each([...corpus.map((p) => [p.split('/').slice(-2).join('/'), p] as const), ...ours.map(([n]) => [n, join(dir, n)] as const)])('%s', async (_n, path) => {
      const own = ours.find(([n]) => path.endsWith(n));
      if (own) writeFileSync(path, own[1]);
      const theirs = await pdfsig(path);
      const r = validatePdf(readFileSync(path), { trustAnchors: [] });
      for (const [field, valid] of theirs) {
        const s = r.signatures.find((x) => x.field === field);
        expect(s).toBeDefined();
        const mine = s!.cms.messageDigestOk !== false && s!.cms.signatureOk === true;
        expect([field, mine]).toEqual([field, valid]);
      }
    });
  });
});

describe('removed signatures', () => {
  it('a signature field dropped from the form in a later revision is still found, and OGILTIG', () => {
    const pki2 = testPki();
    const one = signPdf(basePdf(), { signer: pki2.sekreterare, chain: [pki2.root], field: 'Sekreterare', crls: [pki2.crl] });
    const pdf = appendRevision(one, new Map([[1, '<< /Type /Catalog /Pages 2 0 R >>']]));
    const r = validatePdf(pdf, { trustAnchors: [pki2.root.pem] });
    expect(r.signatures.map((s) => s.field)).toEqual(['Sekreterare']);
    expect(r.verdict).toBe('OGILTIG');
    expect(r.signatures[0]!.findings.map((x) => x.code)).toContain('signature-removed');
  });
});

describe('leftover data', () => {
  it('unreferenced bytes inside a later revision are a remark (e.g. a cut-off signature revision)', () => {
    const pki2 = testPki();
    const one = signPdf(basePdf(), { signer: pki2.sekreterare, chain: [pki2.root], field: 'Sekreterare', crls: [pki2.crl] });
    const withJunk = Buffer.concat([one, Buffer.from('99 0 obj\n<< /Type /Sig /Contents <3082> >>\nendobj\n')]);
    const pdf = appendRevision(withJunk, new Map([[4, '<< /Producer (Justera) /Title (Protokoll) >>']]));
    const r = validatePdf(pdf, { trustAnchors: [pki2.root.pem] });
    expect(r.verdict).toBe('GILTIG MED ANMÄRKNING');
    expect(r.signatures[0]!.findings.map((x) => x.code)).toContain('unreferenced-data');
  });
});

describe('OCSP', () => {
  const pki2 = testPki();
  /** Adds a /DSS with one OCSP response in a new revision. */
  function withDssOcsp(pdf: Buffer, ocsp: Buffer): Buffer {
    const r = PdfReader.open(pdf);
    const cat = new Map(r.catalog().entries);
    const n = r.size;
    cat.set('DSS', new PdfRef(n, 0));
    const stream = Buffer.concat([Buffer.from(`<< /Length ${ocsp.length} >>\nstream\n`), ocsp, Buffer.from('\nendstream')]);
    const rootNum = (r.trailer.get('Root') as { num: number }).num;
    return appendRevision(pdf, new Map<number, string | Buffer>([[rootNum, serialize(new PdfDict(cat))], [n, `<< /OCSPs [${n + 1} 0 R] >>`], [n + 1, stream]]));
  }

  it('a good OCSP response in /DSS gives revocation status good', () => {
    const signed = signPdf(basePdf(), { signer: pki2.sekreterare, chain: [pki2.root], field: 'S' });
    const r = validatePdf(withDssOcsp(signed, makeOcsp(pki2.root, pki2.sekreterare, 'good', new Date())), { trustAnchors: [pki2.root.pem] });
    expect(r.signatures[0]!.certificate?.revocation).toMatchObject({ status: 'good', source: 'OCSP' });
    expect(r.verdict).toBe('GILTIG');
  });

  it('a revoked OCSP response makes the signature OGILTIG; a forged one is ignored', () => {
    const signed = signPdf(basePdf(), { signer: pki2.justerare, chain: [pki2.root], field: 'J' });
    const revoked = validatePdf(withDssOcsp(signed, makeOcsp(pki2.root, pki2.justerare, 'revoked', new Date(), new Date(Date.now() - 3600_000))), { trustAnchors: [pki2.root.pem] });
    expect(revoked.signatures[0]!.certificate?.revocation.status).toBe('revoked');
    expect(revoked.verdict).toBe('OGILTIG');
    // Signed by a look-alike "root" with another key: not from the issuer, so it says nothing.
    const fake = makeCert({ subject: { cn: 'Justera Test Root CA', o: 'Testkommunen' }, ca: true });
    const forged = validatePdf(withDssOcsp(signed, makeOcsp(fake, pki2.justerare, 'good', new Date())), { trustAnchors: [pki2.root.pem] });
    expect(forged.signatures[0]!.certificate?.revocation.status).toBe('unknown');
  });
});
