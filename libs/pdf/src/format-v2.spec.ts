/**
 * Format version 2 in the PDF (issue 17): numbering, sub-items, strikethrough, attendance groups and
 * the närvarolista page, "senast", the organ's own ANSLAG/BEVIS sentence and given dates, column
 * alignment, and the layout rules (keep-with-next for list items, page 1 kept together, TOC page
 * ranges, the header without repetition, the empty header cell unshaded). The generic checks
 * (fonts, qpdf, tags, TOC numbers) run on the v2 fixtures in render.spec.ts and tagged.spec.ts.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { generateProtocol, Protocol, validateProtocol } from '@justera/protocol';
import { renderProtocolPdf } from './index';
import { loadFonts } from './fonts';
import { CONTENT_WIDTH, MARGIN_LEFT, layoutProtocol } from './layout';
import { McSlot, StructNode } from './structure';

jest.setTimeout(60_000);

const run = promisify(execFile);
const FIXTURES = join(__dirname, '../../../test/fixtures/protocols');

function fixture(name: string): Protocol {
  const v = validateProtocol(JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')));
  if (!v.ok) throw new Error(`${name}: ${JSON.stringify(v.errors.slice(0, 3))}`);
  return v.protocol;
}

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'justera-v2-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function render(p: Protocol, name: string): Promise<{ file: string; bytes: Uint8Array; pages: string[] }> {
  const bytes = await renderProtocolPdf(p);
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  const { stdout } = await run('pdftotext', ['-layout', file, '-'], { maxBuffer: 64 * 1024 * 1024 });
  const pages = stdout.split('\f');
  pages.pop();
  return { file, bytes, pages };
}

const layout = (p: Protocol) =>
  layoutProtocol(
    { protocol: p, title: 'Protokoll', paragraphs: p.paragraphs, tableOfContents: true, paragraphPerPage: false },
    loadFonts(),
  );

describe('format version 2 in the PDF: e-nämnden (närvarolista, senast, own ANSLAG/BEVIS, money table)', () => {
  const p = fixture('v2-e-namnden-2022-10-05');
  let out: Awaited<ReturnType<typeof render>>;
  beforeAll(async () => (out = await render(p, 'e-namnden')));

  it('keeps page 1 compact: "Beslutande: Enligt närvarolista", senast, the organ\'s own sentence and the given dates', () => {
    const page1 = out.pages[0].replace(/[ ]+/g, ' ');
    expect(page1).toMatch(/Beslutande Enligt närvarolista, sidan 2\n/);
    expect(page1).toContain('Justeringens plats och tid Digitalt senast 2022-10-19');
    expect(page1).toContain('E-nämndens protokoll är justerat. Justeringen har tillkännagivits genom anslag.');
    expect(page1).not.toContain('Protokollet är justerat');
    expect(page1).toContain('Datum för anslags uppsättande 2022-10-20');
    expect(page1).toContain('Datum för anslags nedtagande 2022-11-11');
    expect(page1).toContain('Sista dag att överklaga 2022-11-10');
    expect(page1).toContain('Underskrifter');
    expect(page1).not.toContain('Sofia Ek (C)');
  });

  it('prints the attendance groups on the närvarolista page, with absent members and absent substitutes', () => {
    const page2 = out.pages[1].replace(/[ ]+/g, ' ');
    expect(page2).toContain('Närvarolista');
    expect(page2).toContain('Beslutande Lars Berg (S), Hallsbergs kommun, ordförande');
    expect(page2).toContain('Närvarande ersättare Nils Dahl (M)');
    expect(page2).toContain('Frånvarande ledamöter Göran Ås (S)');
    expect(page2).toContain('Frånvarande ersättare Lena Gran (C), Askersunds kommun');
    expect(page2).toMatch(/Närvarolista\s*\.[ .]*2\n/);
  });

  it('does not print the organisation and the organ twice in the page header when they are the same', () => {
    for (const page of out.pages) {
      const header = page.split('\n').slice(0, 2).join('\n');
      expect(header.split('E-nämnden').length - 1).toBe(1);
    }
  });

  it('right-aligns the money columns: the numbers of a column end at the same x', async () => {
    const { stdout } = await run('pdftotext', ['-bbox', out.file, '-']);
    const word = (w: string) =>
      [...stdout.matchAll(new RegExp(`xMin="([\\d.]+)" yMin="[\\d.]+" xMax="([\\d.]+)" yMax="[\\d.]+">${w}</word>`, 'g'))].map((m) => ({
        xMin: Number(m[1]),
        xMax: Number(m[2]),
      }));
    const last = ['-28', '-33', '-61'].map((w) => word(w)[0]);
    const right = MARGIN_LEFT + CONTENT_WIDTH - 4.5;
    for (const w of last) expect(w.xMax).toBeCloseTo(right, 0);
    expect(last[2].xMin).not.toBeCloseTo(last[0].xMin - 100, 0);
    // "4 374" and "2 150" end at the same x in the budget column.
    const budget = [word('374')[0], word('150')[0]];
    expect(budget[0].xMax).toBeCloseTo(budget[1].xMax, 1);
  });

  it('does not shade the empty first header cell', () => {
    const fill = layout(p)
      .pages.flatMap((pg) => pg.ops)
      .filter((o) => o.t === 'rect' && o.fill && o.fill[0] === 0.92);
    expect(fill).toHaveLength(3);
  });

  it('marks struck-through text: a drawn line and a Span with TextDecorationType LineThrough', () => {
    const pdf = Buffer.from(out.bytes).toString('latin1');
    expect(pdf.split('/TextDecorationType /LineThrough').length - 1).toBe(3);
  });

  it('breaks a line at "\\n" in running text', () => {
    const text = out.pages.join('\n').replace(/[ ]+/g, ' ');
    expect(text).toContain('För 2023 föreslås onsdagar kl. 13.00:\nden 8 februari');
  });
});

describe('format version 2 in the PDF: minnesanteckningar (decimal numbering, sub-items, TOC ranges)', () => {
  const p = fixture('v2-kommunchefsmote-2022-11-24');
  let out: Awaited<ReturnType<typeof render>>;
  beforeAll(async () => (out = await render(p, 'kommunchefsmote')));

  it('numbers the items "3." (not "§ 3") and says "Punkter 1–5"', () => {
    const text = out.pages.join('\n').replace(/[ ]+/g, ' ');
    expect(text).not.toContain('§');
    expect(text).toMatch(/^ ?3\. Information från samverkansområdena$/m);
    expect(text).toContain('Punkter 1–5\n');
  });

  it('lists the sub-items in the table of contents under their item, with their pages, and a range for an item over two pages', () => {
    const toc = out.pages.find((t) => t.includes('Innehållsförteckning'))!.replace(/[ ]+/g, ' ');
    const heading = (label: string) =>
      out.pages.findIndex((t, i) => i > 1 && new RegExp(`^\\s*${label.replace('.', '\\.')}\\s`, 'm').test(t)) + 1;
    const entry = (label: string) => new RegExp(`^ ?${label.replace('.', '\\.')} [^\\n]*?(\\d+)(?:–(\\d+))?$`, 'm').exec(toc);
    const three = entry('3.')!;
    expect(Number(three[1])).toBe(heading('3.'));
    expect(Number(three[2])).toBe(heading('3.5'));
    expect(Number(three[2])).toBeGreaterThan(Number(three[1]));
    for (const n of [1, 2, 3, 4, 5]) expect(Number(entry(`3.${n}`)![1])).toBe(heading(`3.${n}`));
  });
});

describe('format version 2 from the seeds: Hälsingerådet (sub-items in the TOC, a line break)', () => {
  const p = fixture('v2-halsingeradet-protokoll-627-638');
  let out: Awaited<ReturnType<typeof render>>;
  beforeAll(async () => (out = await render(p, 'v2-halsingeradet')));

  it("prints § 637's övriga frågor as sub-items 637.1 and 637.2 with their text under them", () => {
    const text = out.pages.join('\n').replace(/[ ]+/g, ' ');
    expect(text).toMatch(/^§ 637 Övriga frågor\n\n637\.1 Varumärket Hälsingland\nProjektet har slutrapporterats/m);
    expect(text).toMatch(/^637\.2 Högskolan i Gävle \(HiG\)\nHiG planerar att lägga ner/m);
  });

  it('lists the sub-items in the table of contents under § 637, each with the page of its heading', () => {
    const toc = out.pages.find((t) => t.includes('Innehållsförteckning'))!.replace(/[ ]+/g, ' ');
    const tocLines = toc.split('\n').map((l) => l.trim());
    const at = (label: string) => tocLines.findIndex((l) => l.startsWith(label));
    expect([at('§ 637'), at('637.1'), at('637.2'), at('§ 638')]).toEqual([at('§ 637'), at('§ 637') + 1, at('§ 637') + 2, at('§ 637') + 3]);
    for (const label of ['637.1', '637.2']) {
      const page = Number(/(\d+)$/.exec(tocLines[at(label)])![1]);
      expect(out.pages[page - 1]).toMatch(new RegExp(`^${label.replace('.', '\\.')} `, 'm'));
    }
  });

  it('breaks § 638 into its two lines, one paragraph', () => {
    const text = out.pages.join('\n').replace(/[ ]+/g, ' ');
    expect(text).toContain('Ordförande Mikael Löthstam tackade för ett bra sammanträde.\nHälsingerådets nästa möte äger rum 23 mars.');
  });

  it('is deterministic', async () => {
    expect(Buffer.from(await renderProtocolPdf(p)).equals(Buffer.from(out.bytes))).toBe(true);
  });
});

describe('format version 2 from the seeds: the gemensam nämnd (given ANSLAG/BEVIS dates)', () => {
  const p = fixture('v2-gemensam-namnd-2020-02-14');
  let out: Awaited<ReturnType<typeof render>>;
  beforeAll(async () => (out = await render(p, 'v2-gemensam')));

  it("prints the seed's anslag dates on page 1 instead of their fields, keeping the field of the date it does not give", async () => {
    const page1 = out.pages[0].replace(/[ ]+/g, ' ');
    expect(page1).toContain('Datum för anslags uppsättande 2020-02-24');
    expect(page1).toContain('Datum för anslags nedtagande 2020-03-16');
    const form = (await PDFDocument.load(out.bytes)).getForm();
    expect(
      form
        .getFields()
        .map((f) => f.getName())
        .filter((n) => n.startsWith('anslag.')),
    ).toEqual(['anslag.sistaDagOverklagande']);
  });

  it('breaks § 3\'s lines "6663 …", "6674 …", "6676 …" as the seed does, with its attendance on page 1', () => {
    const text = out.pages.join('\n').replace(/[ ]+/g, ' ');
    expect(text).toMatch(/6663: \+0 fakturerat Åre för överskjutande belopp\.\n6674: \+7 tkr, [^\n]*\n(?:[^\n]*\n)?6676: \+- 0 pga/);
    expect(out.pages[0]).not.toContain('närvarolista');
  });

  it('is deterministic', async () => {
    expect(Buffer.from(await renderProtocolPdf(p)).equals(Buffer.from(out.bytes))).toBe(true);
  });
});

describe('layout rules', () => {
  /** The slots of `node` and its descendants. */
  const slotsOf = (node: StructNode): McSlot[] => node.kids.flatMap((k) => (k instanceof McSlot ? [k] : slotsOf(k)));

  it('keeps a list item with its sub-list (never alone at a page foot), whatever the text above it', () => {
    const filler = 'Text som fyller sidan och skjuter listan nedåt rad för rad tills en punkt hamnar längst ned. ';
    for (let lines = 20; lines <= 62; lines += 2) {
      const p = generateProtocol(1, 1);
      p.paragraphs[0]!.sections = [
        {
          kind: 'ovrigt',
          title: '',
          content: [
            { type: 'paragraph', content: [filler.repeat(lines)] },
            {
              type: 'numberedList',
              items: Array.from({ length: 6 }, (_, i) => ({
                content: [`Punkt ${i + 1}`],
                children: [
                  { type: 'bulletList' as const, items: [{ content: [`Underpunkt ${i + 1}.1`] }, { content: [`Underpunkt ${i + 1}.2`] }] },
                ],
              })),
            },
          ],
        },
      ];
      const result = layout(p);
      const pageOf = new Map<McSlot, number>();
      result.pages.forEach((pg, i) =>
        pg.ops.forEach((o) => o.t === 'text' && o.mc !== 'artifact' && !pageOf.has(o.mc) && pageOf.set(o.mc, i)),
      );
      const items = (function find(n: StructNode): StructNode[] {
        return [
          ...(n.type === 'LBody' && n.kids.some((k) => k instanceof StructNode && k.type === 'L') ? [n] : []),
          ...n.kids.flatMap((k) => (k instanceof StructNode ? find(k) : [])),
        ];
      })(result.structure);
      expect(items).toHaveLength(6);
      for (const body of items) {
        const own = body.kids.find((k): k is McSlot => k instanceof McSlot)!;
        const sub = body.kids.find((k): k is StructNode => k instanceof StructNode && k.type === 'L')!;
        expect({ lines, item: pageOf.get(own) }).toEqual({ lines, item: pageOf.get(slotsOf(sub)[0]) });
      }
    }
  });

  it.each(['gemensam-namnd-2020-02-14', 'halsingeradet-protokoll-627-638', 'kommunforbundet-styrelse-2024-12-13'])(
    'keeps the moderate attendance of the seed %s on page 1, with the signatures and ANSLAG/BEVIS (as the original)',
    async (name) => {
      const p = fixture(name);
      const { pages } = await render(p, `page1-${name}`);
      const page1 = pages[0].replace(/\s+/g, ' ');
      expect(page1).not.toContain('närvarolista');
      for (const person of [...p.members, ...(p.others ?? []), ...(p.absent ?? [])])
        expect(page1).toContain(person.name.replace(/\s+/g, ' '));
      expect(page1).toContain('Underskrifter');
      for (const s of p.signatories) expect(page1).toContain(s.name);
      expect(page1).toContain('ANSLAG/BEVIS');
      expect(page1).toContain('Förvaringsplats för protokollet');
      expect(pages.join('\n')).not.toContain('Närvarolista');
    },
  );

  it('prints one person a line while that fits, then the largest groups as running text, then the närvarolista page', () => {
    const people = (n: number, who: string) =>
      Array.from({ length: n }, (_, i) => ({ name: `${who} ${i + 1}`, party: 'S', municipality: 'Exempelkommunen' }));
    const page1 = (p: Protocol) =>
      layout(p)
        .pages[0].ops.filter((o) => o.t === 'text')
        .map((o) => (o as { text: string }).text)
        .join('');
    const p = generateProtocol(3, 2);
    delete p.substitutes;
    delete p.absent;
    p.members = people(5, 'Ledamot');
    p.others = people(3, 'Tjänsteperson');
    // Eight people: one a line.
    expect(page1(p)).toContain('Ledamot 1 (S), Exempelkommunen');
    expect(page1(p)).not.toContain('; ');
    // Ten members: the members run together; the three others keep their lines.
    p.members = people(10, 'Ledamot');
    expect(page1(p)).toContain('Ledamot 1 (S), Exempelkommunen; ');
    expect(page1(p)).not.toContain('Tjänsteperson 1 (S), Exempelkommunen; ');
    expect(page1(p)).toContain('ANSLAG/BEVIS');
    // Far too many: the närvarolista page.
    p.members = people(120, 'Ledamot');
    expect(page1(p)).toContain('Enligt närvarolista');
    expect(page1(p)).not.toContain('Ledamot 1 ');
  });

  it('moves a long attendance to the närvarolista page so that page 1 keeps the signatures and ANSLAG/BEVIS', async () => {
    const p = generateProtocol(3, 2);
    p.absent = Array.from({ length: 40 }, (_, i) => ({
      name: `Frånvarande Ledamot ${i + 1}`,
      party: 'S',
      municipality: 'Exempelkommunen',
    }));
    const { pages } = await render(p, 'long-attendance');
    expect(pages[0]).toContain('Enligt närvarolista, sidan 2');
    expect(pages[0]).toContain('ANSLAG/BEVIS');
    expect(pages[0]).toContain('Underskrifter');
    expect(pages[1]).toContain('Närvarolista');
    const rest = pages.slice(1).join('\n');
    expect(rest.indexOf('Frånvarande Ledamot 40')).toBeGreaterThan(0);
    expect(rest.indexOf('Frånvarande Ledamot 40')).toBeLessThan(rest.indexOf('Innehållsförteckning'));
    // A short attendance stays on page 1.
    const small = generateProtocol(3, 2);
    small.members = small.members.slice(0, 3);
    delete small.others;
    delete small.substitutes;
    const short = await render(small, 'short-attendance');
    expect(short.pages[0]).toContain('ANSLAG/BEVIS');
    expect(short.pages[0]).not.toContain('närvarolista');
  });
});
