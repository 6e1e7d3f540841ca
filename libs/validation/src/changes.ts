import { sameText } from './pdf-text';
import { PdfArray, PdfDict, PdfName, PdfObject, PdfReadError, PdfReader, PdfRef, PdfStream, PdfString } from '@justera/pdf-reader';

/** Limits (time, size) must stop the analysis, not be mistaken for an odd object. */
function rethrowLimit(e: unknown): void {
  if (e instanceof PdfReadError && (e.code === 'DEADLINE' || e.code.startsWith('LIMIT'))) throw e;
}

/** Why an object matters, as seen in one revision. */
interface Role {
  kind:
    | 'catalog'
    | 'info'
    | 'metadata'
    | 'pages-node'
    | 'page'
    | 'page-content'
    | 'page-resources'
    | 'page-annots'
    | 'annotation'
    | 'acroform'
    | 'fields-array'
    | 'sig-field'
    | 'sig-value'
    | 'sig-appearance'
    | 'form-field'
    | 'form-appearance'
    | 'dss'
    | 'perms'
    | 'container';
  /** English description, e.g. "content stream of page 1". */
  en: string;
  sv: string;
  page?: number;
  /** For sig-field/sig-appearance: whether the field carried a signature value in that revision. */
  signed?: boolean;
}

export type ChangeCategory = 'page-content' | 'structure' | 'signature' | 'form' | 'allowed';

export interface ObjectChange {
  /** "12 0" */
  object: string;
  /** What the object is and what happened, in English and Swedish. */
  en: string;
  sv: string;
  category: ChangeCategory;
}

export interface RevisionChanges {
  /** 1-based revision number (1 = the original document). */
  revision: number;
  allowed: ObjectChange[];
  notAllowed: ObjectChange[];
}

export interface ChangeContext {
  /** DocMDP permission of a certification signature (1, 2 or 3), if the document is certified. */
  docMdpP?: number;
}

const SIG_FIELD_KEYS = new Set(['V', 'AP', 'F', 'MK', 'DA', 'AS', 'P']);
const FORM_FILL_KEYS = new Set(['V', 'AP', 'AS', 'MK', 'DA']);
const ACROFORM_KEYS = new Set(['Fields', 'SigFlags', 'DR', 'DA']);
const CATALOG_KEYS = new Set(['AcroForm', 'DSS', 'Extensions', 'Metadata']);

/**
 * Structural equality of two PDF objects. Strings compare as text (PDFDocEncoding, UTF-16BE and UTF-8
 * decode to the same string: form fillers re-encode /TU, /T, /V …), except where they are bytes: the
 * /Contents and /ByteRange of a signature dictionary and the file /ID (`bytes` set by the caller).
 */
export function deepEqual(a: PdfObject | undefined, b: PdfObject | undefined, depth = 0, bytes = false): boolean {
  if (depth > 64) return false;
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (a instanceof PdfRef) return b instanceof PdfRef && a.num === b.num && a.gen === b.gen;
  if (a instanceof PdfName) return b instanceof PdfName && a.name === b.name;
  if (a instanceof PdfString) return b instanceof PdfString && (bytes ? Buffer.from(a.bytes).equals(Buffer.from(b.bytes)) : sameText(a.bytes, b.bytes));
  if (a instanceof PdfArray) return b instanceof PdfArray && a.length === b.length && a.items.every((x, i) => deepEqual(x, b.items[i], depth + 1, bytes));
  if (a instanceof PdfStream) return b instanceof PdfStream && deepEqual(a.dict, b.dict, depth + 1) && Buffer.from(a.raw).equals(Buffer.from(b.raw));
  if (a instanceof PdfDict) {
    if (!(b instanceof PdfDict) || a.entries.size !== b.entries.size) return false;
    const sigDict = a.has('ByteRange') || b.has('ByteRange');
    for (const [k, v] of a.entries) if (!b.has(k) || !deepEqual(v, b.get(k), depth + 1, bytes || (sigDict && BYTE_KEYS.has(k)) || k === 'ID')) return false;
    return true;
  }
  return false;
}

/** Keys of a signature dictionary whose strings are bytes, not text. */
const BYTE_KEYS = new Set(['Contents', 'ByteRange', 'Cert']);

