/**
 * Bookmarks (document outline, ISO 32000-1 12.3.3): one entry per §, then Bilagor and Underskrifter,
 * each opening its page at the heading. Flat: the §§ are the protocol's top level.
 */
import { PDFContext, PDFDict, PDFHexString, PDFName, PDFNull, PDFRef } from 'pdf-lib';

export interface OutlineItem {
  title: string;
  /** 0-based page index. */
  page: number;
  /** y of the heading's top edge. */
  top: number;
  children?: OutlineItem[];
}

export function addOutline(context: PDFContext, catalog: PDFDict, items: OutlineItem[], pages: PDFRef[]): void {
  if (!items.length) return;
  const rootRef = context.nextRef();
  const write = (list: OutlineItem[], parent: PDFRef): { first: PDFRef; last: PDFRef; count: number } => {
    const refs = list.map(() => context.nextRef());
    const count = list.length;
    list.forEach((item, i) => {
      const dict: Record<string, unknown> = {
        Title: PDFHexString.fromText(item.title),
        Parent: parent,
        Dest: [pages[item.page], PDFName.of('XYZ'), PDFNull, Math.round(item.top + 30), PDFNull],
      };
      if (i > 0) dict.Prev = refs[i - 1];
      if (i < list.length - 1) dict.Next = refs[i + 1];
      if (item.children?.length) {
        const kids = write(item.children, refs[i]);
        dict.First = kids.first;
        dict.Last = kids.last;
        dict.Count = -kids.count; // closed: sub-items shown on demand
      }
      context.assign(refs[i], context.obj(dict as never));
    });
    return { first: refs[0], last: refs[refs.length - 1], count };
  };
  const top = write(items, rootRef);
  context.assign(rootRef, context.obj({ Type: 'Outlines', First: top.first, Last: top.last, Count: top.count }));
  catalog.set(PDFName.of('Outlines'), rootRef);
}
