/**
 * Interoperability: documents signed by Justera's own signer (libs/pades) must validate, and
 * tampering with them must not. Test-only use of @justera/pades.
 */
import { addDocumentTimestamp, addDss, createCrl, createDevelopmentCa, fillFieldsAndSeal, issueSealCertificate, issueSignerCertificate, signPdfField, certificateToPem } from '@justera/pades';
import { renderProtocolPdf, sampleProtocol, signatureFieldName } from '@justera/pdf';
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { validatePdf } from './index';
import { appendRevision } from './testing/pdf';
import { makeTimestampToken, testPki } from './testing/pki';

const NOW = new Date('2025-03-05T09:00:00Z');

describe('validatePdf with libs/pades signatures', () => {
  const ca = createDevelopmentCa({ organisation: 'Exempelkommunen', now: NOW, keyBits: 2048, crlUrl: 'http://127.0.0.1:9/issuing.crl' });
  const mk = (name: string, role: string) => issueSignerCertificate(ca, { name, role, organisation: ca.organisation, now: NOW, validityMs: 3650 * 24 * 3600 * 1000 });
  const people = [mk('Anna Andersson', 'Sekreterare'), mk('Bo Berg', 'Ordförande'), mk('Cia Carlsson', 'Justerare')];
  const pki = testPki();
  const tsa = { timestamp: async (digest: Buffer) => makeTimestampToken({ cert: pki.tsa, chain: [pki.root], time: new Date(NOW.getTime() + 60_000) }, Buffer.alloc(0), digest) };
  const anchors = [certificateToPem(ca.root.certificate), pki.root.pem];
  let signed: Buffer;

  beforeAll(async () => {
    const doc = await PDFDocument.create(); // pdf-lib writes xref and object streams
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const pages = [1, 2].map((i) => {
      const pg = doc.addPage([595, 842]);
      pg.drawText(`Protokoll, sida ${i}`, { x: 72, y: 760, size: 18, font });
      return pg;
    });
    // Three empty signature fields on the last page, as the protocol renderer makes them.
    const last = pages[1]!;
    const fields = [1, 2, 3].map((i) =>
      doc.context.register(
        doc.context.obj({ FT: 'Sig', T: PDFString.of(`Underskrift${i}`), Type: 'Annot', Subtype: 'Widget', Rect: [72, 100 * i, 272, 100 * i + 40], F: 4, P: last.ref }),
      ),
    );
    last.node.set(PDFName.of('Annots'), doc.context.obj(fields));
    doc.catalog.set(PDFName.of('AcroForm'), doc.context.obj({ Fields: fields }));
    let pdf: Buffer = Buffer.from(await doc.save());
    for (const [i, p] of people.entries()) {
      pdf = await signPdfField(pdf, {
        fieldName: `Underskrift${i + 1}`,
        signer: p,
        reason: 'Justerat',
        time: new Date(NOW.getTime() + i * 1000),
        appearance: { lines: [`${p.certificate.length}`] },
        tsa: i === 1 ? tsa : undefined,
      });
    }
    const crl = createCrl(ca.issuing, [], NOW, new Date(NOW.getTime() + 7 * 86400_000));
    pdf = addDss(pdf, { certs: [ca.issuing.certificate, ca.root.certificate], crls: [crl] });
    signed = await addDocumentTimestamp(pdf, tsa);
  });

  it('three pades signatures + DSS + document timestamp are GILTIG', () => {
    const r = validatePdf(signed, { trustAnchors: anchors, now: new Date(NOW.getTime() + 3600_000) });
    expect(r.signatures.map((s) => [s.kind, s.signer?.name, s.signer?.role])).toEqual([
      ['signature', 'Anna Andersson', 'Sekreterare'],
      ['signature', 'Bo Berg', 'Ordförande'],
      ['signature', 'Cia Carlsson', 'Justerare'],
      ['document-timestamp', 'Justera Test TSA', undefined],
    ]);
    expect({ verdict: r.verdict, problems: r.signatures.flatMap((s) => s.findings.map((f) => `${s.field}: ${f.en}`)).concat(r.findings.map((f) => f.en)) }).toEqual({ verdict: 'GILTIG', problems: [] });
    expect(r.signatures[0]!.certificate?.revocation.status).toBe('good');
    // The summary counts what the page lists below it: signatures and the document time-stamp.
    expect(r.summary.sv).toContain('alla 3 underskrifter och dokumenttidsstämpeln är giltiga');
    expect(r.summary.en).toContain('all 3 signatures and the document time-stamp are valid');
  });

  it('a page added after the pades signatures is OGILTIG', async () => {
    const { PdfReader } = await import('@justera/pdf-reader');
    const rd = PdfReader.open(signed);
    const pagesRef = rd.catalog().get('Pages') as { num: number };
    const pages = rd.resolve(rd.catalog().get('Pages')) as import('@justera/pdf-reader').PdfDict;
    const kids = (rd.resolve(pages.get('Kids')) as import('@justera/pdf-reader').PdfArray).items.map(String).join(' ');
    const n = rd.size;
    const pdf = appendRevision(
      signed,
      new Map([
        [pagesRef.num, `<< /Type /Pages /Kids [${kids} ${n} 0 R] /Count 3 >>`],
        [n, `<< /Type /Page /Parent ${pagesRef.num} 0 R /MediaBox [0 0 595 842] >>`],
      ]),
    );
    const r = validatePdf(pdf, { trustAnchors: anchors, now: new Date(NOW.getTime() + 3600_000) });
    expect(r.verdict).toBe('OGILTIG');
    expect(r.attacks.map((a) => a.name)).toContain('incremental-saving-attack');
  });
});

