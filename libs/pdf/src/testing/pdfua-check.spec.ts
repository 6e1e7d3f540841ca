import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRef } from 'pdf-lib';
import { generateProtocol } from '@justera/protocol';
import { renderProtocolPdf } from '../render';
import { renderSimpleDocumentPdf } from '../simple-document';
import { checkPdfUa } from './pdfua-check';

jest.setTimeout(60_000);

/** The rules the checker reports for `bytes`, without duplicates. */
const rules = (bytes: Uint8Array): string[] => [...new Set(checkPdfUa(bytes).map((v) => v.rule))];

/** The rendered protocol with `edit` applied to its first signature widget (and its page). */
async function withEditedWidget(edit: (widget: PDFDict, page: PDFDict, doc: PDFDocument) => void): Promise<Uint8Array> {
  const doc = await PDFDocument.load(await renderProtocolPdf(generateProtocol(2, 3)), { updateMetadata: false });
  const page = doc.getPages()[doc.getPageCount() - 1];
  const annots = page.node.Annots()!;
  const widget = doc.context.lookup(annots.get(0) as PDFRef, PDFDict);
  edit(widget, page.node, doc);
  return doc.save({ useObjectStreams: false });
}

describe(checkPdfUa.name, () => {
  it('finds nothing in a rendered protocol and in a report', async () => {
    expect(checkPdfUa(await renderProtocolPdf(generateProtocol(3, 5)))).toEqual([]);
    expect(checkPdfUa(await renderSimpleDocumentPdf({ title: 'Rapport', author: 'Justera', lines: ['Rad'] }))).toEqual([]);
  });

  it('finds a widget outside the structure tree (no /StructParent, or a key the /ParentTree lacks)', async () => {
    expect(rules(await withEditedWidget((w) => w.delete(PDFName.of('StructParent'))))).toEqual([
      '7.18.1 annotation tagged (Matterhorn 28-002)',
    ]);
    expect(rules(await withEditedWidget((w) => w.set(PDFName.of('StructParent'), PDFNumber.of(99_999))))).toEqual([
      '7.18.1 annotation tagged (Matterhorn 28-002)',
    ]);
  });

  it('finds a widget in another element than Form, and one without a description', async () => {
    const moved = await withEditedWidget((w, page, doc) => {
      // Turn the widget's Form element (found through the /ParentTree) into a P.
      const key = (w.get(PDFName.of('StructParent')) as PDFNumber).asNumber();
      const root = doc.context.lookup(doc.catalog.get(PDFName.of('StructTreeRoot')), PDFDict);
      const tree = doc.context.lookup(root.get(PDFName.of('ParentTree')), PDFDict);
      const items = tree.lookup(PDFName.of('Nums'), PDFArray).asArray();
      const i = items.findIndex((x, j) => j % 2 === 0 && x instanceof PDFNumber && x.asNumber() === key);
      doc.context.lookup(items[i + 1] as PDFRef, PDFDict).set(PDFName.of('S'), PDFName.of('P'));
    });
    expect(rules(moved)).toEqual(['7.18.4 widget in Form (Matterhorn 28-010)']);
    expect(rules(await withEditedWidget((w) => w.delete(PDFName.of('TU'))))).toEqual(['7.18.1 field description (Matterhorn 28-005)']);
  });

  it('finds a page with annotations without /Tabs /S', async () => {
    expect(rules(await withEditedWidget((w, page) => page.delete(PDFName.of('Tabs'))))).toEqual([
      '7.18.3 tab order (Matterhorn 28-008/28-009)',
    ]);
  });

  it('finds an untagged document', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    expect(rules(await doc.save())).toEqual(['7.1 marked (Matterhorn 01-002)', '7.1 structure tree (Matterhorn 01-006)']);
  });
});
