import fc from 'fast-check';
import { PDFDocument } from 'pdf-lib';
import { Block, generateProtocol, Inline, TableCell } from '@justera/protocol';
import { renderProtocolPdf, sampleProtocol, signatureFieldName } from './index';

const inline = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.record({ text: fc.string({ unit: 'binary', maxLength: 300 }), bold: fc.boolean(), italic: fc.boolean() }),
  fc.constant('https://example.se/' + 'x'.repeat(400)),
);
const block: fc.Arbitrary<Block> = fc.oneof(
  fc.record({ type: fc.constant('paragraph' as const), content: fc.array(inline, { maxLength: 5 }) }),
  fc.record({
    type: fc.constant('bulletList' as const),
    items: fc.array(fc.record({ content: fc.array(inline, { maxLength: 3 }) }), { maxLength: 4 }),
  }),
  fc.record({
    type: fc.constant('table' as const),
    header: fc.constant<TableCell[][]>([[{ content: ['A'] }, { content: ['B'] }, { content: ['C'] }]]),
    rows: fc.array(fc.array(fc.record({ content: fc.array(inline, { maxLength: 2 }) }), { minLength: 3, maxLength: 3 }), { maxLength: 6 }),
    columnWidths: fc.constant<number[]>([5, 0.01, 1]),
  }),
);

describe('renderProtocolPdf robustness', () => {
  it('never throws on arbitrary text (any Unicode, control characters, huge words, odd tables)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 80 }), fc.array(block, { maxLength: 4 }), async (title, content) => {
        const p = sampleProtocol({ paragraphs: 1, tableRows: 0 });
        p.paragraphs[0].title = title;
        p.paragraphs[0].sections = [{ kind: 'ovrigt', title: title, content }];
        p.notes = [title as Inline];
        const bytes = await renderProtocolPdf(p);
        const doc = await PDFDocument.load(bytes);
        expect(doc.getForm().getField(signatureFieldName(1))).toBeDefined();
      }),
      { numRuns: 25, seed: 20221014 },
    );
  }, 60_000);

  it.each([1, 2, 3, 5, 8])('renders generateProtocol(%p × 7, seed) with its signature fields', async (seed) => {
    const p = generateProtocol(seed * 7, seed);
    const doc = await PDFDocument.load(await renderProtocolPdf(p));
    expect(doc.getPageCount()).toBeGreaterThan(2);
    expect(
      doc
        .getForm()
        .getFields()
        .filter((f) => f.getName().startsWith('signatur.')).length,
    ).toBe(p.signatories.length);
  });
});