function changedKeys(a: PdfDict, b: PdfDict): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  const sigDict = a.has('ByteRange') || b.has('ByteRange');
  return [...keys].filter((k) => !deepEqual(a.get(k), b.get(k), 0, (sigDict && BYTE_KEYS.has(k)) || k === 'ID'));
}

const roleCache = new WeakMap<PdfReader, Map<number, Map<number, Role>>>();

/** The role map of one revision, computed once per reader and revision. */
function rolesOf(r: PdfReader, rev: number): Map<number, Role> {
  let perReader = roleCache.get(r);
  if (!perReader) roleCache.set(r, (perReader = new Map()));
  let roles = perReader.get(rev);
  if (!roles) perReader.set(rev, (roles = computeRoles(r, rev)));
  return roles;
}

/** Builds the role map of one revision (0-based index). Problems become missing roles; limits throw. */
function computeRoles(r: PdfReader, rev: number): Map<number, Role> {
  const roles = new Map<number, Role>();
  const set = (o: PdfObject | undefined, role: Role): void => {
    if (o instanceof PdfRef && !roles.has(o.num)) roles.set(o.num, role);
  };
  const res = (o: PdfObject | undefined): PdfObject | undefined => {
    try {
      return r.resolve(o, rev);
    } catch (e) {
      rethrowLimit(e);
      return undefined;
    }
  };
  const trailer = r.revisions[rev]!.trailer;
  set(trailer.get('Root'), { kind: 'catalog', en: 'document catalog', sv: 'dokumentkatalogen' });
  set(trailer.get('Info'), { kind: 'info', en: 'document information', sv: 'dokumentinformationen' });
  let cat: PdfDict | undefined;
  try {
    cat = r.catalog(rev);
  } catch (e) {
    rethrowLimit(e);
    return roles;
  }
  set(cat.get('Metadata'), { kind: 'metadata', en: 'XMP metadata', sv: 'XMP-metadata' });
  set(cat.get('Perms'), { kind: 'perms', en: 'permissions', sv: 'behörigheter (Perms)' });
  // Signature-related first, so a sig widget that is also a page annotation gets the sig role.
  const acro = res(cat.get('AcroForm'));
  set(cat.get('AcroForm'), { kind: 'acroform', en: 'interactive form (AcroForm)', sv: 'formuläret (AcroForm)' });
  if (acro instanceof PdfDict) set(acro.get('Fields'), { kind: 'fields-array', en: 'form field list', sv: 'formulärets fältlista' });
  try {
    for (const f of r.fields(rev)) {
      const isSig = f.type === 'Sig';
      const signed = isSig && res(f.value) instanceof PdfDict;
      const role: Role = isSig
        ? { kind: 'sig-field', en: `signature field "${f.name}"`, sv: `underskriftsfältet "${f.name}"`, signed }
        : { kind: 'form-field', en: `form field "${f.name}"`, sv: `formulärfältet "${f.name}"` };
      set(f.ref, role);
      if (isSig) set(f.value, { kind: 'sig-value', en: `signature value of "${f.name}"`, sv: `underskriften i "${f.name}"` });
      for (const w of f.widgets) {
        set(w.ref, role);
        const ap = w.dict.get('AP');
        markTree(r, rev, ap, roles, isSig
          ? { kind: 'sig-appearance', en: `appearance of signature field "${f.name}"`, sv: `utseendet för underskriftsfältet "${f.name}"`, signed }
          : { kind: 'form-appearance', en: `appearance of form field "${f.name}"`, sv: `utseendet för formulärfältet "${f.name}"` });
      }
    }
  } catch (e) {
    rethrowLimit(e);
    /* unreadable form: changes to it fall under "unknown object" */
  }
  const dss = cat.get('DSS');
  markTree(r, rev, dss, roles, { kind: 'dss', en: 'document security store (DSS)', sv: 'valideringsdata (DSS)' });
  // Pages.
  try {
    const pagesRoot = cat.get('Pages');
    const walkNodes = (o: PdfObject | undefined, depth: number): void => {
      if (depth > 64 || !(o instanceof PdfRef) || roles.has(o.num)) return;
      const d = res(o);
      if (!(d instanceof PdfDict)) return;
      if (d.name('Type') === 'Page') return;
      set(o, { kind: 'pages-node', en: 'page tree', sv: 'sidträdet' });
      const kids = res(d.get('Kids'));
      if (kids instanceof PdfArray) for (const k of kids.items) walkNodes(k, depth + 1);
    };
    walkNodes(pagesRoot, 0);
    r.pages(rev).forEach((p, i) => {
      const n = i + 1;
      set(p.ref, { kind: 'page', en: `page ${n}`, sv: `sida ${n}`, page: n });
      const contents = p.dict.get('Contents');
      set(contents, { kind: 'page-content', en: `content of page ${n}`, sv: `innehållet på sida ${n}`, page: n });
      const ca = res(contents);
      if (ca instanceof PdfArray) for (const c of ca.items) set(c, { kind: 'page-content', en: `content stream of page ${n}`, sv: `innehållsströmmen på sida ${n}`, page: n });
      markTree(r, rev, p.resources, roles, { kind: 'page-resources', en: `resources (fonts, images) of page ${n}`, sv: `resurser (typsnitt, bilder) på sida ${n}`, page: n }, 400);
      const annots = p.dict.get('Annots');
      set(annots, { kind: 'page-annots', en: `annotation list of page ${n}`, sv: `annoteringslistan på sida ${n}`, page: n });
      const aa = res(annots);
      if (aa instanceof PdfArray) {
        for (const a of aa.items) {
          set(a, { kind: 'annotation', en: `annotation on page ${n}`, sv: `en annotering på sida ${n}`, page: n });
          const ad = res(a);
          if (ad instanceof PdfDict) markTree(r, rev, ad.get('AP'), roles, { kind: 'annotation', en: `annotation appearance on page ${n}`, sv: `utseendet för en annotering på sida ${n}`, page: n });
        }
      }
    });
  } catch (e) {
    rethrowLimit(e);
    /* cyclic or broken page tree: handled by the caller through reader errors */
  }
  return roles;
}

