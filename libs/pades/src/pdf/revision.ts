/**
 * One incremental update (ISO 32000-1 7.5.6): new and changed objects appended after the existing
 * bytes, then a cross-reference section (a classic table, or an xref stream when the file uses xref
 * streams) and a trailer whose /Prev points to the previous section. Existing bytes are never touched.
 */
import { PdfDict, PdfRef, type PdfSource } from '@justera/pdf-reader';
import { dict, name, serialize, type WritableObject } from './serialize';

interface PendingObject {
  ref: PdfRef;
  /** Latin-1 body between `N G obj\n` and `\nendobj`. */
  body: string;
  stream?: Buffer;
}

export class PdfUpdateError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'PdfUpdateError';
  }
}

export class IncrementalRevision {
  private next: number;
  private readonly objects = new Map<number, PendingObject>();

  constructor(
    readonly reader: PdfSource,
    /** Length of the existing file in bytes. */
    readonly baseLength: number,
    /** Whether the existing file ends with an end-of-line (else one is written first). */
    private readonly baseEndsWithEol: boolean,
  ) {
    if (reader.encrypted) throw new PdfUpdateError('encrypted PDFs cannot be signed', 'encrypted');
    this.next = reader.size;
  }

  alloc(): PdfRef {
    return new PdfRef(this.next++, 0);
  }

  set(ref: PdfRef, value: WritableObject): void {
    this.objects.set(ref.num, { ref, body: serialize(value) });
  }

  add(value: WritableObject): PdfRef {
    const ref = this.alloc();
    this.set(ref, value);
    return ref;
  }

  /** A new stream object; `entries` must not contain /Length (it is set here). */
  addStream(entries: Record<string, WritableObject | undefined>, data: Buffer): PdfRef {
    const ref = this.alloc();
    this.objects.set(ref.num, { ref, body: serialize(dict({ ...entries, Length: data.length })), stream: data });
    return ref;
  }

  has(ref: PdfRef): boolean {
    return this.objects.has(ref.num);
  }

  /**
   * Serialises the update. For each marker string, `markerOffsets` gives the absolute file offset of
   * its first occurrence in the written objects, or only in object `markersIn` (-1 when absent).
   */
  build(markers: string[] = [], markersIn?: PdfRef): { bytes: Buffer; markerOffsets: number[] } {
    const parts: Buffer[] = [];
    let pos = this.baseLength;
    const push = (b: Buffer) => {
      parts.push(b);
      pos += b.length;
    };
    if (!this.baseEndsWithEol) push(Buffer.from('\n', 'latin1'));
    const offsets = new Map<number, number>();
    const markerOffsets = markers.map(() => -1);
    for (const o of [...this.objects.values()].sort((a, b) => a.ref.num - b.ref.num)) {
      offsets.set(o.ref.num, pos);
      const head = `${o.ref.num} ${o.ref.gen} obj\n`;
      if (!markersIn || markersIn.num === o.ref.num) markers.forEach((m, i) => {
        const at = o.body.indexOf(m);
        if (at >= 0 && markerOffsets[i] < 0) markerOffsets[i] = pos + head.length + at;
      });
      push(Buffer.from(head + o.body, 'latin1'));
      if (o.stream) {
        push(Buffer.from('\nstream\n', 'latin1'));
        push(o.stream);
        push(Buffer.from('\nendstream', 'latin1'));
      }
      push(Buffer.from('\nendobj\n', 'latin1'));
    }
    const prev = this.reader.startxref;
    const old = this.reader.trailer;
    const carried: Record<string, WritableObject | undefined> = {
      Root: old.get('Root') ?? undefined,
      Info: old.get('Info') ?? undefined,
      ID: old.get('ID') ?? undefined,
    };
    const useStream = this.reader.xrefKind === 'stream' || this.reader.xrefKind === 'hybrid';
    if (useStream) {
      const xrefRef = this.alloc();
      offsets.set(xrefRef.num, pos);
      const size = this.next;
      const { index, rows } = xrefRows(offsets);
      const data = Buffer.alloc(rows.length * 7);
      rows.forEach(([, off], i) => {
        data[i * 7] = 1;
        data.writeUInt32BE(off, i * 7 + 1);
        data.writeUInt16BE(this.objects.get(rows[i][0])?.ref.gen ?? 0, i * 7 + 5);
      });
      const d = dict({ ...carried, Type: name('XRef'), Size: size, Prev: prev, W: [1, 4, 2], Index: index, Length: data.length });
      const start = pos;
      push(Buffer.from(`${xrefRef.num} 0 obj\n${serialize(d)}\nstream\n`, 'latin1'));
      push(data);
      push(Buffer.from(`\nendstream\nendobj\nstartxref\n${start}\n%%EOF\n`, 'latin1'));
    } else {
      const start = pos;
      const { rows } = xrefRows(offsets);
      let table = 'xref\n';
      for (let i = 0; i < rows.length; ) {
        let j = i;
        while (j + 1 < rows.length && rows[j + 1][0] === rows[j][0] + 1) j++;
        table += `${rows[i][0]} ${j - i + 1}\n`;
        for (let k = i; k <= j; k++) {
          const gen = this.objects.get(rows[k][0])?.ref.gen ?? 0;
          table += `${String(rows[k][1]).padStart(10, '0')} ${String(gen).padStart(5, '0')} n\r\n`;
        }
        i = j + 1;
      }
      const trailer = dict({ ...carried, Size: this.next, Prev: prev });
      push(Buffer.from(`${table}trailer\n${serialize(trailer)}\nstartxref\n${start}\n%%EOF\n`, 'latin1'));
    }
    return { bytes: Buffer.concat(parts), markerOffsets };
  }
}

function xrefRows(offsets: Map<number, number>): { index: number[]; rows: [number, number][] } {
  const rows = [...offsets.entries()].sort((a, b) => a[0] - b[0]);
  const index: number[] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1][0] === rows[j][0] + 1) j++;
    index.push(rows[i][0], j - i + 1);
    i = j + 1;
  }
  return { index, rows };
}

export function isDict(o: unknown): o is PdfDict {
  return o instanceof PdfDict;
}
