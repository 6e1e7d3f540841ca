/**
 * Tagged PDF (PDF/UA-1, PDF/A-2a) checked with two independent readers: pdf.js (pdfjs-dist, through
 * testing/pdfjs-structure.mjs in a child process: page.getStructTree() and marked content) and
 * poppler (`pdfinfo -struct-text`, `pdftotext`). veraPDF is not available on this machine, so what
 * is checked here is listed in docs/pdf.md.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateProtocol, paragraphHeading, Protocol, subItemLabel, validateProtocol } from '@justera/protocol';
import { renderExcerptPdf, renderProtocolPdf, sampleProtocol } from './index';
import { CONTENT_BOTTOM, CONTENT_TOP, PAGE_HEIGHT, PAGE_WIDTH } from './layout';

jest.setTimeout(60_000);

const run = promisify(execFile);
const ROOT = join(__dirname, '../../..');
const FIXTURES = join(ROOT, 'test/fixtures/protocols');
const PDFJS = join(__dirname, 'testing/pdfjs-structure.mjs');

interface PdfjsNode {
  role?: string;
  children?: PdfjsNode[];
  text?: string;
  annotation?: string;
}
interface PdfjsReport {
  pages: {
    tree: PdfjsNode | null;
    text: string;
    untagged: string[];
    artifacts: { str: string; y: number }[];
    annotations: { subtype: string; fieldName?: string; alternativeText?: string; structParent?: number }[];
  }[];
  outline: { title: string; depth: number }[];
  markInfo: { Marked?: boolean } | null;
  lang: string | null;
  displayDocTitle: boolean | null;
}

function fixtures(): [string, Protocol][] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const v = validateProtocol(JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')));
      if (!v.ok) throw new Error(`fixture ${f} is invalid`);
      return [f, v.protocol];
    });
}

const CASES: [string, Protocol][] = [
  ['generated sample', sampleProtocol()],
  ['generateProtocol(12, 3)', generateProtocol(12, 3)],
  ...fixtures(),
];

/** The ANSLAG date fields: one per date the protocol does not give itself (format v2 `anslag`). */
function anslagFieldCount(p: Protocol): number {
  return [p.anslag?.postedDate, p.anslag?.takeDownDate, p.anslag?.lastAppealDate].filter((d) => !d).length;
}

/** Text without any whitespace: line breaks and spacing differ between readers, the characters must not. */
const squash = (s: string): string => s.replace(/\s+/g, '');

function textOf(node: PdfjsNode): string {
  if (node.text !== undefined) return node.text;
  return (node.children ?? []).map(textOf).join(' ');
}

function nodes(node: PdfjsNode | null, role: string): PdfjsNode[] {
  if (!node) return [];
  const own = node.role === role ? [node] : [];
  return [...own, ...(node.children ?? []).flatMap((c) => nodes(c, role))];
}

let dir: string;
const reports = new Map<string, { file: string; pdfjs: PdfjsReport }>();