/** Marks every object reachable from `o` (bounded) with `role` unless already marked. */
function markTree(r: PdfReader, rev: number, o: PdfObject | undefined, roles: Map<number, Role>, role: Role, max = 200): void {
  let count = 0;
  const seen = new Set<number>();
  const visit = (x: PdfObject | undefined, depth: number): void => {
    if (x === undefined || x === null || depth > 32 || count > max) return;
    if (x instanceof PdfRef) {
      if (seen.has(x.num)) return;
      seen.add(x.num);
      count++;
      if (!roles.has(x.num)) roles.set(x.num, role);
      let v: PdfObject | undefined;
      try {
        v = r.getIndirect(x, rev)?.value;
      } catch (e) {
        rethrowLimit(e);
        return;
      }
      visit(v, depth + 1);
    } else if (x instanceof PdfArray) for (const i of x.items) visit(i, depth + 1);
    else if (x instanceof PdfDict) {
      for (const [k, v] of x.entries) if (k !== 'Parent' && k !== 'P') visit(v, depth + 1);
    } else if (x instanceof PdfStream) visit(x.dict, depth + 1);
  };
  visit(o, 0);
}

function refList(r: PdfReader, rev: number, o: PdfObject | undefined): PdfObject[] {
  try {
    const a = r.resolve(o, rev);
    return a instanceof PdfArray ? a.items : [];
  } catch (e) {
    rethrowLimit(e);
    return [];
  }
}

function isSigWidgetOrField(r: PdfReader, rev: number, o: PdfObject): boolean {
  try {
    const d = r.resolve(o, rev);
    if (!(d instanceof PdfDict)) return false;
    if (d.name('FT') === 'Sig') return true;
    const parent = r.resolve(d.get('Parent'), rev);
    return d.name('Subtype') === 'Widget' && parent instanceof PdfDict && parent.name('FT') === 'Sig';
  } catch (e) {
    rethrowLimit(e);
    return false;
  }
}

/** Old items kept (same refs, same order allowed to grow) and every added item a signature field/widget. */
function onlySigAdditions(r: PdfReader, rev: number, oldItems: PdfObject[], newItems: PdfObject[]): string | undefined {
  const key = (o: PdfObject): string => (o instanceof PdfRef ? o.key : JSON.stringify(String(o)));
  const newKeys = new Set(newItems.map(key));
  const removed = oldItems.filter((o) => !newKeys.has(key(o)));
  if (removed.length) return 'removes entries';
  const oldKeys = new Set(oldItems.map(key));
  const added = newItems.filter((o) => !oldKeys.has(key(o)));
  if (added.some((o) => !isSigWidgetOrField(r, rev, o))) return 'adds entries that are not signature fields';
  return undefined;
}

