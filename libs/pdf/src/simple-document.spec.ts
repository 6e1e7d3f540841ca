import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFStream, PDFString } from 'pdf-lib';
import { renderSimpleDocumentPdf, SimpleDocument } from './simple-document';

jest.setTimeout(60_000);

const run = promisify(execFile);
const PDFJS = join(__dirname, 'testing/pdfjs-structure.mjs');

const BEVIS: SimpleDocument = {
  title: 'Anslagsbevis Styrelsen 2025-03-05',
  author: 'Hälsinge kommun',
  subject: 'Anslagsbevis',
  lines: ['# Anslaget', 'Datum för anslags uppsättande: 2025-03-05', 'Förvaringsplats: Kommunhuset, Åre § 12 – "citat"'],
  date: new Date('2025-03-05T10:11:12.345Z'),
};

/** Long enough for three pages, with headings, blank lines and wrapped paragraphs. */
const REPORT: SimpleDocument = {
  title: 'Verifieringsunderlag: Protokoll Styrelsen 2025-03-05',
  author: 'Justera',
  subject: 'Protokoll 42',
  lines: Array.from({ length: 90 }, (_, i) =>
    i % 20 === 0
      ? `# Avsnitt ${i / 20 + 1}`
      : i % 7 === 0
        ? ''
        : `Rad ${i}: Łukasz Żółć, Dvořák – ${'SHA-256 ab12cd34 '.repeat(i % 9)}slut`,
  ),
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'justera-simple-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function write(name: string, doc: SimpleDocument): Promise<{ file: string; bytes: Uint8Array }> {
  const bytes = await renderSimpleDocumentPdf(doc);
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return { file, bytes };
}

/** The value of one XMP element (the text of its rdf:li when it has one). */
function xmpValue(xmp: string, element: string): string | undefined {
  const m = new RegExp(`<${element}>([^]*?)</${element}>`).exec(xmp);
  if (!m) return undefined;
  const li = /<rdf:li[^>]*>([^]*?)<\/rdf:li>/.exec(m[1]);
  return (li ? li[1] : m[1])
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"');
}

