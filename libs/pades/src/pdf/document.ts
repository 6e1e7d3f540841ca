/**
 * The narrow document editing a signature revision needs: the catalog, the AcroForm, fields, widgets
 * and pages, read through @justera/pdf-reader and written into one IncrementalRevision. Changed
 * dictionaries are kept in an overlay so several changes to one object compose.
 */
import { PdfArray, PdfDict, PdfRef, PdfString, type FieldInfo, type PdfObject, type PdfSource } from '@justera/pdf-reader';
import { FONT_RESOURCE } from './appearance';
import { SubsetFont } from './font';
import { IncrementalRevision, PdfUpdateError } from './revision';
import { dict, name, withEntries, type WritableObject } from './serialize';

/** Items of an array read from the file (PdfArray) or written in this revision (a JS array). */
export function arrayItems(o: unknown): PdfObject[] | undefined {
  if (o instanceof PdfArray) return o.items;
  if (Array.isArray(o)) return o as PdfObject[];
  return undefined;
}

export class DocumentEditor {
  private readonly overlay = new Map<number, PdfDict>();
  private subsetFont?: SubsetFont;
  /** The signature dictionary this revision adds (its placeholders are located in it only). */
  signatureRef?: PdfRef;

  constructor(
    readonly reader: PdfSource,
    readonly rev: IncrementalRevision,
  ) {}

  resolve(o: PdfObject | undefined): PdfObject | undefined {
    if (o instanceof PdfRef && this.overlay.has(o.num)) return this.overlay.get(o.num);
    return this.reader.resolve(o);
  }

  dictAt(ref: PdfRef): PdfDict {
    const d = this.resolve(ref);
    if (!(d instanceof PdfDict)) throw new PdfUpdateError(`object ${ref} is not a dictionary`, 'bad-structure');
    return d;
  }

  put(ref: PdfRef, d: PdfDict): void {
    this.overlay.set(ref.num, d);
    this.rev.set(ref, d);
  }

  update(ref: PdfRef, entries: Record<string, WritableObject | undefined>): PdfDict {
    const d = withEntries(this.dictAt(ref), entries);
    this.put(ref, d);
    return d;
  }

  get catalogRef(): PdfRef {
    const root = this.reader.trailer.get('Root');
    if (!(root instanceof PdfRef)) throw new PdfUpdateError('the trailer /Root is not a reference', 'bad-structure');
    return root;
  }

  catalog(): PdfDict {
    return this.dictAt(this.catalogRef);
  }

  /** The embedded font of this revision's appearance streams (written by `build`). */
  textFont(): SubsetFont {
    if (!this.subsetFont) this.subsetFont = new SubsetFont(this.rev.alloc());
    return this.subsetFont;
  }

  /** A form XObject drawing `content` (which uses `textFont()`) in a box of width × height. */
  appearance(content: string, width: number, height: number): PdfRef {
    const resources = content
      ? dict({ Font: dict({ [FONT_RESOURCE]: this.textFont().ref }), ProcSet: [name('PDF'), name('Text')] })
      : dict({});
    return this.rev.addStream(
      { Type: name('XObject'), Subtype: name('Form'), BBox: [0, 0, width, height], Resources: resources },
      Buffer.from(content, 'latin1'),
    );
  }

  /** Writes the font (when used) and serialises the revision. */
  async build(markers: string[] = []): Promise<{ bytes: Buffer; markerOffsets: number[] }> {
    if (this.subsetFont) await this.subsetFont.write(this.rev);
    return this.rev.build(markers, this.signatureRef);
  }

  fields(): FieldInfo[] {
    return this.reader.fields();
  }

  field(fullName: string): FieldInfo {
    const f = this.fields().find((x) => x.name === fullName);
    if (!f) throw new PdfUpdateError(`the PDF has no field named "${fullName}"`, 'no-field');
    return f;
  }

  /** Sets entries on the AcroForm dictionary, creating one when the document has none. */
  updateAcroForm(entries: (form: PdfDict) => Record<string, WritableObject | undefined>): void {
    const cat = this.catalog();
    const raw = cat.get('AcroForm');
    if (raw instanceof PdfRef) {
      this.update(raw, entries(this.dictAt(raw)));
      return;
    }
    const form = raw instanceof PdfDict ? raw : dict({ Fields: [] });
    const updated = withEntries(form, entries(form));
    if (raw instanceof PdfDict) {
      this.update(this.catalogRef, { AcroForm: updated });
      return;
    }
    const formRef = this.rev.add(updated);
    this.overlay.set(formRef.num, updated);
    this.update(this.catalogRef, { AcroForm: formRef });
  }

  /** Appends a field reference to /AcroForm /Fields (writing the array object when it is indirect). */
  addTopLevelField(fieldRef: PdfRef): void {
    this.updateAcroForm((form) => {
      const fieldsRaw = form.get('Fields');
      if (fieldsRaw instanceof PdfRef) {
        const items = arrayItems(this.reader.resolve(fieldsRaw)) ?? [];
        this.rev.set(fieldsRaw, [...items, fieldRef] as WritableObject);
        return {};
      }
      const items = arrayItems(fieldsRaw) ?? [];
      return { Fields: [...items, fieldRef] as WritableObject };
    });
  }

  pages(): { ref: PdfRef; dict: PdfDict }[] {
    return this.reader.pages().flatMap((p) => (p.ref ? [{ ref: p.ref, dict: p.dict }] : []));
  }