const CATEGORY_BY_KIND: Record<Role['kind'], ChangeCategory> = {
  catalog: 'structure',
  info: 'allowed',
  metadata: 'allowed',
  'pages-node': 'structure',
  page: 'structure',
  'page-content': 'page-content',
  'page-resources': 'page-content',
  'page-annots': 'structure',
  annotation: 'page-content',
  acroform: 'structure',
  'fields-array': 'structure',
  'sig-field': 'signature',
  'sig-value': 'signature',
  'sig-appearance': 'signature',
  'form-field': 'form',
  'form-appearance': 'form',
  dss: 'allowed',
  perms: 'structure',
  container: 'allowed',
};

/**
 * Classifies every object that revision `k` (0-based, k ≥ 1) adds, changes or frees, compared with
 * revision k-1.
 */
export function analyzeRevision(r: PdfReader, k: number, ctx: ChangeContext): RevisionChanges {
  const out: RevisionChanges = { revision: k + 1, allowed: [], notAllowed: [] };
  const oldRoles = rolesOf(r, k - 1);
  const newRoles = rolesOf(r, k);
  const formFillOk = ctx.docMdpP !== undefined && ctx.docMdpP >= 2;
  const noChangesAtAll = ctx.docMdpP === 1;
  const allow = (obj: string, en: string, sv: string): void => {
    out.allowed.push({ object: obj, en, sv, category: 'allowed' });
  };
  const deny = (obj: string, en: string, sv: string, category: ChangeCategory): void => {
    out.notAllowed.push({ object: obj, en, sv, category: category === 'allowed' ? 'structure' : category });
  };
  try {
    // Trailer /Root replaced by another object: judge the catalogs by content.
    const oldRoot = r.revisions[k - 1]!.trailer.get('Root');
    const newRoot = r.revisions[k]!.trailer.get('Root');
    if (!deepEqual(oldRoot, newRoot)) {
      const a = r.catalog(k - 1);
      const b = r.catalog(k);
      const bad = changedKeys(a, b).filter((x) => !CATALOG_KEYS.has(x));
      if (bad.length) deny('trailer', `the trailer points to a new catalog that changes ${bad.map((x) => '/' + x).join(', ')}`, `filen pekar på en ny dokumentkatalog som ändrar ${bad.map((x) => '/' + x).join(', ')}`, 'structure');
      else allow('trailer', 'the trailer points to a new catalog with only allowed changes', 'filen pekar på en ny dokumentkatalog med bara tillåtna ändringar');
    }
  } catch (e) {
    rethrowLimit(e);
    deny('trailer', `the catalog cannot be compared (${(e as Error).message})`, 'dokumentkatalogen kan inte jämföras', 'structure');
  }
  for (const [num, e] of r.revisions[k]!.entries) {
    if (num === 0) continue;
    const id = `${num} ${e.gen}`;
    const oldEntry = r.entryAt(num, k - 1);
    const existed = !!oldEntry && oldEntry.type !== 'free';
    const role = oldRoles.get(num) ?? newRoles.get(num);
    if (e.type === 'free') {
      if (!existed) continue;
      if (!oldRoles.has(num)) allow(id, 'an unused object was freed', 'ett oanvänt objekt togs bort');
      else deny(id, `${oldRoles.get(num)!.en} was deleted`, `${oldRoles.get(num)!.sv} togs bort`, CATEGORY_BY_KIND[oldRoles.get(num)!.kind]);
      continue;
    }
    let oldVal: PdfObject | undefined;
    let newVal: PdfObject | undefined;
    try {
      newVal = r.getIndirect(new PdfRef(num, e.gen), k)?.value;
      oldVal = existed ? r.getIndirect(new PdfRef(num, oldEntry!.gen), k - 1)?.value : undefined;
    } catch (err) {
      rethrowLimit(err);
      deny(id, `object cannot be read (${(err as Error).message})`, 'objektet kan inte läsas', 'structure');
      continue;
    }
    if (newVal instanceof PdfStream && ['XRef', 'ObjStm'].includes(newVal.dict.name('Type') ?? '')) {
      if (existed && oldRoles.has(num)) deny(id, `${oldRoles.get(num)!.en} was replaced by a cross-reference/object stream`, `${oldRoles.get(num)!.sv} ersattes`, 'structure');
      continue;
    }
    if (existed && deepEqual(oldVal, newVal)) {
      allow(id, `${role?.en ?? 'an object'} rewritten unchanged`, `${role?.sv ?? 'ett objekt'} skrevs om oförändrat`);
      continue;
    }
    if (!role) {
      if (existed) allow(id, 'an object no page or form uses was changed', 'ett objekt som ingen sida eller inget formulär använder ändrades');
      else allow(id, 'new object not used by any page', 'nytt objekt som ingen sida använder');
      continue;
    }
    const what = existed ? 'changed' : 'added';
    const vad = existed ? 'ändrades' : 'lades till';
    const judge = (): { ok: boolean; why?: string } => {
      switch (role.kind) {
        case 'dss':
          return { ok: true };
        case 'info':
        case 'metadata':
          return { ok: !noChangesAtAll };
        case 'sig-value':
          return { ok: !existed && !noChangesAtAll };
        case 'sig-field':
        case 'sig-appearance': {
          if (noChangesAtAll) return { ok: false, why: 'the certification forbids all changes' };
          const wasSigned = oldRoles.get(num)?.signed === true;
          if (wasSigned) return { ok: false, why: 'an existing signature was altered' };
          if (role.kind === 'sig-field' && oldVal instanceof PdfDict && newVal instanceof PdfDict) {
            const bad = changedKeys(oldVal, newVal).filter((x) => !SIG_FIELD_KEYS.has(x));
            if (bad.length) return { ok: false, why: `changes ${bad.map((x) => '/' + x).join(', ')}` };
          }
          return { ok: true };
        }
        case 'form-field':
        case 'form-appearance': {
          if (!existed && role.kind === 'form-field') return { ok: false, why: 'a new form field' };
          if (!formFillOk) return { ok: false, why: 'filling in fields is not permitted by the signatures' };
          if (role.kind === 'form-field' && oldVal instanceof PdfDict && newVal instanceof PdfDict) {
            const bad = changedKeys(oldVal, newVal).filter((x) => !FORM_FILL_KEYS.has(x));
            if (bad.length) return { ok: false, why: `changes ${bad.map((x) => '/' + x).join(', ')}` };
          }
          return { ok: true };
        }
        case 'catalog': {
          if (!(oldVal instanceof PdfDict) || !(newVal instanceof PdfDict)) return { ok: false };
          const bad = changedKeys(oldVal, newVal).filter((x) => !CATALOG_KEYS.has(x));
          if (bad.length) return { ok: false, why: `changes ${bad.map((x) => '/' + x).join(', ')}` };
          const a = oldVal.get('AcroForm');
          const b = newVal.get('AcroForm');
          if (a instanceof PdfDict && b instanceof PdfDict) return judgeAcroForm(r, k, a, b, noChangesAtAll);
          if (!(a instanceof PdfDict) && b instanceof PdfDict) return judgeAcroForm(r, k, new PdfDict(new Map()), b, noChangesAtAll);
          return { ok: true };
        }
        case 'acroform':
          if (!(newVal instanceof PdfDict)) return { ok: false };
          return judgeAcroForm(r, k, oldVal instanceof PdfDict ? oldVal : new PdfDict(new Map()), newVal, noChangesAtAll);
        case 'fields-array': {
          if (noChangesAtAll) return { ok: false, why: 'the certification forbids all changes' };
          const why = onlySigAdditions(r, k, oldVal instanceof PdfArray ? oldVal.items : [], newVal instanceof PdfArray ? newVal.items : []);
          return { ok: !why, why };
        }
        case 'page': {
          if (!existed || !(oldVal instanceof PdfDict) || !(newVal instanceof PdfDict)) return { ok: false, why: 'a new page' };
          const bad = changedKeys(oldVal, newVal).filter((x) => x !== 'Annots');
          if (bad.length) return { ok: false, why: `changes ${bad.map((x) => '/' + x).join(', ')}` };
          const a = oldVal.get('Annots');
          const b = newVal.get('Annots');
          if (a instanceof PdfRef && deepEqual(a, b)) return { ok: true };
          if (noChangesAtAll) return { ok: false, why: 'the certification forbids all changes' };
          const why = onlySigAdditions(r, k, refList(r, k - 1, a), refList(r, k, b));
          return { ok: !why, why: why && `its annotations: ${why}` };
        }
        case 'page-annots': {
          if (noChangesAtAll) return { ok: false, why: 'the certification forbids all changes' };
          const why = onlySigAdditions(r, k, oldVal instanceof PdfArray ? oldVal.items : [], newVal instanceof PdfArray ? newVal.items : []);
          return { ok: !why, why };
        }
        default:
          return { ok: false };
      }
    };
    let verdict: { ok: boolean; why?: string };
    try {
      verdict = judge();
    } catch (err) {
      rethrowLimit(err);
      verdict = { ok: false, why: `cannot be analysed (${(err as Error).message})` };
    }
    const en = `${role.en} ${what}${verdict.why ? ` (${verdict.why})` : verdict.ok && ['catalog', 'acroform', 'fields-array', 'page', 'page-annots'].includes(role.kind) ? ' (allowed: for signatures or validation data)' : ''}`;
    const forSignature = verdict.ok && ['catalog', 'acroform', 'fields-array', 'page', 'page-annots'].includes(role.kind);
    const sv = `${role.sv} ${vad}${forSignature ? ' (tillåtet: för underskrifter eller valideringsdata)' : ''}`;
    if (verdict.ok) allow(id, en, sv);
    else {
      // New objects on pages (a new page's content) change the structure; rewriting existing page
      // content or resources is the shadow-attack pattern.
      const cat = CATEGORY_BY_KIND[role.kind];
      deny(id, en, sv, !existed && cat === 'page-content' ? 'structure' : cat);
    }
  }
  return out;
}

