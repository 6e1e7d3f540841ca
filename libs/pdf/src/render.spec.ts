import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFSignature, PDFString, PDFTextField, PDFHexString } from 'pdf-lib';
import { generateProtocol, listPersonNames, Protocol, validateProtocol } from '@justera/protocol';
import {
  ANSLAG_FIELDS,
  renderExcerptPdf,
  renderProtocolPdf,
  sampleProtocol,
  SIGNATURE_FIELD_SIZE,
  signatureFieldName,
  signatureFieldTooltip,
  UnknownParagraphError,
  UnsupportedCharactersError,
} from './index';

// External checkers on a busy machine can take seconds per document.
jest.setTimeout(30_000);

const run = promisify(execFile);
const ROOT = join(__dirname, '../../..');
const FIXTURES = join(ROOT, 'test/fixtures/protocols');

function fixtures(): [string, Protocol][] {
  let files: string[] = [];
  try {
    files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
  } catch {
    files = [];
  }
  return files.map((f) => {
    const v = validateProtocol(JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')));
    if (!v.ok) throw new Error(`fixture ${f} is invalid: ${JSON.stringify(v.errors.slice(0, 3))}`);
    return [f, v.protocol];
  });
}

const CASES: [string, Protocol][] = [
  ['generated sample', sampleProtocol()],
  ['generateProtocol(30, 7)', generateProtocol(30, 7)],
  ...fixtures(),
];

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();

let dir: string;
const files = new Map<string, string>();
const bytesOf = new Map<string, Uint8Array>();

async function pageCount(file: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [file]);
  return Number(/Pages:\s+(\d+)/.exec(stdout)![1]);
}