describe(renderSimpleDocumentPdf.name, () => {
  it('embeds subsets of Noto Sans (small file) whose glyphs poppler draws and extracts', async () => {
    const { file, bytes } = await write('bevis.pdf', BEVIS);
    // Full Noto Sans Regular + Bold embedded were about 650 KB; subsets are a few KB each.
    expect(bytes.length).toBeLessThan(80_000);
    const { stdout } = await run('pdftotext', [file, '-']);
    expect(stdout).toContain('Förvaringsplats: Kommunhuset, Åre § 12 – "citat"');
    const fonts = (await run('pdffonts', [file])).stdout
      .split('\n')
      .slice(2)
      .filter((l) => l.trim());
    expect(fonts.length).toBe(2);
    for (const row of fonts) expect(row).toMatch(/\+NotoSans-\S+\s.*\byes\s+yes\s+yes\b/); // emb, sub, uni
    const check = await run('qpdf', ['--check', file]);
    expect(check.stdout + check.stderr).not.toMatch(/WARNING/i);
  });

  it('is PDF/A-2: XMP with pdfaid equal to the Info dictionary, sRGB OutputIntent, /ID, /Lang', async () => {
    const { file, bytes } = await write('bevis.pdf', BEVIS);
    const xmp = (await run('pdfinfo', ['-meta', file])).stdout;
    expect(xmpValue(xmp, 'pdfaid:part')).toBe('2');
    expect(xmpValue(xmp, 'pdfaid:conformance')).toBe('A');
    const info = (await run('pdfinfo', ['-isodates', file])).stdout;
    const field = (k: string): string | undefined => new RegExp(`^${k}:\\s+(.*)$`, 'm').exec(info)?.[1];
    expect(xmpValue(xmp, 'dc:title')).toBe(field('Title'));
    expect(xmpValue(xmp, 'dc:creator')).toBe(field('Author'));
    expect(xmpValue(xmp, 'dc:description')).toBe(field('Subject'));
    expect(xmpValue(xmp, 'xmp:CreatorTool')).toBe(field('Creator'));
    expect(xmpValue(xmp, 'pdf:Producer')).toBe(field('Producer'));
    // Whole seconds in both: a PDF date has no fractions.
    expect(field('CreationDate')).toBe('2025-03-05T10:11:12Z');
    expect(xmpValue(xmp, 'xmp:CreateDate')).toBe('2025-03-05T10:11:12Z');
    expect(xmpValue(xmp, 'xmp:ModifyDate')).toBe(field('ModDate'));

    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    const intent = doc.catalog.lookup(PDFName.of('OutputIntents'), PDFArray).lookup(0, PDFDict);
    expect(intent.get(PDFName.of('S'))).toBe(PDFName.of('GTS_PDFA1'));
    const icc = intent.lookup(PDFName.of('DestOutputProfile'), PDFStream);
    expect(icc.dict.get(PDFName.of('N'))?.toString()).toBe('3');
    expect(doc.catalog.lookup(PDFName.of('Lang'))).toEqual(PDFString.of('sv-SE'));
    const metadata = doc.catalog.lookup(PDFName.of('Metadata'), PDFStream);
    expect(metadata.dict.get(PDFName.of('Filter'))).toBeUndefined(); // XMP readable without decoding
    const text = Buffer.from(bytes).toString('latin1');
    expect(text).toMatch(/trailer\s*<<[^]*\/ID \[ <[0-9A-F]{32}> <[0-9A-F]{32}> \]/);
    expect(xmp).toContain(`uuid:${/\/ID \[ <([0-9A-F]{8})/.exec(text)![1].toLowerCase()}`);
    expect(text).toMatch(/\nxref\n/); // classic table: the seal appends an incremental revision
    expect(text).not.toMatch(/\/ObjStm|\/JavaScript|\/Encrypt|\/SMask|\/Transparency/);
  });

  it('leaves dates out of both the Info dictionary and the XMP when none is given', async () => {
    const { file } = await write('report.pdf', REPORT);
    const xmp = (await run('pdfinfo', ['-meta', file])).stdout;
    expect(xmp).not.toMatch(/xmp:CreateDate|xmp:ModifyDate/);
    expect((await run('pdfinfo', [file])).stdout).not.toMatch(/CreationDate|ModDate/);
  });

  it('is tagged: the title an H1, headings H2, lines P, nothing untagged outside the page-number artifacts', async () => {
    const { file } = await write('report.pdf', REPORT);
    const report = JSON.parse((await run(process.execPath, [PDFJS, file], { maxBuffer: 16 * 1024 * 1024 })).stdout) as {
      pages: { untagged: string[]; artifacts: { str: string }[]; text: string }[];
      markInfo: { Marked?: boolean } | null;
      lang: string | null;
      displayDocTitle: boolean | null;
    };
    expect(report.pages.length).toBeGreaterThanOrEqual(3);
    expect(report.markInfo?.Marked).toBe(true);
    expect(report.lang).toBe('sv-SE');
    expect(report.displayDocTitle).toBe(true);
    report.pages.forEach((p, i) => {
      expect(p.untagged).toEqual([]);
      expect(p.artifacts.map((a) => a.str)).toEqual([`Sida ${i + 1} (${report.pages.length})`]);
    });
    const squash = (s: string): string => s.replace(/\s+/g, '');
    const expected = [REPORT.title, ...REPORT.lines.filter((l) => l).map((l) => l.replace(/^# /, ''))].join('');
    expect(squash(report.pages.map((p) => p.text).join(''))).toBe(squash(expected));
    const struct = (await run('pdfinfo', ['-struct-text', file])).stdout;
    expect(struct).toMatch(/^Document\n {2}H1 \(block\)\n {4}"Verifieringsunderlag: Protokoll Styrelsen 2025-03-05"/);
    expect(struct.match(/^ {2}H2 \(block\)$/gm)?.length).toBe(5);
    // A line broken at a space keeps it: words stay apart in the structure text.
    expect(struct).toContain(
      '"Rad 8: Łukasz Żółć, Dvořák – SHA-256 ab12cd34 SHA-256 ab12cd34 SHA-256 ab12cd34 SHA-256 ab12cd34 SHA-256 ab12cd34 SHA-256 ab12cd34 SHA-256 ab12cd34 SHA-256 ab12cd34 slut"',
    );
  });

  it('gives the same bytes for the same document, and another /ID for another', async () => {
    const a = Buffer.from(await renderSimpleDocumentPdf(REPORT));
    const b = Buffer.from(await renderSimpleDocumentPdf({ ...REPORT, lines: [...REPORT.lines] }));
    expect(a.equals(b)).toBe(true);
    const c = Buffer.from(await renderSimpleDocumentPdf({ ...REPORT, subject: 'Protokoll 43' }));
    const id = (x: Buffer): string => /\/ID \[ <([0-9A-F]{32})>/.exec(x.toString('latin1'))![1];
    expect(id(c)).not.toBe(id(a));
  });
});
