/**
 * The page model and the flow: rows of fixed height placed top to bottom, breaking to a new page
 * when a row does not fit. Rows can keep with the next row (headings) and can carry header rows
 * to repeat after a page break (tables).
 */
import type { FontStyle } from './fonts';
import type { McSlot, StructNode } from './structure';

export type Rgb = readonly [number, number, number];

export type DrawOp =
  /**
   * `align: 'right'`: x is the right edge of the text. `mc`: the structure slot the text belongs to
   * (tagged PDF), or 'artifact' for page furniture and decoration; there is no untagged text.
   */
  | { t: 'text'; x: number; y: number; text: string; style: FontStyle; size: number; color?: Rgb; align?: 'right'; mc: McSlot | 'artifact' }
  | { t: 'line'; x1: number; y1: number; x2: number; y2: number; width: number; color?: Rgb }
  | { t: 'rect'; x: number; y: number; w: number; h: number; stroke?: Rgb; fill?: Rgb; lineWidth?: number }
  /** Fields and links carry the structure element (Form, Link) that holds their annotation. */
  | { t: 'textField'; name: string; tooltip: string; x: number; y: number; w: number; h: number; node?: StructNode }
  | { t: 'signatureField'; name: string; tooltip: string; x: number; y: number; w: number; h: number; node?: StructNode }
  | { t: 'link'; uri: string; x: number; y: number; w: number; h: number; node?: StructNode };

export interface LayoutPage {
  ops: DrawOp[];
}

export interface Row {
  height: number;
  /** Space above the row, dropped at the top of a page. */
  spaceBefore?: number;
  /** Do not leave this row last on a page: it moves with the following row. */
  keepWithNext?: boolean;
  /** Start a new page before this row (unless the page is still empty). */
  pageBreakBefore?: boolean;
  /** Start a new page unless at least this much height is left below the row's top. */
  needSpace?: number;
  /** Rows drawn again at the top of a page when a break falls right before this row. */
  repeatHeader?: Row[];
  /** Draws the row with its top edge at `top`; `atPageTop` is true for the first row on a page. */
  draw(ops: DrawOp[], top: number, atPageTop: boolean): void;
  /** Called with the 0-based page index where the row lands and the y of its top edge. */
  onPlace?(pageIndex: number, top: number): void;
}

export interface FlowGeometry {
  top: number;
  bottom: number;
}

export class Flow {
  readonly pages: LayoutPage[] = [];
  private y = 0;
  private empty = true;

  constructor(private readonly geometry: FlowGeometry) {
    this.newPage();
  }

  get pageIndex(): number {
    return this.pages.length - 1;
  }

  /** Height available on a fresh page. */
  get pageHeight(): number {
    return this.geometry.top - this.geometry.bottom;
  }

  newPage(): void {
    this.pages.push({ ops: [] });
    this.y = this.geometry.top;
    this.empty = true;
  }

  private current(): LayoutPage {
    return this.pages[this.pages.length - 1];
  }

  private put(row: Row): void {
    const atTop = this.empty;
    if (!this.empty) this.y -= row.spaceBefore ?? 0;
    row.draw(this.current().ops, this.y, atTop);
    row.onPlace?.(this.pageIndex, this.y);
    this.y -= row.height;
    this.empty = false;
  }

  /** Places rows in order. */
  place(rows: Row[]): void {
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (row.pageBreakBefore && !this.empty) this.newPage();
      if (row.needSpace !== undefined && !this.empty && this.y - (row.spaceBefore ?? 0) - row.needSpace < this.geometry.bottom)
        this.newPage();
      // The height this row needs on this page: itself plus any rows chained to it by keepWithNext.
      let need = (this.empty ? 0 : (row.spaceBefore ?? 0)) + row.height;
      for (let j = i; j < rows.length - 1 && rows[j].keepWithNext; j++) need += (rows[j + 1].spaceBefore ?? 0) + rows[j + 1].height;
      if (!this.empty && this.y - need < this.geometry.bottom - 0.01) {
        // A keep chain longer than a page cannot be kept: then only the row itself must fit.
        const chainTooLong = need > this.pageHeight;
        if (!chainTooLong || this.y - row.height - (row.spaceBefore ?? 0) < this.geometry.bottom - 0.01) {
          this.newPage();
          if (row.repeatHeader) for (const h of row.repeatHeader) this.put(h);
        }
      }
      this.put(row);
    }
  }

  /** Remaining height on the current page. */
  get remaining(): number {
    return this.y - this.geometry.bottom;
  }
}
