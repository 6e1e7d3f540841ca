/**
 * PDF/A-2 through signing: the revisions libs/pades appends (signatures, DSS, document time-stamps,
 * the ANSLAG filling and seals, added signature fields) never add a construct PDF/A-2 forbids.
 * Checked with the mechanical checker of libs/pdf (testing/pdfa-check.ts; its rules are listed in
 * docs/pdf.md) after every step of generated signing sequences on generated protocols and reports,
 * and once end to end with poppler (pdffonts, pdfinfo -meta, pdfsig) and qpdf.
 */
import fc from 'fast-check';
import { generateProtocol } from '@justera/protocol';
import { ANSLAG_FIELDS, renderExcerptPdf, renderProtocolPdf, renderSimpleDocumentPdf, signatureFieldName } from '@justera/pdf';
import { PdfDict, PdfReader } from '@justera/pdf-reader';
import { validatePdf } from '@justera/validation';
import { checkPdfA2, type PdfAViolation } from '../../../pdf/src/testing/pdfa-check';
import { checkPdfUa, type PdfUaViolation } from '../../../pdf/src/testing/pdfua-check';
import { issueSealCertificate, issueTsaCertificate, type CertificateAuthority, type Signer } from '../crypto/certificates';
import { dssDataFor } from '../crypto/crl';
import { LocalTimestampAuthority } from '../crypto/local-tsa';
import { testCa, testSigner } from '../testing/ca-fixture';
import { nssDbTrusting, pdfsig, qpdfCheck, type NssDb } from '../testing/pdf-checks';
import { run, tempDir } from '../testing/tools';
import { signatureAppearanceLines } from './appearance';
import { fillFields, fillFieldsAndSeal } from './fill';
import { addLta } from './lta';
import { addDocumentTimestamp, addDss, addSignatureFields, sealPdf, signPdfField } from './sign';

jest.setTimeout(240_000);

type Op =
  | { k: 'sign'; lines: string[]; tsa: boolean }
  | { k: 'dss' }
  | { k: 'timestamp' }
  | { k: 'fill'; values: string[] }
  | { k: 'fillAndSeal'; values: string[]; visible: boolean; lines: string[] }
  | { k: 'seal'; visible: boolean; lines: string[] }
  | { k: 'addField'; rect: [number, number, number, number] }
  | { k: 'lta' };

/** Text as it reaches appearances: dates, Swedish and other European names, emoji, control characters, anything. */
const text = fc.oneof(
  fc.constantFrom('2025-03-05', 'Åsa Öberg', 'Łukasz Żółć, Dvořák', 'Ordförande 😀 ✓', '', 'tab\there\nnewline', '§ 627 – "citat"'),
  fc.string({ unit: 'binary', maxLength: 24 }),
);
const lines = fc.array(text, { minLength: 1, maxLength: 4 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constant('sign' as const), lines, tsa: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ k: 'dss' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'timestamp' as const }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('fill' as const), values: fc.array(text, { minLength: 3, maxLength: 3 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant('fillAndSeal' as const),
      values: fc.array(text, { minLength: 3, maxLength: 3 }),
      visible: fc.boolean(),
      lines,
    }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('seal' as const), visible: fc.boolean(), lines }) },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant('addField' as const),
      rect: fc.oneof(
        fc.constant<[number, number, number, number]>([0, 0, 0, 0]),
        fc.tuple(
          fc.integer({ min: 0, max: 300 }),
          fc.integer({ min: 0, max: 500 }),
          fc.integer({ min: 301, max: 560 }),
          fc.integer({ min: 501, max: 800 }),
        ),
      ),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ k: 'lta' as const }) },
);

type Base =
  { kind: 'protocol'; paragraphs: number; seed: number } | { kind: 'excerpt'; seed: number } | { kind: 'report'; lines: string[] };
const base: fc.Arbitrary<Base> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('protocol' as const),
      paragraphs: fc.integer({ min: 1, max: 3 }),
      seed: fc.integer({ min: 1, max: 10_000 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('excerpt' as const), seed: fc.integer({ min: 1, max: 10_000 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('report' as const),
      lines: fc.array(fc.oneof(text, fc.constant('# Rubrik'), fc.constant('')), { maxLength: 30 }),
    }),
  },
);