/** The text of every page, from one pdftotext run (pages end with a form feed). */
async function pageTexts(file: string, layout = false): Promise<string[]> {
  const { stdout } = await run('pdftotext', [...(layout ? ['-layout'] : []), file, '-'], { maxBuffer: 64 * 1024 * 1024 });
  const pages = stdout.split('\f');
  pages.pop(); // after the last form feed
  return pages;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'justera-pdf-'));
  for (const [name, protocol] of CASES) {
    const bytes = await renderProtocolPdf(protocol);
    const file = join(dir, `${name.replace(/[^a-z0-9-]/gi, '_')}.pdf`);
    writeFileSync(file, bytes);
    files.set(name, file);
    bytesOf.set(name, bytes);
  }
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(renderProtocolPdf.name, () => {
  it('has at least the generated protocol and every fixture present', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(1);
  });

  describe.each(CASES.map(([name, protocol]) => ({ name, protocol })))('$name', ({ name, protocol }) => {
    const file = (): string => files.get(name)!;

    it('pdftotext shows every § title, every person and the organ', async () => {
      const { stdout } = await run('pdftotext', [file(), '-']);
      const text = norm(stdout);
      expect(text).toContain(norm(protocol.organ));
      for (const p of protocol.paragraphs) expect(text).toContain(norm(p.title));
      for (const person of listPersonNames(protocol)) expect(text).toContain(norm(person));
    });

    it('pdffonts lists only embedded fonts (emb = yes) with a subset tag', async () => {
      const { stdout } = await run('pdffonts', [file()]);
      const rows = stdout
        .split('\n')
        .slice(2)
        .filter((l) => l.trim());
      expect(rows.length).toBeGreaterThanOrEqual(2);
      for (const row of rows) {
        expect(row).toMatch(/^[A-Z]{6}\+NotoSans-/);
        const cols = row.trim().split(/\s+/);
        // name type... encoding emb sub uni objID gen: emb is the 5th column from the end.
        expect(cols[cols.length - 5]).toBe('yes');
      }
    });

    it('qpdf --check reports no errors and no warnings', async () => {
      const { stdout, stderr } = await run('qpdf', ['--check', file()]);
      expect(stdout).toContain('No syntax or stream encoding errors found');
      expect(`${stdout}\n${stderr}`).not.toMatch(/WARNING|error:/i);
    });

    it('pdftoppm renders every page', async () => {
      const out = join(dir, `${name.replace(/[^a-z0-9-]/gi, '_')}-png`);
      const { stderr } = await run('pdftoppm', ['-r', '30', '-png', file(), out]);
      expect(stderr).toBe('');
      const pngs = readdirSync(dir).filter((f) => f.startsWith(`${name.replace(/[^a-z0-9-]/gi, '_')}-png`) && f.endsWith('.png'));
      expect(pngs.length).toBe(await pageCount(file()));
    });

    it('prints "Sida x (y)" on every page', async () => {
      const n = await pageCount(file());
      const texts = await pageTexts(file());
      expect(texts.length).toBe(n);
      texts.forEach((t, i) => expect(t).toContain(`Sida ${i + 1} (${n})`));
    });

    it('table of contents page numbers are the pages where the § headings are', async () => {
      const n = await pageCount(file());
      const texts = await pageTexts(file(), true);
      const tocPage = texts.findIndex((t) => t.includes('Innehållsförteckning'));
      expect(tocPage).toBeGreaterThanOrEqual(0);
      // The TOC may run over several pages; it ends with the "Underskrifter .... N" entry.
      const tocEnd = texts.findIndex((t, i) => i >= tocPage && /Underskrifter[ .]*\s\d+\s*$/m.test(t));
      expect(tocEnd).toBeGreaterThanOrEqual(tocPage);
      const toc = texts.slice(tocPage, tocEnd + 1).join('\n');
      for (const p of protocol.paragraphs) {
        // pdftotext may print "§ 1" as "§1" (a narrow gap between short words). "N." with decimal numbering (v2).
        const label = protocol.numbering === 'decimal' ? `${p.number}\\.` : `§ ?${p.number}`;
        const entry = new RegExp(
          `^\\s*${label}\\s[^\\n]*?(?:\\n(?!\\s*(?:§|\\d+\\.\\s))[^\\n]*?)*?(?:\\s{2,}|\\.\\s*)(\\d+)(?:–(\\d+))?\\s*$`,
          'm',
        ).exec(toc);
        expect(entry).not.toBeNull();
        const printed = Number(entry![1]);
        // The heading "§ N  Title" starts a line on exactly that page, after the table of contents.
        const firstWord = p.title
          .trim()
          .split(/\s+/)[0]
          .replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const heading = new RegExp(`^\\s*${label}\\s+${firstWord}`, 'm');
        const pages = texts.map((t, i) => (i > tocEnd && heading.test(t) ? i + 1 : 0)).filter(Boolean);
        expect(pages[0]).toBe(printed);
        // A range "4–9" ends on a later page than it starts, before the next § or the end.
        if (entry![2]) expect(Number(entry![2])).toBeGreaterThan(printed);
      }
      const last = /Underskrifter[ .]*\s(\d+)\s*$/m.exec(toc);
      expect(Number(last![1])).toBe(n);
    });

    it('keeps body text out of the header and footer bands (no overlaps with the page furniture)', async () => {
      const { stdout } = await run('pdftotext', ['-bbox', file(), '-'], { maxBuffer: 64 * 1024 * 1024 });
      const title = protocol.documentTitle || 'Protokoll';
      const furniture = new Set(
        [
          protocol.organisation,
          protocol.organ,
          title,
          'Sammanträdesdatum',
          protocol.meeting.date,
          'Sida',
          'Justerandes signatur',
          'Utdragsbestyrkande',
          '·',
        ]
          .join(' ')
          .split(/\s+/),
      );
      const words = [...stdout.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)];
      expect(words.length).toBeGreaterThan(100);
      const decode = (w: string): string =>
        w
          .replace(/&amp;/g, '&')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&apos;/g, "'");
      const stray = words
        .map((m) => ({ yMin: Number(m[2]), yMax: Number(m[4]), word: decode(m[5]) }))
        // pdftotext's y runs down from the top: the header ends with its rule 70.9 pt from the top, the
        // footer boxes start 68 pt above the bottom. Word boxes span the font's full ascent/descent.
        .filter((w) => w.yMin < 71 || w.yMax > 841.89 - 68)
        .filter((w) => !furniture.has(w.word) && !w.word.endsWith('…') && !/^\(?\d+\)?$/.test(w.word));
      expect(stray).toEqual([]);
    });

    it('has one empty signature field per signatory on the last page, and the anslag text fields', async () => {
      const doc = await PDFDocument.load(bytesOf.get(name)!);
      const form = doc.getForm();
      const pages = doc.getPages();
      const last = pages[pages.length - 1];
      protocol.signatories.forEach((s, i) => {
        const field = form.getField(signatureFieldName(i + 1));
        expect(field).toBeInstanceOf(PDFSignature);
        expect(field.acroField.dict.lookup(PDFName.of('V'))).toBeUndefined();
        const [widget] = field.acroField.getWidgets();
        expect(widget.dict.get(PDFName.of('P'))).toBe(last.ref);
        const annots = last.node.lookup(PDFName.of('Annots'), PDFArray).asArray();
        expect(annots.some((a) => a instanceof PDFRef && doc.context.lookup(a) === widget.dict)).toBe(true);
        const tu = field.acroField.dict.lookup(PDFName.of('TU'));
        expect(tu instanceof PDFString || tu instanceof PDFHexString ? tu.decodeText() : '').toBe(signatureFieldTooltip(s.role, s.name));
        const r = widget.getRectangle();
        expect(r.width).toBeCloseTo(SIGNATURE_FIELD_SIZE.width, 2);
        expect(r.height).toBeCloseTo(SIGNATURE_FIELD_SIZE.height, 2);
      });
      const sigNames = form
        .getFields()
        .filter((f) => f instanceof PDFSignature)
        .map((f) => f.getName());
      expect(sigNames).toEqual(protocol.signatories.map((_, i) => signatureFieldName(i + 1)));
      // A date the protocol gives itself (format v2 `anslag`) is printed instead of its field.
      const given: Record<string, string | undefined> = {
        [ANSLAG_FIELDS.uppsattande]: protocol.anslag?.postedDate,
        [ANSLAG_FIELDS.nedtagande]: protocol.anslag?.takeDownDate,
        [ANSLAG_FIELDS.sistaDagOverklagande]: protocol.anslag?.lastAppealDate,
      };
      for (const fq of Object.values(ANSLAG_FIELDS)) {
        if (given[fq]) {
          expect(form.getFields().map((f) => f.getName())).not.toContain(fq);
          continue;
        }
        const tf = form.getField(fq);
        expect(tf).toBeInstanceOf(PDFTextField);
        expect((tf as PDFTextField).getText()).toBeUndefined();
        expect((tf as PDFTextField).isReadOnly()).toBe(false);
        expect(tf.acroField.getDefaultAppearance()).toMatch(/^\/NotoSans \d+ Tf/);
        const [widget] = tf.acroField.getWidgets();
        // On the page with the ANSLAG/BEVIS box (first or second), and in that page's /Annots.
        const page = pages.slice(0, 2).find((pg) => pg.ref === widget.dict.get(PDFName.of('P')));
        expect(page).toBeDefined();
        const annots = page!.node.lookup(PDFName.of('Annots'), PDFArray).asArray();
        expect(annots.some((a) => a instanceof PDFRef && doc.context.lookup(a) === widget.dict)).toBe(true);
      }
      // Rectangles are written with short exact numbers, so a signer rewriting a widget writes the
      // same /Rect (validators compare revisions object by object).
      const rects = [
        ...Buffer.from(bytesOf.get(name)!)
          .toString('latin1')
          .matchAll(/\/Rect \[([^\]]*)\]/g),
      ].map((m) => m[1].trim().split(/\s+/));
      expect(rects.length).toBeGreaterThanOrEqual(protocol.signatories.length + Object.values(given).filter((d) => !d).length);
      for (const r of rects) for (const v of r) expect(v).toMatch(/^-?\d+(\.\d{1,3})?$/);
      const acro = doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict);
      expect(acro.get(PDFName.of('SigFlags'))).toBeUndefined();
      expect(acro.get(PDFName.of('NeedAppearances'))).toBeUndefined();
      const dr = acro.lookup(PDFName.of('DR'), PDFDict).lookup(PDFName.of('Font'), PDFDict);
      expect(dr.get(PDFName.of('NotoSans'))).toBeInstanceOf(PDFRef);
    });

    it('carries PDF/A-2b metadata: XMP, sRGB output intent, /Lang, /ID, matching Info', async () => {
      const bytes = bytesOf.get(name)!;
      const doc = await PDFDocument.load(bytes, { updateMetadata: false });
      expect(doc.getTitle()).toBe(`${protocol.documentTitle || 'Protokoll'} ${protocol.organ} ${protocol.meeting.date}`);
      expect(doc.getAuthor()).toBe(protocol.organ);
      expect(doc.catalog.lookup(PDFName.of('Lang'))).toEqual(PDFString.of('sv-SE'));
      const xmp = Buffer.from(bytes).toString('latin1');
      expect(xmp).toContain('<pdfaid:part>2</pdfaid:part>');
      expect(xmp).toContain('<pdfaid:conformance>A</pdfaid:conformance>');
      expect(xmp).toMatch(/\/Type \/Metadata/);
      const intents = doc.catalog.lookup(PDFName.of('OutputIntents'), PDFArray);
      const intent = intents.lookup(0, PDFDict);
      expect(intent.get(PDFName.of('S'))).toBe(PDFName.of('GTS_PDFA1'));
      expect(intent.get(PDFName.of('DestOutputProfile'))).toBeInstanceOf(PDFRef);
      expect(xmp).toMatch(/trailer\s*<<[^]*\/ID \[ <[0-9A-F]{32}> <[0-9A-F]{32}> \]/);
      expect(xmp).toMatch(/\nxref\n/); // classic cross-reference table
      expect(xmp).not.toContain('/ObjStm');
      expect(xmp).not.toContain('Helvetica');
      const { stdout } = await run('pdfinfo', ['-meta', files.get(name)!]);
      expect(stdout).toContain('pdfaid:part');
    });
  });

  it('repeats the header row of a table that is longer than a page', async () => {
    const file = files.get('generated sample')!;
    const pagesWithRows = (await pageTexts(file)).filter((t) => /^\d+\. (Ta fram|Följa upp)/m.test(t));
    expect(pagesWithRows.length).toBeGreaterThanOrEqual(2);
    for (const t of pagesWithRows) expect(t).toMatch(/ÅTGÄRDER\s+SLUTDATUM\s+ANSVARIG/);
  });

  it('marks immediately adjusted paragraphs "Paragrafen är justerad"', async () => {
    const { stdout } = await run('pdftotext', [files.get('generated sample')!, '-']);
    expect(stdout.match(/Paragrafen är justerad/g)?.length).toBe(sampleProtocol().paragraphs.filter((p) => p.immediatelyAdjusted).length);
  });

  it('wraps a long URL inside the text column (no text beyond the right margin)', async () => {
    const file = files.get('generated sample')!;
    const { stdout } = await run('pdftotext', ['-bbox', file, '-']);
    const xMax = [...stdout.matchAll(/xMax="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(Math.max(...xMax)).toBeLessThanOrEqual(595.28 - 56 + 0.5);
  });

  it('gives identical bytes in two separate Node.js processes', async () => {
    const child = join(__dirname, 'testing/render-child.js');
    const [a, b] = await Promise.all([
      run(process.execPath, [child, '--sample'], { cwd: ROOT }),
      run(process.execPath, [child, '--sample'], { cwd: ROOT }),
    ]);
    expect(a.stdout.trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.trim()).toBe(createHash('sha256').update(bytesOf.get('generated sample')!).digest('hex'));
  }, 60_000);

  it('draws "?" for characters the font lacks, or rejects them listing each one', async () => {
    const p = sampleProtocol({ paragraphs: 1, tableRows: 0 });
    p.paragraphs[0].title = 'Glad 🙂 nämnd ✓';
    const bytes = await renderProtocolPdf(p);
    const file = join(dir, 'missing.pdf');
    writeFileSync(file, bytes);
    const { stdout } = await run('pdftotext', [file, '-']);
    expect(stdout).toContain('Glad ? nämnd ?');
    await expect(renderProtocolPdf(p, { missingGlyphs: 'error' })).rejects.toThrow(UnsupportedCharactersError);
    await expect(renderProtocolPdf(p, { missingGlyphs: 'error' })).rejects.toThrow(/"✓" \(U\+2713\), "🙂" \(U\+1F642\)/);
  });

  it('draws every glyph of Swedish text, §, dashes and quotes', async () => {
    const p = sampleProtocol({ paragraphs: 1, tableRows: 0 });
    const sample = 'ÅÄÖ åäö É é Ü ü § – — „“ ” ‘ ’ « » … € ½ ²';
    p.paragraphs[0].title = sample;
    const file = join(dir, 'glyphs.pdf');
    writeFileSync(file, await renderProtocolPdf(p, { missingGlyphs: 'error' }));
    const { stdout } = await run('pdftotext', [file, '-']);
    expect(norm(stdout)).toContain(sample);
  });
});

