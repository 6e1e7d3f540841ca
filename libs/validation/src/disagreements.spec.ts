/**
 * The three cases where Justera's validator disagreed with independent validators (pyHanko) on files
 * built from a certified (DocMDP P=2) protocol. Each case's file is written to
 * $TMPDIR/justera-disagreements/ (qpdf checks it) so it can be opened in other tools.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validatePdf, ValidationReport } from './index';
import { appendRevision, basePdf, signPdf } from './testing/pdf';
import { testPki } from './testing/pki';

const pki = testPki();
const DIR = join(tmpdir(), 'justera-disagreements');
mkdirSync(DIR, { recursive: true });
const v = (pdf: Buffer): ValidationReport => validatePdf(pdf, { trustAnchors: [pki.root.pem] });
const codes = (r: ValidationReport): string[] => [...r.findings, ...r.signatures.flatMap((s) => s.findings)].map((x) => x.code);

/** Writes the case's file and checks that qpdf reads it as a well-formed PDF. */
function keep(name: string, pdf: Buffer): Buffer {
  const path = join(DIR, name);
  writeFileSync(path, pdf);
  let out = '';
  try {
    out = execFileSync('qpdf', ['--check', path], { encoding: 'utf8' });
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? e);
  }
  expect(out).toContain('No syntax or stream encoding errors');
  return pdf;
}

const utf16Hex = (s: string): string => 'FEFF' + Buffer.from(s, 'utf16le').swap16().toString('hex').toUpperCase();
const TOOLTIP = 'Datum då anslaget sätts upp';
const FIELD = (tu: string, v = ''): string => `<< /FT /Tx /T (anslag.uppsattande) /TU ${tu}${v} /Type /Annot /Subtype /Widget /Rect [72 100 300 120] /P 10 0 R >>`;

/** A protocol with a text field whose /TU is UTF-16BE, certified with P=2 (as Justera's first signature is). */
function certified(): Buffer {
  const withField = appendRevision(
    basePdf(),
    new Map([
      [1, '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [70 0 R] /DA (/Helv 0 Tf 0 g) >> >>'],
      [10, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 11 0 R /Annots [70 0 R] >>'],
      [70, FIELD(`<${utf16Hex(TOOLTIP)}>`)],
    ]),
  );
  return signPdf(withField, { signer: pki.sekreterare, chain: [pki.root], field: 'Sekreterare', crls: [pki.crl], certifyP: 2 });
}

describe('validator disagreements with independent validators', () => {
  const base = certified();

  describe('a form fill that re-encodes /TU from UTF-16BE to PDFDocEncoding (same text)', () => {
    it('is an allowed fill, not a changed field: GILTIG', () => {
      const latin1 = Buffer.from(TOOLTIP, 'latin1').toString('hex').toUpperCase();
      const filled = keep('tu-reencoded.pdf', appendRevision(base, new Map([[70, FIELD(`<${latin1}>`, ' /V (2026-12-07)')]])));
      const r = v(filled);
      expect(r.signatures[0]!.changesAfter.flatMap((c) => c.notAllowed)).toEqual([]);
      expect(r.verdict).toBe('GILTIG');
      expect(codes(r)).toContain('form-filled-after-signing');
    });

    it('a /TU with other text is still a not-allowed change: OGILTIG', () => {
      const changed = keep('tu-changed.pdf', appendRevision(base, new Map([[70, FIELD('(Annan hjälptext)', ' /V (2026-12-07)')]])));
      const r = v(changed);
      expect(r.verdict).toBe('OGILTIG');
      expect(r.signatures[0]!.changesAfter.flatMap((c) => c.notAllowed).map((x) => x.en).join(' ')).toContain('/TU');
    });
  });

  describe('bytes after the final %%EOF', () => {
    it('without PDF syntax (padding, a transfer footer): a remark, GILTIG MED ANMÄRKNING', () => {
      const padded = keep('tail-no-syntax.pdf', Buffer.concat([base, Buffer.from('\x1a\x1a\x1aARKIV-KVITTO 2026-12-06 sha256 ok\n', 'latin1')]));
      const r = v(padded);
      expect(r.verdict).toBe('GILTIG MED ANMÄRKNING');
      expect(codes(r)).toContain('trailing-bytes');
      expect(r.attacks).toEqual([]);
    });

    it.each([
      ['an object', '5 0 obj\n<< /Type /Page >>\nendobj\n'],
      ['an xref section', 'xref\n0 1\n0000000000 65535 f \n'],
      ['a trailer', 'trailer\n<< /Root 1 0 R >>\n'],
    ])('with %s: still OGILTIG (incremental saving attack)', (_what, tail) => {
      const r = v(Buffer.concat([base, Buffer.from(tail, 'latin1')]));
      expect(r.verdict).toBe('OGILTIG');
      expect(codes(r)).toContain('uncovered-tail');
      expect(r.attacks.map((a) => a.name)).toContain('incremental-saving-attack');
    });
  });

  describe('the summary after an allowed form fill', () => {
    it('says what the later revision changed instead of "unchanged since signing"', () => {
      const filled = appendRevision(base, new Map([[70, FIELD(`<${utf16Hex(TOOLTIP)}>`, ' /V (2026-12-07)')]]));
      const r = v(filled);
      expect(r.verdict).toBe('GILTIG');
      expect(r.summary.sv).not.toContain('oförändrat sedan det undertecknades');
      // Named in Swedish first (a new user's trial read only the technical name), the field name after it.
      expect(r.summary.sv).toContain('ifyllda formulärfält (datum för anslags uppsättande [anslag.uppsattande]');
      expect(r.summary.en).toContain('filled-in form fields');
    });

    it('a later signature is a later "revision" (docs/glossary.md), never a "version"', () => {
      const twice = signPdf(base, { signer: pki.ordforande, chain: [pki.root], field: 'Ordforande', crls: [pki.crl] });
      const r = v(twice);
      expect(r.summary.sv).toContain('senare revisioner lägger bara till 1 underskrift');
      expect(r.summary.sv).not.toContain('versioner');
    });

    it('a document without later revisions is still "unchanged since it was signed"', () => {
      expect(v(base).summary.sv).toContain('oförändrat sedan det undertecknades');
    });
  });
});