function judgeAcroForm(r: PdfReader, k: number, a: PdfDict, b: PdfDict, noChangesAtAll: boolean): { ok: boolean; why?: string } {
  const keys = changedKeys(a, b);
  const bad = keys.filter((x) => !ACROFORM_KEYS.has(x));
  if (bad.length) return { ok: false, why: `changes ${bad.map((x) => '/' + x).join(', ')}` };
  if (keys.includes('Fields')) {
    if (noChangesAtAll) return { ok: false, why: 'the certification forbids all changes' };
    const fa = a.get('Fields');
    const fb = b.get('Fields');
    if (!(fa instanceof PdfRef && deepEqual(fa, fb))) {
      const why = onlySigAdditions(r, k, refList(r, k - 1, fa), refList(r, k, fb));
      if (why) return { ok: false, why: `its field list ${why}` };
    }
  }
  return { ok: true };
}

/**
 * Bytes in revision `k` (0-based) that belong to no object its xref lists, nor to its xref section
 * and trailer: leftovers such as a cut-off earlier revision or a hidden, unreferenced payload.
 * Returns the number of such bytes (whitespace and comments do not count).
 */
export function unexplainedBytes(r: PdfReader, k: number): number {
  const rev = r.revisions[k]!;
  const b = r.bytes;
  const spans: [number, number][] = [];
  for (const e of rev.entries.values()) {
    if (e.type !== 'inuse' || e.offset < rev.start || e.offset >= rev.end) continue;
    try {
      const o = r.getIndirect(new PdfRef(e.num, e.gen), k);
      if (o && o.offset >= 0) spans.push([o.offset, o.end]);
    } catch (err) {
      rethrowLimit(err);
    }
  }
  // The xref section, trailer, startxref and %%EOF run from the xref offset to the end.
  spans.push([rev.xrefOffset >= rev.start ? rev.xrefOffset : rev.end, rev.end]);
  spans.sort((x, y) => x[0] - y[0]);
  let pos = rev.start;
  let junk = 0;
  const filler = (from: number, to: number): number => {
    let n = 0;
    for (let i = from; i < to; i++) {
      const c = b[i]!;
      if (c === 0x25) {
        while (i < to && b[i] !== 0x0a && b[i] !== 0x0d) i++;
        continue;
      }
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0x0c && c !== 0x00) n++;
    }
    return n;
  };
  for (const [s, e] of spans) {
    if (s > pos) junk += filler(pos, s);
    pos = Math.max(pos, e);
  }
  return junk;
}
