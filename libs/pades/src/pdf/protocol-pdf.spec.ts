/**
 * End to end on a protocol rendered by libs/pdf: every signatory signs its field in order (the
 * sekreterare certifies), the DSS is added, the anslag dates are filled and sealed, and pdfsig,
 * qpdf and openssl agree at each step.
 */
import { createHash } from 'node:crypto';
import { ANSLAG_FIELDS, renderProtocolPdf, sampleProtocol, signatureFieldName } from '@justera/pdf';
import { PdfReader } from '@justera/pdf-reader';
import { dssDataFor } from '../crypto/crl';
import { issueSealCertificate, issueSignerCertificate, type CertificateAuthority } from '../crypto/certificates';
import { testCa } from '../testing/ca-fixture';
import { nssDbTrusting, pdfsig, qpdfCheck, signaturesIn, signedBytes, type NssDb } from '../testing/pdf-checks';
import { pem, run, tempDir } from '../testing/tools';
import { signatureAppearanceLines } from './appearance';
import { fillFieldsAndSeal } from './fill';
import { addDss, signPdfField } from './sign';

// External checkers (openssl, pdfsig, qpdf) and key generation: slow on a busy machine.
jest.setTimeout(60_000);

describe('signing a protocol rendered by libs/pdf', () => {
  const tmp = tempDir();
  let ca: CertificateAuthority;
  let nss: NssDb;
  beforeAll(async () => {
    ca = testCa();
    nss = await nssDbTrusting(ca.root.certificate);
  });
  afterAll(() => {
    nss.cleanup();
    tmp.cleanup();
  });

  it('signs every signatory field in order, adds DSS, fills and seals the anslag: all valid and trusted', async () => {
    const now = new Date();
    let pdf = Buffer.from(await renderProtocolPdf(sampleProtocol({ paragraphs: 2, tableRows: 3 })));
    const approved = createHash('sha256').update(pdf).digest('hex');
    const sigFields = PdfReader.open(pdf)
      .fields()
      .filter((f) => f.type === 'Sig')
      .map((f) => f.name);
    expect(sigFields.length).toBeGreaterThanOrEqual(3);
    expect(sigFields[0]).toBe(signatureFieldName(1));
    for (const [i, field] of sigFields.entries()) {
      const role = i === 0 ? 'Sekreterare' : i === 1 ? 'Ordförande' : 'Justerande';
      const name = `Signatär ${i + 1}`;
      pdf = await signPdfField(pdf, {
        fieldName: field,
        signer: issueSignerCertificate(ca, { name, role, organisation: 'Hälsingland kommunalförbund', now }),
        reason: `Justerat i egenskap av ${role.toLowerCase()}`,
        location: 'Söderhamn',
        time: now,
        certify: i === 0,
        appearance: { lines: signatureAppearanceLines({ name, role, signedAt: now, transactionId: `t${i}`, documentSha256: approved }) },
      });
    }
    const signedFile = tmp.file('signed.pdf', pdf);
    const sig = await pdfsig(nss, signedFile);
    expect(sig.signatures.map((s) => s.valid && s.trusted)).toEqual(sigFields.map(() => true));
    expect(sig.signatures[sig.signatures.length - 1].total).toBe(true);
    let q = await qpdfCheck(signedFile);
    expect(q.code).toBe(0);
    expect(q.out).not.toMatch(/WARNING/i);

    pdf = addDss(pdf, dssDataFor(ca, now));
    pdf = await fillFieldsAndSeal(
      pdf,
      { [ANSLAG_FIELDS.uppsattande]: '2025-03-05', [ANSLAG_FIELDS.nedtagande]: '2025-03-27', [ANSLAG_FIELDS.sistaDagOverklagande]: '2025-03-26' },
      issueSealCertificate(ca, { organisation: 'Hälsingland kommunalförbund', now, keyBits: 2048 }),
      { reason: 'Anslag uppsatt på den digitala anslagstavlan', time: now },
    );
    const final = tmp.file('final.pdf', pdf);
    const all = await pdfsig(nss, final);
    expect(all.signatures.map((s) => s.valid && s.trusted)).toEqual([...sigFields.map(() => true), true]);
    q = await qpdfCheck(final);
    expect(q.code).toBe(0);
    expect(q.out).not.toMatch(/WARNING/i);
    // PDF/A needs every font embedded, also those of our appearance streams (pdffonts scans them).
    const fonts = (await run('pdffonts', [final])).stdout.split('\n').slice(2).filter((l) => l.trim());
    expect(fonts.some((l) => /NotoSans/.test(l) && /Identity-H/.test(l))).toBe(true);
    for (const line of fonts) expect(line).toMatch(/\s+yes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/);
    const root = tmp.file('root.pem', pem(ca.root.certificate));
    for (const [i, s] of signaturesIn(pdf).entries()) {
      const v = await run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-purpose', 'any', '-in', tmp.file(`s${i}.der`, s.cms), '-content', tmp.file(`c${i}.bin`, signedBytes(pdf, s.byteRange)), '-CAfile', root, '-out', '/dev/null']);
      expect(v.stderr).toContain('Verification successful');
    }
  });
});