describe('validatePdf on the Justera flow (rendered protocol, three signatures, ANSLAG fields filled and sealed)', () => {
  const ca = createDevelopmentCa({ organisation: 'Exempelkommunen', now: NOW, keyBits: 2048, crlUrl: 'http://127.0.0.1:9/issuing.crl' });
  const mk = (name: string, role: string) => issueSignerCertificate(ca, { name, role, organisation: ca.organisation, now: NOW, validityMs: 3650 * 24 * 3600 * 1000 });
  const people = [mk('Anna Andersson', 'Sekreterare'), mk('Bo Berg', 'Ordförande'), mk('Cia Carlsson', 'Justerare')];
  const seal = issueSealCertificate(ca, { organisation: ca.organisation, now: NOW, keyBits: 2048 });
  const anchors = [certificateToPem(ca.root.certificate)];
  const crl = createCrl(ca.issuing, [], NOW, new Date(NOW.getTime() + 7 * 86400_000));

  async function flow(certifyFirst: boolean): Promise<Buffer> {
    let pdf: Buffer = Buffer.from(await renderProtocolPdf(sampleProtocol({ paragraphs: 2, tableRows: 2 })));
    for (const [i, p] of people.entries()) {
      pdf = await signPdfField(pdf, { fieldName: signatureFieldName(i + 1), signer: p, reason: 'Justerat', time: new Date(NOW.getTime() + i * 1000), appearance: { lines: ['x'] }, certify: certifyFirst && i === 0 });
    }
    pdf = await fillFieldsAndSeal(pdf, { 'anslag.uppsattande': '2025-03-06', 'anslag.nedtagande': '2025-03-28', 'anslag.sistaDagOverklagande': '2025-03-27' }, seal, { reason: 'Anslag registrerat', time: new Date(NOW.getTime() + 5000) });
    return addDss(pdf, { certs: [ca.issuing.certificate, ca.root.certificate], crls: [crl] });
  }

  it('is GILTIG when the first signature certifies with P=2 (the fill is listed, not a remark)', async () => {
    const r = validatePdf(await flow(true), { trustAnchors: anchors, now: new Date(NOW.getTime() + 3600_000) });
    expect({ verdict: r.verdict, problems: r.signatures.flatMap((s) => s.findings.filter((f) => f.severity !== 'info').map((f) => `${s.field}: ${f.en}`)) }).toEqual({ verdict: 'GILTIG', problems: [] });
    expect(r.signatures.map((s) => s.kind)).toEqual(['certification', 'signature', 'signature', 'signature']);
    expect(r.signatures[0]!.findings.map((f) => f.code)).toContain('form-filled-after-signing');
  }, 30_000);

  it('is OGILTIG when nothing certified the document: filling fields after approval signatures is a change', async () => {
    const r = validatePdf(await flow(false), { trustAnchors: anchors, now: new Date(NOW.getTime() + 3600_000) });
    expect(r.verdict).toBe('OGILTIG');
    expect(r.signatures[0]!.changesAfter.flatMap((c) => c.notAllowed.map((x) => x.en)).join()).toMatch(/form field "anslag/);
  }, 30_000);
});