describe('layout edge cases', () => {
  it('cuts a table row taller than a page into slices and keeps all its text', async () => {
    const p = sampleProtocol({ paragraphs: 1, tableRows: 0 });
    const long = Array.from({ length: 90 }, (_, i) => `Rad ${i + 1} i en mycket lång cell.`).join('\n');
    p.paragraphs[0].sections.push({
      kind: 'ovrigt',
      title: 'Lång tabellrad',
      content: [
        {
          type: 'table',
          header: [[{ content: ['KOLUMN A'] }, { content: ['KOLUMN B'] }]],
          rows: [[{ content: [long] }, { content: ['kort'] }]],
        },
      ],
    });
    const file = join(dir, 'tall-row.pdf');
    writeFileSync(file, await renderProtocolPdf(p));
    const { stdout } = await run('pdftotext', [file, '-']);
    for (let i = 1; i <= 90; i++) expect(stdout).toContain(`Rad ${i} i en mycket lång cell.`);
    const pages = await pageTexts(file);
    const withRows = pages.filter((t) => /Rad \d+ i en/.test(t));
    expect(withRows.length).toBeGreaterThanOrEqual(2);
    for (const t of withRows) expect(t).toContain('KOLUMN A');
    const { stdout: check } = await run('qpdf', ['--check', file]);
    expect(check).toContain('No syntax or stream encoding errors found');
  });

  it('starts every paragraph on a new page with paragraphPerPage', async () => {
    const p = sampleProtocol({ paragraphs: 4, tableRows: 0 });
    const file = join(dir, 'per-page.pdf');
    writeFileSync(file, await renderProtocolPdf(p, { paragraphPerPage: true }));
    const starts: number[] = [];
    (await pageTexts(file, true)).forEach((t, i) => {
      const m = t
        .split('\n')
        .slice(2)
        .find((l) => l.trim())!;
      if (/^\s*§ ?\d+\s/.test(m)) starts.push(i + 1);
    });
    expect(starts.length).toBe(4);
  });
});

