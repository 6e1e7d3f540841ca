/**
 * A mechanical checker for the PDF/UA-1 (ISO 14289-1) rules about annotations and the document
 * catalog that can be decided from the file's objects alone, for tests: our tagged renderers' output
 * and every revision the signer, the DSS, the document time-stamps and the ANSLAG filling append to
 * it. Like pdfa-check.ts it is not a validator (veraPDF is not available here); docs/pdf.md lists
 * the rules by clause. The rules are checked as of every revision, so a revision that leaves a
 * widget outside the structure tree is found even when a later one would have repaired it.
 */
import { PdfArray, PdfDict, PdfReader, PdfRef, PdfString, type PdfObject } from '@justera/pdf-reader';

export interface PdfUaViolation {
  /** The ISO 14289-1 clause (and the Matterhorn Protocol failure condition where there is one). */
  rule: string;
  /** The revision (0 = the original document) as of which the rule is broken. */
  revision: number;
  where: string;
  message: string;
}

/** Checks a tagged PDF (every revision) against the rules listed in docs/pdf.md ("PDF/UA through signing"). */
export function checkPdfUa(bytes: Uint8Array): PdfUaViolation[] {
  const file = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const reader = PdfReader.open(file, { timeLimitMs: 60_000 });
  const out: PdfUaViolation[] = [];
  const seen = new Set<string>();
  // A violation is reported at the first revision that has it (later revisions usually inherit it).
  const add = (rule: string, revision: number, where: string, message: string): void => {
    const key = `${rule}|${where}|${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ rule, revision, where, message });
  };
  for (const rev of reader.revisions) checkRevision(reader, rev.index, add);
  return out;
}

type Add = (rule: string, revision: number, where: string, message: string) => void;

function checkRevision(reader: PdfReader, r: number, add: Add): void {
  const res = (o: PdfObject | undefined): PdfObject | undefined => reader.resolve(o, r);
  const dictOf = (o: PdfObject | undefined): PdfDict | undefined => {
    const v = res(o);
    return v instanceof PdfDict ? v : undefined;
  };
  const cat = reader.catalog(r);
  // 7.1: a tagged PDF — /MarkInfo /Marked true and a structure tree.
  const markInfo = dictOf(cat.get('MarkInfo'));
  if (res(markInfo?.get('Marked')) !== true) add('7.1 marked (Matterhorn 01-002)', r, 'catalog', '/MarkInfo /Marked is not true');
  const rootRef = cat.get('StructTreeRoot');
  const root = dictOf(rootRef);
  if (!root) {
    add('7.1 structure tree (Matterhorn 01-006)', r, 'catalog', 'no /StructTreeRoot');
    return;
  }
  // 7.2: the natural language of the document.
  const lang = res(cat.get('Lang'));
  if (!(lang instanceof PdfString) || !lang.text().trim()) add('7.2 language (Matterhorn 11-006)', r, 'catalog', 'no /Lang');

  // ISO 32000-1 14.7.4.4: the parent tree maps every /StructParent(s) key; /ParentTreeNextKey is above all.
  const parentTree = new Map<number, PdfObject | undefined>();
  const collect = (node: PdfObject | undefined, depth: number): void => {
    const d = dictOf(node);
    if (!d || depth > 32) return;
    const nums = res(d.get('Nums'));
    if (nums instanceof PdfArray)
      for (let i = 0; i + 1 < nums.length; i += 2) {
        const k = res(nums.items[i]);
        if (typeof k === 'number') parentTree.set(k, nums.items[i + 1]);
      }
    const kids = res(d.get('Kids'));
    if (kids instanceof PdfArray) for (const kid of kids.items) collect(kid, depth + 1);
  };
  collect(root.get('ParentTree'), 0);
  const nextKey = res(root.get('ParentTreeNextKey'));
  if (nextKey !== undefined && typeof nextKey === 'number')
    for (const k of parentTree.keys())
      if (k >= nextKey)
        add('ISO 32000-1 14.7.4.4 ParentTreeNextKey', r, 'structure tree root', `key ${k} is not below /ParentTreeNextKey ${nextKey}`);

  /** Whether the element's /P chain reaches the structure tree root (it is in the tree). */
  const inTree = (elemRef: PdfObject | undefined): boolean => {
    let cur: PdfObject | undefined = elemRef;
    for (let depth = 0; depth < 128; depth++) {
      if (cur instanceof PdfRef && rootRef instanceof PdfRef && cur.num === rootRef.num) return true;
      const d = dictOf(cur);
      if (!d) return false;
      if (d.name('Type') === 'StructTreeRoot') return true;
      cur = d.get('P');
    }
    return false;
  };
  /** Whether the element's /K holds an OBJR pointing at `annot`. */
  const holdsObjr = (elem: PdfDict, annot: PdfRef): boolean => {
    const k = res(elem.get('K'));
    const kids = k instanceof PdfArray ? k.items : [k];
    return kids.some((kid) => {
      const d = dictOf(kid);
      const obj = d?.get('Obj');
      return d?.name('Type') === 'OBJR' && obj instanceof PdfRef && obj.num === annot.num;
    });
  };

  reader.pages(r).forEach((page, i) => {
    const where = `page ${i + 1}`;
    const annots = res(page.dict.get('Annots'));
    if (!(annots instanceof PdfArray) || annots.length === 0) return;
    // 7.18.3: a page with annotations orders its tabs by the structure.
    if (page.dict.name('Tabs') !== 'S')
      add('7.18.3 tab order (Matterhorn 28-008/28-009)', r, where, 'a page with annotations has no /Tabs /S');
    for (const a of annots.items) {
      const annot = dictOf(a);
      if (!annot || !(a instanceof PdfRef)) continue;
      const subtype = annot.name('Subtype') ?? '?';
      const at = `${where}, ${subtype} annotation ${a.num} ${a.gen}`;
      // ISO 32000-1 14.7.4.4 and 7.18.1: the annotation is tagged — /StructParent leads to its element.
      const key = res(annot.get('StructParent'));
      if (typeof key !== 'number') {
        add('7.18.1 annotation tagged (Matterhorn 28-002)', r, at, 'no /StructParent: the annotation is outside the structure tree');
        continue;
      }
      const elemRef = parentTree.get(key);
      const elem = dictOf(elemRef);
      if (!elem) {
        add('7.18.1 annotation tagged (Matterhorn 28-002)', r, at, `/StructParent ${key} is not in the /ParentTree`);
        continue;
      }
      if (!holdsObjr(elem, a))
        add('7.18.1 annotation tagged (Matterhorn 28-002)', r, at, `its structure element (/StructParent ${key}) has no OBJR to it`);
      if (!inTree(elemRef))
        add('7.18.1 annotation tagged (Matterhorn 28-002)', r, at, 'its structure element is not in the structure tree');
      const type = elem.name('S');
      const alt = res(elem.get('Alt'));
      const hasAlt = alt instanceof PdfString && !!alt.text().trim();
      if (subtype === 'Widget') {
        // 7.18.4: widgets in a Form element; 7.18.1: a form field has /TU (or /Alt on its element).
        if (type !== 'Form') add('7.18.4 widget in Form (Matterhorn 28-010)', r, at, `the widget is in a ${type ?? '?'} element, not Form`);
        const tu = res(annot.get('TU')) ?? res(dictOf(annot.get('Parent'))?.get('TU'));
        if (!(tu instanceof PdfString && tu.text().trim()) && !hasAlt)
          add('7.18.1 field description (Matterhorn 28-005)', r, at, 'the widget has no /TU and its element no /Alt');
      } else if (subtype === 'Link') {
        // 7.18.5: links in a Link element.
        if (type !== 'Link') add('7.18.5 link in Link (Matterhorn 28-011)', r, at, `the link is in a ${type ?? '?'} element, not Link`);
      } else {
        const contents = res(annot.get('Contents'));
        if (!(contents instanceof PdfString && contents.text().trim()) && !hasAlt)
          add('7.18.1 annotation description (Matterhorn 28-004)', r, at, 'no /Contents and no /Alt');
      }
    }
  });
}
