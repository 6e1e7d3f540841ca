/**
 * The page tree and the AcroForm field tree, walked the same way by both readers (PdfReader over the
 * whole file, PositionedPdfReader over positioned reads): bounded by the budget, cycle-guarded.
 */
import type { Budget } from './budget';
import { PdfReadError } from './errors';
import { PdfArray, PdfDict, PdfName, PdfRef, PdfString, type PdfObject } from './objects';

export interface PageInfo {
  /** Undefined for a page given as a direct object in /Kids (unusual; flagged in `warnings`). */
  ref?: PdfRef;
  dict: PdfDict;
  mediaBox?: number[];
  resources?: PdfObject;
}

export interface FieldInfo {
  ref?: PdfRef;
  dict: PdfDict;
  /** Fully qualified name: the /T of every ancestor joined by '.'. */
  name: string;
  /** /FT, inherited from ancestors. */
  type?: string;
  /** /V, inherited from ancestors (unresolved). */
  value?: PdfObject;
  /** Widget annotations of this field (the field itself when merged with its widget). */
  widgets: { ref?: PdfRef; dict: PdfDict }[];
}

/** What a walk needs from its reader. */
export interface TreeContext {
  resolve(o: PdfObject | undefined): PdfObject | undefined;
  budget: Budget;
  warn(w: string): void;
}

/** The page tree under `catalog` in document order, with inherited /MediaBox and /Resources. Throws CYCLE on loops. */
export function pageTree(catalog: PdfDict, ctx: TreeContext): PageInfo[] {
  const { resolve, budget, warn } = ctx;
  const out: PageInfo[] = [];
  const seen = new Set<string>();
  const rootRef = catalog.get('Pages');
  const walk = (node: PdfObject | undefined, ref: PdfRef | undefined, depth: number, mediaBox?: number[], resources?: PdfObject): void => {
    budget.tick();
    if (depth > budget.limits.maxDepth) throw new PdfReadError('LIMIT_DEPTH', 'page tree too deep');
    if (ref) {
      if (seen.has(ref.key)) throw new PdfReadError('CYCLE', `page tree visits ${ref} twice`);
      seen.add(ref.key);
    }
    if (!(node instanceof PdfDict)) {
      warn(`page tree node ${ref ?? '(direct)'} is not a dictionary`);
      return;
    }
    const mb = resolve(node.get('MediaBox'));
    const box = mb instanceof PdfArray ? mb.items.map((x) => resolve(x)).filter((x): x is number => typeof x === 'number') : undefined;
    const mbox = box && box.length === 4 ? box : mediaBox;
    const res = node.get('Resources') ?? resources;
    const kids = resolve(node.get('Kids'));
    if (node.name('Type') === 'Pages' || (node.name('Type') !== 'Page' && kids instanceof PdfArray)) {
      if (!(kids instanceof PdfArray)) {
        warn(`page tree node ${ref ?? '(direct)'} has no /Kids`);
        return;
      }
      for (const k of kids.items) {
        if (out.length > budget.limits.maxObjects) throw new PdfReadError('LIMIT_OBJECTS', 'too many pages');
        if (k instanceof PdfRef) walk(resolve(k), k, depth + 1, mbox, res);
        else {
          warn('page tree has a direct (not indirect) kid');
          walk(k, undefined, depth + 1, mbox, res);
        }
      }
      return;
    }
    if (!mbox) warn(`page ${ref ?? '(direct)'} has no /MediaBox`);
    out.push({ ref, dict: node, mediaBox: mbox, resources: res });
  };
  walk(resolve(rootRef), rootRef instanceof PdfRef ? rootRef : undefined, 0);
  return out;
}

/** The AcroForm fields under `catalog` (terminal fields), with inherited /FT and /V. Cycle-guarded. */
export function fieldTree(catalog: PdfDict, ctx: TreeContext): FieldInfo[] {
  const { resolve, budget, warn } = ctx;
  const form = resolve(catalog.get('AcroForm'));
  if (!(form instanceof PdfDict)) return [];
  const top = resolve(form.get('Fields'));
  if (!(top instanceof PdfArray)) return [];
  const out: FieldInfo[] = [];
  const seen = new Set<string>();
  const walk = (o: PdfObject, parentName: string, ft: string | undefined, v: PdfObject | undefined, depth: number): void => {
    budget.tick();
    if (depth > budget.limits.maxDepth) throw new PdfReadError('LIMIT_DEPTH', 'field tree too deep');
    const ref = o instanceof PdfRef ? o : undefined;
    if (ref) {
      if (seen.has(ref.key)) {
        warn(`field tree visits ${ref} twice`);
        return;
      }
      seen.add(ref.key);
    }
    const d = resolve(o);
    if (!(d instanceof PdfDict)) return;
    const t = resolve(d.get('T'));
    const partial = t instanceof PdfString ? t.text() : undefined;
    const name = partial === undefined ? parentName : parentName ? `${parentName}.${partial}` : partial;
    const myFt = resolve(d.get('FT'));
    const type = myFt instanceof PdfName ? myFt.name : ft;
    const value = d.has('V') ? d.get('V') : v;
    const kids = resolve(d.get('Kids'));
    const kidItems = kids instanceof PdfArray ? kids.items : [];
    const fieldKids = kidItems.filter((k) => {
      const kd = resolve(k);
      return kd instanceof PdfDict && kd.has('T');
    });
    if (fieldKids.length > 0) {
      for (const k of kidItems) walk(k, name, type, value, depth + 1);
      return;
    }
    const widgets: { ref?: PdfRef; dict: PdfDict }[] = [];
    if (kidItems.length === 0) widgets.push({ ref, dict: d });
    for (const k of kidItems) {
      const kd = resolve(k);
      if (kd instanceof PdfDict) widgets.push({ ref: k instanceof PdfRef ? k : undefined, dict: kd });
    }
    out.push({ ref, dict: d, name, type, value, widgets });
  };
  for (const f of top.items) {
    if (out.length > budget.limits.maxObjects) throw new PdfReadError('LIMIT_OBJECTS', 'too many fields');
    walk(f, '', undefined, undefined, 0);
  }
  return out;
}