async function renderBase(b: Base): Promise<Buffer> {
  if (b.kind === 'report')
    return Buffer.from(await renderSimpleDocumentPdf({ title: 'Valideringsrapport: GILTIG', author: 'Justera', lines: b.lines }));
  const protocol = generateProtocol(b.kind === 'protocol' ? b.paragraphs : 3, b.seed);
  if (b.kind === 'excerpt') return Buffer.from(await renderExcerptPdf(protocol, [protocol.paragraphs[1].number]));
  return Buffer.from(await renderProtocolPdf(protocol));
}

function describeViolations(v: (PdfAViolation | PdfUaViolation)[]): string {
  return v.map((x) => `${x.rule} (revision ${x.revision}, ${x.where}): ${x.message}`).join('\n');
}

describe('PDF/A-2 through signing', () => {
  let ca: CertificateAuthority;
  let signers: Signer[];
  let seal: Signer;
  let tsu: LocalTimestampAuthority;
  beforeAll(() => {
    ca = testCa();
    signers = [
      testSigner(ca, 'Åsa Öberg', 'Sekreterare'),
      testSigner(ca, 'Olle Nordström', 'Ordförande'),
      testSigner(ca, 'Łukasz Żółć', 'Justerande'),
    ];
    seal = issueSealCertificate(ca, { organisation: ca.organisation, now: new Date(), keyBits: 2048 });
    tsu = new LocalTimestampAuthority(issueTsaCertificate(ca, { name: 'Lokal TSU', now: new Date() }));
  });

  async function apply(pdf: Buffer, o: Op, step: number): Promise<Buffer> {
    const now = new Date();
    const fields = PdfReader.open(pdf).fields();
    switch (o.k) {
      case 'sign': {
        const empty = fields.find(
          (f) => f.type === 'Sig' && f.name.startsWith('signatur.') && !(PdfReader.open(pdf).resolve(f.value) instanceof PdfDict),
        );
        if (!empty) return pdf;
        const certify = !fields.some((f) => f.type === 'Sig' && f.value !== undefined && f.value !== null);
        const signer = signers[step % signers.length];
        return signPdfField(pdf, {
          fieldName: empty.name,
          signer,
          reason: 'Justerat',
          time: now,
          certify,
          tsa: o.tsa ? tsu : undefined,
          appearance: {
            lines: [
              ...signatureAppearanceLines({
                name: o.lines[0],
                role: 'Justerande',
                signedAt: now,
                transactionId: `t${step}`,
                documentSha256: 'ab'.repeat(32),
              }),
              ...o.lines.slice(1),
            ],
          },
        });
      }
      case 'dss':
        return addDss(pdf, dssDataFor(ca, now));
      case 'timestamp':
        return addDocumentTimestamp(pdf, tsu);
      case 'lta':
        return addLta(pdf, { dss: dssDataFor(ca, now), tsa: tsu });
      case 'fill':
      case 'fillAndSeal': {
        const names = Object.values(ANSLAG_FIELDS).filter((n) => fields.some((f) => f.name === n));
        if (!names.length) return pdf;
        const values = Object.fromEntries(names.map((n, i) => [n, o.values[i]]));
        if (o.k === 'fill') return fillFields(pdf, values);
        return fillFieldsAndSeal(pdf, values, seal, {
          reason: 'Anslag registrerat',
          time: now,
          visibleLines: o.visible ? o.lines : undefined,
        });
      }
      case 'seal':
        return sealPdf(pdf, seal, { reason: 'Förseglat', time: now, visibleLines: o.visible ? o.lines : undefined, tsa: tsu });
      case 'addField':
        return addSignatureFields(pdf, [{ name: `Underskrift${step}`, rect: o.rect }]);
    }
  }

  it('no signing, DSS, time-stamp, ANSLAG filling or added field adds a forbidden PDF/A construct or leaves a widget outside the structure tree (property)', async () => {
    await fc.assert(
      fc.asyncProperty(base, fc.array(op, { minLength: 1, maxLength: 6 }), async (b, ops) => {
        let pdf = await renderBase(b);
        expect(describeViolations([...checkPdfA2(pdf), ...checkPdfUa(pdf)])).toBe('');
        for (const [i, o] of ops.entries()) {
          pdf = await apply(pdf, o, i);
          const v = [...checkPdfA2(pdf), ...checkPdfUa(pdf)];
          if (v.length) throw new Error(`after ${JSON.stringify(ops.slice(0, i + 1).map((x) => x.k))}:\n${describeViolations(v)}`);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('a fully signed, filled and sealed protocol: poppler sees embedded subset fonts, the PDF/A XMP and valid signatures; qpdf is clean', async () => {
    const tmp = tempDir('pdfa-');
    let nss: NssDb | undefined;
    try {
      nss = await nssDbTrusting(ca.root.certificate);
      const protocol = generateProtocol(2, 7);
      let pdf: Buffer = Buffer.from(await renderProtocolPdf(protocol));
      const now = new Date();
      for (let i = 1; i <= protocol.signatories.length; i++) {
        // One certificate per signature, as in production (poppler 22.12 doubts a second use of one).
        const s = testSigner(ca, protocol.signatories[i - 1].name, 'Justerande');
        pdf = await signPdfField(pdf, {
          fieldName: signatureFieldName(i),
          signer: s,
          reason: 'Justerat',
          time: now,
          certify: i === 1,
          tsa: tsu,
          appearance: {
            lines: signatureAppearanceLines({
              name: 'Åsa Öberg',
              role: 'Sekreterare',
              signedAt: now,
              transactionId: `t${i}`,
              documentSha256: 'cd'.repeat(32),
            }),
          },
        });
      }
      pdf = await addLta(pdf, { dss: dssDataFor(ca, now), tsa: tsu });
      pdf = await fillFieldsAndSeal(
        pdf,
        {
          [ANSLAG_FIELDS.uppsattande]: '2025-03-05',
          [ANSLAG_FIELDS.nedtagande]: '2025-03-27',
          [ANSLAG_FIELDS.sistaDagOverklagande]: '2025-03-26',
        },
        seal,
        { reason: 'Anslag registrerat', time: now, tsa: tsu },
      );
      pdf = await addLta(pdf, { dss: dssDataFor(ca, now), tsa: tsu });
      expect(describeViolations(checkPdfA2(pdf))).toBe('');
      // PDF/UA through signing: the seal and the time-stamps are in the structure tree too.
      expect(describeViolations(checkPdfUa(pdf))).toBe('');
      // Our validator still sees only allowed changes after each signature.
      const report = validatePdf(pdf);
      expect(report.signatures.flatMap((s) => s.changesAfter.flatMap((c) => c.notAllowed.map((x) => x.en)))).toEqual([]);
      const file = tmp.file('final.pdf', pdf);
      const fonts = (await run('pdffonts', [file])).stdout
        .split('\n')
        .slice(2)
        .filter((l) => l.trim());
      expect(fonts.length).toBeGreaterThan(protocol.signatories.length); // the renderer's and one per appearance revision
      for (const row of fonts) expect(row).toMatch(/^[A-Z]{6}\+NotoSans-\S+\s.*\syes\s+yes\s+yes\s+\d+\s+\d+\s*$/);
      expect((await run('pdfinfo', ['-meta', file])).stdout).toContain('<pdfaid:part>2</pdfaid:part>');
      const q = await qpdfCheck(file);
      expect(q.code).toBe(0);
      expect(q.out).not.toMatch(/WARNING/i);
      const sig = await pdfsig(nss, file);
      const cms = sig.signatures.filter((s) => !s.documentTimestamp);
      expect(cms.length).toBe(protocol.signatories.length + 1);
      for (const s of cms) expect([s.index, s.valid && s.trusted, s.text]).toEqual([s.index, true, s.text]);
    } finally {
      nss?.cleanup();
      tmp.cleanup();
    }
  });
});
