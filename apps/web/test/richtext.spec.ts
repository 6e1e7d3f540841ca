/**
 * The TipTap ⇄ format mapping (richtext.ts) through the editor's real schema (extensions.ts): every
 * section of the three seed fixtures and of a generated protocol survives format → TipTap →
 * ProseMirror document → format unchanged (up to the format's own equivalences: a run without marks
 * is a plain string, adjacent runs with the same marks are one), and what the editor produces maps
 * back to valid format blocks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getSchema } from '@tiptap/react';
import { generateProtocol, validateProtocol } from '../../../libs/protocol/src';
import { protocolExtensions } from '../src/editor/extensions';
import { blocksToDoc, docToBlocks, pmToInlines, type Block, type Inline, type PmNode } from '../src/editor/richtext';

const schema = getSchema(protocolExtensions());
/** Through ProseMirror itself: a node the schema does not allow throws here. */
const throughEditor = (doc: PmNode): PmNode => {
  const node = schema.nodeFromJSON(doc);
  node.check();
  return node.toJSON() as PmNode;
};
const roundTrip = (blocks: Block[]) => docToBlocks(throughEditor(blocksToDoc(blocks)));

/** The format's equivalences: runs without marks are strings, neighbours with the same marks are one. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string' || (v && typeof v === 'object' && typeof (v as { text?: unknown }).text === 'string')))
      return pmToInlines(
        (value as Inline[]).map((i) => {
          const r = typeof i === 'string' ? { text: i } : i;
          const marks = [
            ...(r.bold ? [{ type: 'bold' }] : []),
            ...(r.italic ? [{ type: 'italic' }] : []),
            ...(r.strike ? [{ type: 'strike' }] : []),
            ...(r.href ? [{ type: 'link', attrs: { href: r.href } }] : []),
          ];
          return { type: 'text', text: r.text, marks };
        }),
      );
    return value.map(normalise);
  }
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) {
      if (k === 'start' && v === 1) continue;
      if (k === 'align') {
        out[k] = v; // a list of words, not inline runs
        continue;
      }
      out[k] = normalise(v);
    }
    return out;
  }
  return value;
}

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'protocols');

describe('richtext (TipTap ⇄ protocol format)', () => {
  const protocols = [
    ...readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.json'))
      .map((f) => [f, JSON.parse(readFileSync(join(FIXTURES, f), 'utf8'))] as const),
    ['generateProtocol(40)', generateProtocol(40)] as const,
  ];

  it.each(protocols)('round-trips every section of %s', (_name, protocol) => {
    let sections = 0;
    type Sections = { sections: { content: Block[] }[] };
    for (const p of protocol.paragraphs as (Sections & { subItems?: Sections[] })[])
      for (const s of [p, ...(p.subItems ?? [])].flatMap((x) => x.sections)) {
        sections++;
        expect(roundTrip(s.content)).toEqual(normalise(s.content));
      }
    expect(sections).toBeGreaterThan(5);
  });

  it('keeps bold, italic, links, list nesting, numbering style and start, table headers and widths', () => {
    const blocks: Block[] = [
      { type: 'heading', content: ['Bakgrund'] },
      {
        type: 'paragraph',
        content: [
          'Resultatet är ',
          { text: 'tydligt', bold: true },
          ' och ',
          { text: 'mycket', bold: true, italic: true },
          ' bra, se ',
          { text: 'sidan', href: 'https://example.se/a' },
          '.',
        ],
      },
      {
        type: 'bulletList',
        items: [
          {
            content: ['Ett'],
            children: [
              { type: 'numberedList', items: [{ content: ['a'] }, { content: ['b'] }] },
              { type: 'paragraph', content: ['Fortsättning'] },
            ],
          },
          { content: ['Två'] },
        ],
      },
      { type: 'numberedList', start: 3, style: 'decimal-paren', items: [{ content: ['Tre'] }] },
      { type: 'numberedList', style: 'alpha-paren', items: [{ content: ['a-punkt'] }] },
      {
        type: 'table',
        header: [[{ content: ['ÅTGÄRD'] }, { content: ['ANSVARIG'] }]],
        rows: [
          [{ content: [{ text: 'Budget', italic: true }] }, { content: ['Anna'] }],
          [{ content: [] }, { content: ['Bo'] }],
        ],
        columnWidths: [3, 1],
      },
    ];
    expect(roundTrip(blocks)).toEqual(blocks);
    // The alpha style shows as letters in the editor.
    expect(blocksToDoc(blocks).content![4].attrs).toMatchObject({ type: 'a', numberStyle: 'alpha-paren' });
  });

  it('leaves out what the secretary has not written yet, and the result validates', () => {
    const edited: PmNode = {
      type: 'doc',
      content: [
        { type: 'paragraph' },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Styrelsen beslutar ' },
            { type: 'text', text: 'att', marks: [{ type: 'bold' }] },
          ],
        },
        {
          type: 'bulletList',
          content: [
            { type: 'listItem', content: [{ type: 'paragraph' }] },
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Punkt' }] }] },
          ],
        },
        { type: 'orderedList', attrs: { start: 1 }, content: [{ type: 'listItem', content: [{ type: 'paragraph' }] }] },
        { type: 'heading', attrs: { level: 4 } },
        {
          type: 'table',
          content: [
            {
              type: 'tableRow',
              content: [
                {
                  type: 'tableCell',
                  content: [
                    { type: 'paragraph', content: [{ type: 'text', text: 'a' }] },
                    { type: 'paragraph', content: [{ type: 'text', text: 'b' }] },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    const blocks = docToBlocks(throughEditor(edited));
    expect(blocks).toEqual([
      { type: 'paragraph', content: ['Styrelsen beslutar ', { text: 'att', bold: true }] },
      { type: 'bulletList', items: [{ content: ['Punkt'] }] },
      { type: 'table', header: [], rows: [[{ content: ['a b'] }]] },
    ]);
    const protocol = generateProtocol(1);
    protocol.paragraphs[0].sections = [{ kind: 'beslut', content: blocks as never }];
    expect(validateProtocol(protocol).ok).toBe(true);
  });

  it('an empty section is one empty paragraph in the editor and nothing in the format', () => {
    expect(blocksToDoc([])).toEqual({ type: 'doc', content: [{ type: 'paragraph' }] });
    expect(roundTrip([])).toEqual([]);
  });

  it("shows a table's column alignment in the editor and keeps it; an alignment that no longer fits the columns is dropped", () => {
    const table: Block = {
      type: 'table',
      header: [[{ content: ['Post'] }, { content: ['Tkr'] }, { content: ['Not'] }]],
      rows: [[{ content: ['Drift'] }, { content: ['4 374'] }, { content: ['x'] }]],
      align: ['left', 'right', 'center'],
    };
    expect(roundTrip([table])).toEqual([table]);
    const node = schema.nodeFromJSON(blocksToDoc([table]).content![0]);
    const dom = node.type.spec.toDOM!(node) as unknown as [string, Record<string, string>];
    expect(dom[0]).toBe('table');
    expect(dom[1]).toMatchObject({ 'data-col2': 'right', 'data-col3': 'center' });
    expect(dom[1]).not.toHaveProperty('data-col1');
    // After a column was added outside the toolbar, the stale alignment is not sent (the format refuses it).
    const wider = blocksToDoc([table]);
    wider.content![0].attrs = { ...wider.content![0].attrs, align: ['left', 'right'] };
    expect((docToBlocks(throughEditor(wider))[0] as { align?: unknown }).align).toBeUndefined();
  });
});
