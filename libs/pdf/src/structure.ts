/**
 * The logical structure of a tagged PDF (ISO 32000-1 14.7–14.8, PDF/UA-1): a tree of structure
 * elements built while the protocol is composed, filled with marked-content references while the
 * pages are written, and serialised as /StructTreeRoot with its /ParentTree at the end.
 *
 * Reading order is the order of the tree, which the composer builds in document order. A structure
 * element's kids are child elements and `McSlot`s; a slot is the place in the kid list where the
 * element's own marked content goes, filled (in content order) by the page writer. Elements made
 * while drawing (a Link around a run of text) are attached lazily into a slot, at the point where
 * their first content is written, so they land in the right place among the surrounding text.
 */
import { PDFContext, PDFDict, PDFName, PDFNumber, PDFRef, PDFArray, PDFHexString } from 'pdf-lib';

/** Standard structure types used (no role map is needed: every type is a standard one). */
export type StructType =
  | 'Document'
  | 'Sect'
  | 'Div'
  | 'H1'
  | 'H2'
  | 'H3'
  | 'H4'
  | 'H5'
  | 'P'
  | 'L'
  | 'LI'
  | 'Lbl'
  | 'LBody'
  | 'Table'
  | 'TR'
  | 'TH'
  | 'TD'
  | 'TOC'
  | 'TOCI'
  | 'Link'
  | 'Form'
  | 'Span';

/** Structure attributes (ISO 32000-1 14.8.5), owner /Table or /List. */
export interface StructAttributes {
  /** TH: which cells the header applies to. */
  scope?: 'Row' | 'Column';
  /** L: how the items are numbered. */
  listNumbering?: 'None' | 'Disc' | 'Decimal' | 'LowerAlpha';
  /** Strikethrough (layout attribute TextDecorationType). */
  lineThrough?: boolean;
}

/** Where an element's marked content goes among its kids; filled while the pages are written. */
export class McSlot {
  readonly items: (MarkedContentRef | StructNode)[] = [];
  constructor(readonly node: StructNode) {}
}

export interface MarkedContentRef {
  page: number;
  mcid: number;
}

export class StructNode {
  readonly kids: (StructNode | McSlot)[] = [];
  attributes?: StructAttributes;
  /** Alternate text (/Alt) or the annotation this element holds (/OBJR). */
  alt?: string;
  annotation?: { page: number; ref?: PDFRef };
  /** For a lazily attached element: the slot it goes into and whether it is there yet. */
  private pendingIn?: McSlot;

  constructor(
    readonly type: StructType,
    readonly parent?: StructNode,
  ) {}

  /** A child element, appended now (composition order = reading order). */
  add(type: StructType, attributes?: StructAttributes): StructNode {
    const n = new StructNode(type, this);
    if (attributes) n.attributes = attributes;
    this.kids.push(n);
    return n;
  }

  /** A new slot for this element's own content, placed after the kids added so far. */
  slot(): McSlot {
    const s = new McSlot(this);
    this.kids.push(s);
    return s;
  }

  /**
   * A child element of `in_.node` that takes its place inside the slot `in_` when its first
   * content is written (a Link within a paragraph's text).
   */
  static lazy(type: StructType, in_: McSlot): StructNode {
    const n = new StructNode(type, in_.node);
    n.pendingIn = in_;
    return n;
  }

  /** Called by the page writer before this element's content is written. */
  attach(): void {
    if (!this.pendingIn) return;
    this.pendingIn.items.push(this);
    this.pendingIn = undefined;
  }
}

/**
 * Tracks the marked content of one page while it is written: gives MCIDs and records which element
 * owns each (the page's /ParentTree entry).
 */
export class PageMarks {
  /** MCID → owning element. */
  readonly owners: StructNode[] = [];
  constructor(readonly page: number) {}

  open(slot: McSlot): number {
    slot.node.attach();
    const mcid = this.owners.length;
    this.owners.push(slot.node);
    slot.items.push({ page: this.page, mcid });
    return mcid;
  }
}