describe(renderExcerptPdf.name, () => {
  it('renders only the chosen paragraphs with its own Underskrifter page', async () => {
    const protocol = sampleProtocol({ paragraphs: 6, tableRows: 0 });
    const bytes = await renderExcerptPdf(protocol, [628]);
    const file = join(dir, 'excerpt.pdf');
    writeFileSync(file, bytes);
    const { stdout } = await run('pdftotext', [file, '-']);
    expect(stdout).toContain('Protokollsutdrag');
    expect(stdout).toContain(protocol.paragraphs[1].title);
    expect(stdout).not.toContain(protocol.paragraphs[0].title);
    expect(stdout).not.toContain('Innehållsförteckning');
    expect(stdout).toContain('ANSLAG/BEVIS');
    expect(norm(stdout)).toContain('Paragrafer § 628');
    // § 628 is immediately adjusted in the sample: the excerpt is that justering, so no marker.
    expect(protocol.paragraphs[1].immediatelyAdjusted).toBe(true);
    expect(stdout).not.toContain('Paragrafen är justerad');
    const doc = await PDFDocument.load(bytes);
    expect(
      doc
        .getForm()
        .getFields()
        .filter((f) => f instanceof PDFSignature).length,
    ).toBe(protocol.signatories.length);
    const { stdout: check } = await run('qpdf', ['--check', file]);
    expect(check).toContain('No syntax or stream encoding errors found');
  });

  it('rejects paragraph numbers that are not in the protocol', async () => {
    await expect(renderExcerptPdf(sampleProtocol({ paragraphs: 2 }), [1])).rejects.toThrow(UnknownParagraphError);
  });
});