  /** The page holding a widget: its /P, else the page whose /Annots lists it. */
  pageOf(widgetRef: PdfRef | undefined, widget: PdfDict): PdfRef | undefined {
    const p = widget.get('P');
    if (p instanceof PdfRef) return p;
    if (!widgetRef) return undefined;
    for (const page of this.pages()) {
      const annots = arrayItems(this.resolve(page.dict.get('Annots')));
      if (annots && annots.some((a) => a instanceof PdfRef && a.num === widgetRef.num)) return page.ref;
    }
    return undefined;
  }

  addAnnotation(pageRef: PdfRef, annotRef: PdfRef): void {
    const page = this.dictAt(pageRef);
    const raw = page.get('Annots');
    if (raw instanceof PdfRef) {
      const items = arrayItems(this.reader.resolve(raw)) ?? [];
      this.rev.set(raw, [...items, annotRef] as WritableObject);
      return;
    }
    const items = arrayItems(raw) ?? [];
    this.update(pageRef, { Annots: [...items, annotRef] as WritableObject });
  }

  /** Fully qualified names of every field, to choose unused names for new fields. */
  fieldNames(): Set<string> {
    return new Set(this.fields().map((f) => f.name));
  }

  /** True when some signature field already carries a value (a signature). */
  hasSignatures(): boolean {
    return this.fields().some((f) => f.type === 'Sig' && this.resolve(f.value) instanceof PdfDict);
  }

  /**
   * PDF/UA (ISO 14289-1 7.18.1, 7.18.4): puts a widget this revision adds into a tagged document's
   * structure tree — a `Form` element holding an OBJR to the widget, appended to the document's top
   * element (reading order: after everything else), its key in the /ParentTree (and
   * /ParentTreeNextKey moved on). Returns the entries the widget gets (`/StructParent`); an untagged
   * document (no /StructTreeRoot) is left as it is and gets none. Objects written here have no role
   * in the validator's change analysis (libs/validation: not a page, field or catalog), so they are
   * allowed after a certification. The page's /Tabs is not touched (a page change the validator and
   * DocMDP do not allow): the renderers set /Tabs /S on the pages that get widgets.
   */
  tagWidget(widgetRef: PdfRef, pageRef: PdfRef): Record<string, WritableObject> {
    const rootRef = this.catalog().get('StructTreeRoot');
    if (!(rootRef instanceof PdfRef)) return {};
    const root = this.resolve(rootRef);
    if (!(root instanceof PdfDict)) return {};
    // The parent: the root's single top element (our Document element), else the root itself.
    const top = root.get('K');
    const topElem = top instanceof PdfRef ? this.resolve(top) : undefined;
    const parentRef = top instanceof PdfRef && topElem instanceof PdfDict && topElem.name('S') !== undefined ? top : rootRef;
    const next = this.resolve(root.get('ParentTreeNextKey'));
    const key = Math.max(
      typeof next === 'number' && Number.isInteger(next) ? next : 0,
      this.maxParentTreeKey(root.get('ParentTree'), 0) + 1,
    );
    const formRef = this.rev.add(
      dict({
        Type: name('StructElem'),
        S: name('Form'),
        P: parentRef,
        Pg: pageRef,
        K: dict({ Type: name('OBJR'), Obj: widgetRef, Pg: pageRef }),
      }),
    );
    // Append to the parent's /K (written as a direct array).
    const parent = this.dictAt(parentRef);
    const k = parent.get('K');
    const kArray = arrayItems(this.resolve(k));
    const kids: WritableObject[] = k === undefined ? [] : kArray ? [...kArray] : [k];
    this.update(parentRef, { K: [...kids, formRef] });
    // The /ParentTree (a number tree): append to a flat /Nums, or add a leaf after the last kid
    // (the new key is larger than every key in the tree).
    const entries: Record<string, WritableObject> = { ParentTreeNextKey: key + 1 };
    const ptRaw = root.get('ParentTree');
    const pt = this.resolve(ptRaw);
    if (pt instanceof PdfDict) {
      const treeKids = arrayItems(this.resolve(pt.get('Kids')));
      const updated = treeKids
        ? withEntries(pt, { Kids: [...treeKids, this.rev.add(dict({ Limits: [key, key], Nums: [key, formRef] }))] })
        : withEntries(pt, { Nums: [...(arrayItems(this.resolve(pt.get('Nums'))) ?? []), key, formRef] });
      if (ptRaw instanceof PdfRef) this.put(ptRaw, updated);
      else entries.ParentTree = updated;
    } else entries.ParentTree = this.rev.add(dict({ Nums: [key, formRef] }));
    this.update(rootRef, entries);
    return { StructParent: key };
  }

  /** The largest key of a number tree (bounded depth), or `floor` when it has none. */
  private maxParentTreeKey(node: PdfObject | undefined, floor: number, depth = 0): number {
    const d = this.resolve(node);
    if (!(d instanceof PdfDict) || depth > 32) return floor;
    let max = floor;
    const nums = arrayItems(this.resolve(d.get('Nums'))) ?? [];
    for (let i = 0; i < nums.length; i += 2) {
      const n = this.resolve(nums[i]);
      if (typeof n === 'number' && n > max) max = n;
    }
    for (const kid of arrayItems(this.resolve(d.get('Kids'))) ?? []) max = Math.max(max, this.maxParentTreeKey(kid, floor, depth + 1));
    return max;
  }

  rectOf(widget: PdfDict): [number, number, number, number] {
    const r = this.resolve(widget.get('Rect'));
    const nums = (arrayItems(r) ?? []).map((x) => this.resolve(x)).filter((x): x is number => typeof x === 'number');
    if (nums.length !== 4) return [0, 0, 0, 0];
    const [x1, y1, x2, y2] = nums;
    return [Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)];
  }
}

export function fieldText(o: PdfObject | undefined): string | undefined {
  return o instanceof PdfString ? o.text() : undefined;
}