function hasContent(node: StructNode): boolean {
  if (node.annotation) return true;
  return node.kids.some((k) => (k instanceof McSlot ? k.items.length > 0 : true));
}

/**
 * Writes the structure tree into the document: /StructTreeRoot (with /ParentTree and
 * /ParentTreeNextKey) in the catalog, /StructParents on each page with marked content. Annotation
 * owners get /StructParent keys after the pages. Returns the root's ref.
 */
export function writeStructTree(
  context: PDFContext,
  catalog: PDFDict,
  root: StructNode,
  pages: { ref: PDFRef; node: PDFDict; marks: PageMarks }[],
  lang: string,
): PDFRef {
  const refs = new Map<StructNode, PDFRef>();
  const rootRef = context.nextRef();
  const assign = (node: StructNode): void => {
    refs.set(node, context.nextRef());
    for (const k of node.kids) {
      if (k instanceof McSlot) {
        for (const item of k.items) if (item instanceof StructNode) assign(item);
      } else assign(k);
    }
  };
  assign(root);

  const parentTreeNums: (PDFNumber | PDFRef | PDFArray)[] = [];
  let key = 0;
  pages.forEach((p) => {
    if (!p.marks.owners.length) return;
    p.node.set(PDFName.of('StructParents'), PDFNumber.of(key));
    parentTreeNums.push(PDFNumber.of(key), context.obj(p.marks.owners.map((o) => refs.get(o)!)) as PDFArray);
    key++;
  });

  const write = (node: StructNode, parentRef: PDFRef): void => {
    const ref = refs.get(node)!;
    const kids: unknown[] = [];
    let pg: number | undefined;
    const visit = (k: StructNode | McSlot): void => {
      if (k instanceof McSlot) {
        for (const item of k.items) {
          if (item instanceof StructNode) {
            write(item, ref);
            kids.push(refs.get(item));
          } else {
            pg ??= item.page;
            kids.push(item.page === pg ? item.mcid : { Type: 'MCR', Pg: pages[item.page].ref, MCID: item.mcid });
          }
        }
      } else if (hasContent(k) || k.type === 'TH' || k.type === 'TD') {
        write(k, ref);
        kids.push(refs.get(k));
      }
    };
    node.kids.forEach(visit);
    if (node.annotation?.ref) {
      const annot = node.annotation;
      pg ??= annot.page;
      kids.push({ Type: 'OBJR', Pg: pages[annot.page].ref, Obj: annot.ref });
      const annotDict = context.lookup(annot.ref, PDFDict);
      annotDict.set(PDFName.of('StructParent'), PDFNumber.of(key));
      parentTreeNums.push(PDFNumber.of(key), ref);
      key++;
    }
    const dict: Record<string, unknown> = { Type: 'StructElem', S: node.type, P: parentRef };
    if (pg !== undefined) dict.Pg = pages[pg].ref;
    dict.K = kids.length === 1 ? kids[0] : kids;
    if (node.alt) dict.Alt = PDFHexString.fromText(node.alt);
    if (node.type === 'Document') dict.Lang = PDFHexString.fromText(lang);
    const a = node.attributes;
    if (a?.scope) dict.A = { O: 'Table', Scope: a.scope };
    else if (a?.listNumbering) dict.A = { O: 'List', ListNumbering: a.listNumbering };
    else if (a?.lineThrough) dict.A = { O: 'Layout', TextDecorationType: 'LineThrough' };
    context.assign(ref, context.obj(dict as never));
  };
  write(root, rootRef);

  // The ParentTree is a number tree; one flat /Nums array is valid. Keys are handed out in ascending
  // order (pages first, then annotations), so parentTreeNums is already sorted.
  const parentTree = context.register(context.obj({ Nums: parentTreeNums } as never));
  context.assign(
    rootRef,
    context.obj({
      Type: 'StructTreeRoot',
      K: refs.get(root)!,
      ParentTree: parentTree,
      ParentTreeNextKey: key,
    }),
  );
  catalog.set(PDFName.of('StructTreeRoot'), rootRef);
  catalog.set(PDFName.of('MarkInfo'), context.obj({ Marked: true }));
  return rootRef;
}