async function readWithPdfjs(file: string): Promise<PdfjsReport> {
  const { stdout } = await run(process.execPath, [PDFJS, file], { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as PdfjsReport;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'justera-tagged-'));
  for (const [name, protocol] of CASES) {
    const file = join(dir, `${name.replace(/[^a-z0-9-]/gi, '_')}.pdf`);
    writeFileSync(file, await renderProtocolPdf(protocol));
    reports.set(name, { file, pdfjs: await readWithPdfjs(file) });
  }
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tagged PDF', () => {
  describe.each(CASES.map(([name, protocol]) => ({ name, protocol })))('$name', ({ name, protocol }) => {
    it('is marked, in Swedish, shows its title, and leaves no text untagged outside artifacts (pdf.js)', () => {
      const { pdfjs } = reports.get(name)!;
      expect(pdfjs.markInfo?.Marked).toBe(true);
      expect(pdfjs.lang).toBe('sv-SE');
      expect(pdfjs.displayDocTitle).toBe(true);
      pdfjs.pages.forEach((page, i) => {
        expect({ page: i + 1, untagged: page.untagged }).toEqual({ page: i + 1, untagged: [] });
        expect(page.tree).not.toBeNull();
      });
    });

    it('puts the title in H1 and every § heading in an H2 (pdf.js)', () => {
      const { pdfjs } = reports.get(name)!;
      const h1 = pdfjs.pages.flatMap((p) => nodes(p.tree, 'H1')).map((n) => squash(textOf(n)));
      expect(h1).toContain(squash(protocol.organ));
      const h2 = pdfjs.pages.flatMap((p) => nodes(p.tree, 'H2')).map((n) => squash(textOf(n)));
      for (const para of protocol.paragraphs) expect(h2).toContain(squash(paragraphHeading(para, protocol.numbering)));
      // Sub-items (format v2) are H3 headings inside their §.
      const h3 = pdfjs.pages.flatMap((p) => nodes(p.tree, 'H3')).map((n) => squash(textOf(n)));
      for (const para of protocol.paragraphs)
        for (const sub of para.subItems ?? []) expect(h3).toContain(squash(`${subItemLabel(para, sub)} ${sub.title}`));
    });

    it('gives every table header cells (TH) and every list item a label and a body (pdf.js)', () => {
      const { pdfjs } = reports.get(name)!;
      const tables = pdfjs.pages.flatMap((p) => nodes(p.tree, 'Table'));
      expect(tables.length).toBeGreaterThan(0);
      for (const t of tables) {
        const cells = [...nodes(t, 'TH'), ...nodes(t, 'TD')];
        if (cells.length) expect(nodes(t, 'TH').length).toBeGreaterThan(0);
      }
      for (const li of pdfjs.pages.flatMap((p) => nodes(p.tree, 'LI'))) {
        const kids = (li.children ?? []).map((c) => c.role);
        expect(kids.filter((r) => r === 'Lbl' || r === 'LBody').length).toBeGreaterThan(0);
      }
    });

    // pdftotext's reading order is a heuristic that reads side-by-side columns (label | value, table
    // cells) as separate blocks in an order of its own; the structure tree reads them row by row. So:
    // the same characters on every page (nothing missing, nothing extra), and every line pdftotext
    // finds appears, in order, inside the structure text.
    it('has the same text in structure order as pdftotext reads the page body, line by line', async () => {
      const { file, pdfjs } = reports.get(name)!;
      // The body area: below the running header, above the footer boxes (both artifacts).
      const y = PAGE_HEIGHT - CONTENT_TOP - 16;
      const h = CONTENT_TOP - CONTENT_BOTTOM + 26;
      for (let i = 0; i < pdfjs.pages.length; i++) {
        const { stdout } = await run('pdftotext', [
          '-f',
          `${i + 1}`,
          '-l',
          `${i + 1}`,
          '-x',
          '0',
          '-y',
          `${Math.round(y)}`,
          '-W',
          `${Math.round(PAGE_WIDTH)}`,
          '-H',
          `${Math.round(h)}`,
          file,
          '-',
        ]);
        // Dot leaders in the table of contents are artifacts (pdftotext keeps them): runs of dots are
        // dropped on both sides. pdftotext also joins a word broken after "-" at a line end and
        // drops the hyphen: hyphens are dropped on both sides too.
        // A title ending in "." ("m.m.") merges with its leader in pdftotext's text, so on a page with
        // leaders the dots are not compared at all.
        const leaders = /\.{4,}/.test(squash(stdout));
        const clean = (t: string): string =>
          squash(t)
            .replace(leaders ? /\.+/g : /\.{2,}/g, '')
            .replace(/-/g, '');
        const lines = stdout.split('\n').map(clean).filter(Boolean);
        const tagged = clean(pdfjs.pages[i].text);
        // Artifacts inside the body area (a table header repeated on a continuation page) are in
        // pdftotext's text but not in the structure.
        const artifacts = clean(
          pdfjs.pages[i].artifacts
            .filter((a) => a.y > PAGE_HEIGHT - y - h && a.y < PAGE_HEIGHT - y)
            .map((a) => a.str)
            .join(''),
        );
        const sorted = (t: string): string => [...t].sort().join('');
        expect({ page: i + 1, chars: sorted(tagged + artifacts) }).toEqual({ page: i + 1, chars: sorted(lines.join('')) });
        for (const line of lines.filter((l) => !artifacts.includes(l)))
          expect({ page: i + 1, line, found: tagged.includes(line) }).toEqual({ page: i + 1, line, found: true });
      }
    });

    it('has one bookmark per § (and Bilagor, Underskrifter) in order', () => {
      const { pdfjs } = reports.get(name)!;
      const paras = pdfjs.outline.filter((o) => o.depth === 0 && !['Närvarolista', 'Bilagor', 'Underskrifter'].includes(o.title));
      expect(paras.map((o) => o.title)).toEqual(
        protocol.paragraphs.map((p) => paragraphHeading(p, protocol.numbering).replace(/\s+/g, ' ').trim()),
      );
      // Sub-items (format v2) are bookmarks under their §.
      const subs = pdfjs.outline.filter((o) => o.depth === 1).map((o) => o.title);
      expect(subs).toEqual(protocol.paragraphs.flatMap((p) => (p.subItems ?? []).map((sub) => `${subItemLabel(p, sub)} ${sub.title}`)));
      expect(pdfjs.outline[pdfjs.outline.length - 1].title).toBe('Underskrifter');
    });

    it('ties every widget and link to the structure and describes the fields (/TU, /StructParent)', () => {
      const { pdfjs } = reports.get(name)!;
      const annots = pdfjs.pages.flatMap((p) => p.annotations);
      expect(annots.filter((a) => a.subtype === 'Widget').length).toBe(anslagFieldCount(protocol) + protocol.signatories.length);
      for (const a of annots) {
        expect(a.structParent).toEqual(expect.any(Number));
        if (a.subtype === 'Widget') expect(a.alternativeText).toBeTruthy();
      }
      const forms = pdfjs.pages.flatMap((p) => nodes(p.tree, 'Form'));
      expect(forms.length).toBe(anslagFieldCount(protocol) + protocol.signatories.length);
    });

    it('poppler reads the same structure tree: Document root, § headings in H2, pages with fields tab in structure order', async () => {
      const { file } = reports.get(name)!;
      const { stdout } = await run('pdfinfo', ['-struct-text', file], { maxBuffer: 64 * 1024 * 1024 });
      const lines = stdout.split('\n');
      expect(lines[0].trim()).toBe('Document');
      // "H2 (block)" followed by its text on the next line.
      const h2 = lines.flatMap((l, i) => (/^\s*H2\b/.test(l) ? [squash(lines[i + 1].replace(/^\s*"|"\s*$/g, ''))] : []));
      for (const para of protocol.paragraphs) expect(h2).toContain(squash(paragraphHeading(para, protocol.numbering)));
      const raw = readFileSync(file).toString('latin1');
      const pagesWithAnnots = (raw.match(/\/Annots \[/g) ?? []).length;
      expect((raw.match(/\/Tabs \/S/g) ?? []).length).toBe(pagesWithAnnots);
      expect(raw).toContain('<pdfuaid:part>1</pdfuaid:part>');
      expect(raw).toContain('<pdfaid:conformance>A</pdfaid:conformance>');
    });
  });

  it('tags an excerpt the same way', async () => {
    const p = sampleProtocol();
    const file = join(dir, 'excerpt.pdf');
    writeFileSync(file, await renderExcerptPdf(p, [p.paragraphs[1].number]));
    const r = await readWithPdfjs(file);
    r.pages.forEach((page) => expect(page.untagged).toEqual([]));
    expect(r.outline.filter((o) => o.title.startsWith('§')).map((o) => o.title)).toEqual([
      `§ ${p.paragraphs[1].number} ${p.paragraphs[1].title}`,
    ]);
  });
});
