/**
 * The identity level of a signature (issue 18): written by libs/pades as a certificate policy of the
 * one-use signer certificate, read back by the validator on its own (its own DER reader and its own
 * copy of the OIDs). Test-only use of @justera/pades.
 */
import { certificateToPem, createDevelopmentCa, IDENTIFICATION_POLICY, issueSignerCertificate, signPdfField } from '@justera/pades';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { renderHtml, renderText, validatePdf } from './index';
import { IDENTIFICATION_POLICY_OIDS } from './oids';

const NOW = new Date('2026-12-06T09:00:00Z');
jest.setTimeout(60_000);

async function withFields(n: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const fields = Array.from({ length: n }, (_, i) =>
    doc.context.register(
      doc.context.obj({
        FT: 'Sig',
        T: PDFString.of(`Underskrift${i + 1}`),
        Type: 'Annot',
        Subtype: 'Widget',
        Rect: [72, 100 * (i + 1), 272, 100 * (i + 1) + 40],
        F: 4,
        P: page.ref,
      }),
    ),
  );
  page.node.set(PDFName.of('Annots'), doc.context.obj(fields));
  doc.catalog.set(PDFName.of('AcroForm'), doc.context.obj({ Fields: fields }));
  return Buffer.from(await doc.save());
}

describe('the identity level in the signer certificate', () => {
  const ca = createDevelopmentCa({ organisation: 'Hälsingerådet', now: NOW, keyBits: 2048 });
  const stranger = createDevelopmentCa({ organisation: 'Någon annan', now: NOW, keyBits: 2048 });
  const anchors = [certificateToPem(ca.root.certificate)];
  const issue = (c: typeof ca, name: string, identification?: { level: 'e-postlank' | 'e-legitimation'; statement: string }) =>
    issueSignerCertificate(c, {
      name,
      role: 'Justerare',
      organisation: c.organisation,
      now: NOW,
      keyBits: 2048,
      ...(identification ? { identification } : {}),
    });
  let pdf: Buffer;
  let forged: Buffer;

  beforeAll(async () => {
    const people = [
      issue(ca, 'ASA MARIA OBERG', { level: 'e-legitimation', statement: 'Identifierad med e-legitimation (Freja eID)' }),
      issue(ca, 'Bo Berg', { level: 'e-postlank', statement: 'Identifierad: personlig länk via e-post' }),
      issue(ca, 'Cia Carlsson'),
    ];
    pdf = await withFields(3);
    for (const [i, signer] of people.entries())
      pdf = await signPdfField(pdf, {
        fieldName: `Underskrift${i + 1}`,
        signer,
        reason: 'Justerat',
        time: new Date(NOW.getTime() + i * 1000),
        appearance: { lines: ['x'] },
      });
    forged = await signPdfField(await withFields(1), {
      fieldName: 'Underskrift1',
      signer: issue(stranger, 'Per Lind', { level: 'e-legitimation', statement: 'Identifierad med e-legitimation (BankID)' }),
      reason: 'Justerat',
      time: NOW,
      appearance: { lines: ['x'] },
    });
  });

  it('uses the same policy numbers in the signer and the validator (each keeps its own copy)', () => {
    expect(Object.fromEntries(Object.entries(IDENTIFICATION_POLICY).map(([level, oid]) => [oid, level]))).toEqual(
      IDENTIFICATION_POLICY_OIDS,
    );
  });

  it('is GILTIG from a CA whose name has å and ä (the issuer name is the CA subject byte for byte)', () => {
    const r = validatePdf(pdf, { trustAnchors: anchors, now: new Date(NOW.getTime() + 3600_000) });
    expect(r.signatures.map((s) => [s.certificate?.chainTrusted, s.signer?.issuer])).toEqual(
      Array(3).fill([true, 'C=SE, O=Hälsingerådet, CN=Hälsingerådet Justera Issuing CA (utveckling)']),
    );
    expect(r.verdict).toMatch(/^GILTIG/);
  });

  it('reports e-legitimation with provider and verified name, e-postlänk, and nothing for a certificate without the policy', () => {
    const r = validatePdf(pdf, { trustAnchors: anchors, now: new Date(NOW.getTime() + 3600_000) });
    expect(r.signatures.map((s) => s.identification)).toEqual([
      {
        level: 'e-legitimation',
        policy: IDENTIFICATION_POLICY['e-legitimation'],
        statement: 'Identifierad med e-legitimation (Freja eID)',
        provider: 'Freja eID',
        verifiedName: 'ASA MARIA OBERG',
        statedBy: 'Hälsingerådet Justera Issuing CA (utveckling)',
        trusted: true,
      },
      {
        level: 'e-postlank',
        policy: IDENTIFICATION_POLICY['e-postlank'],
        statement: 'Identifierad: personlig länk via e-post',
        provider: null,
        verifiedName: null,
        statedBy: 'Hälsingerådet Justera Issuing CA (utveckling)',
        trusted: true,
      },
      null,
    ]);
  });

  it('shows it in the text and HTML reports', () => {
    const r = validatePdf(pdf, { trustAnchors: anchors, now: new Date(NOW.getTime() + 3600_000) });
    const text = renderText(r);
    expect(text).toContain(
      'Identifiering: E-legitimation (Freja eID), verifierat namn ASA MARIA OBERG – enligt certifikatet från Hälsingerådet Justera Issuing CA (utveckling)\n',
    );
    expect(text).toContain('Identifiering: Personlig länk via e-post (ingen e-legitimation) – enligt certifikatet från');
    expect(text).toContain('Identifiering: anges inte i certifikatet');
    expect(renderHtml(r)).toContain('E-legitimation (Freja eID), verifierat namn ASA MARIA OBERG');
  });

  it('says that the statement of an untrusted certificate is not proven', () => {
    const r = validatePdf(forged, { trustAnchors: anchors, now: new Date(NOW.getTime() + 3600_000) });
    expect(r.verdict).toBe('KAN INTE AVGÖRAS');
    expect(r.signatures[0].identification).toMatchObject({ level: 'e-legitimation', provider: 'BankID', trusted: false });
    expect(renderText(r)).toContain(
      'enligt certifikatet från Någon annan Justera Issuing CA (utveckling), som inte är betrott: uppgiften är inte styrkt',
    );
  });

  it('refuses a notice longer than a DisplayText may be', () => {
    expect(() => issue(ca, 'X Y', { level: 'e-legitimation', statement: `Identifierad med e-legitimation (${'x'.repeat(200)})` })).toThrow(
      /200/,
    );
  });
});
