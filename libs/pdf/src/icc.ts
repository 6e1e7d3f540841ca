/**
 * A minimal, valid ICC v2.1 display profile for sRGB (IEC 61966-2-1), built in code so that no
 * binary has to be downloaded or vendored. Used as the PDF/A OutputIntent's DestOutputProfile.
 *
 * Contents: header, desc, cprt, wtpt (D50), rXYZ/gXYZ/bXYZ (the sRGB primaries adapted to D50 with
 * the Bradford transform, as in the widely used sRGB profiles), and one shared 1024-entry tone
 * curve (the sRGB transfer function) for rTRC/gTRC/bTRC. All fixed: the bytes never change.
 */

function s15Fixed16(v: number): number {
  return Math.round(v * 65536) >>> 0;
}

class Writer {
  private readonly buf: number[] = [];
  get length(): number {
    return this.buf.length;
  }
  u8(v: number): this {
    this.buf.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v >>> 8).u8(v);
  }
  u32(v: number): this {
    return this.u16(v >>> 16).u16(v & 0xffff);
  }
  ascii(s: string): this {
    for (let i = 0; i < s.length; i++) this.u8(s.charCodeAt(i));
    return this;
  }
  zeros(n: number): this {
    for (let i = 0; i < n; i++) this.u8(0);
    return this;
  }
  pad4(): this {
    while (this.buf.length % 4) this.u8(0);
    return this;
  }
  bytes(): number[] {
    return this.buf;
  }
}

function xyzTag(x: number, y: number, z: number): number[] {
  return new Writer().ascii('XYZ ').u32(0).u32(s15Fixed16(x)).u32(s15Fixed16(y)).u32(s15Fixed16(z)).bytes();
}

function textDescriptionTag(text: string): number[] {
  const w = new Writer()
    .ascii('desc')
    .u32(0)
    .u32(text.length + 1)
    .ascii(text)
    .u8(0);
  w.u32(0).u32(0); // Unicode language code and count: none
  w.u16(0).u8(0).zeros(67); // ScriptCode code, count, 67-byte buffer
  return w.bytes();
}

function textTag(text: string): number[] {
  return new Writer().ascii('text').u32(0).ascii(text).u8(0).bytes();
}

function srgbCurveTag(entries = 1024): number[] {
  const w = new Writer().ascii('curv').u32(0).u32(entries);
  for (let i = 0; i < entries; i++) {
    const v = i / (entries - 1);
    const lin = v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    w.u16(Math.round(lin * 65535));
  }
  return w.bytes();
}

let cached: Uint8Array | undefined;

/** The sRGB ICC profile bytes (about 2.6 kB). */
export function srgbIccProfile(): Uint8Array {
  if (cached) return cached;
  const d50: [number, number, number] = [0.9642, 1.0, 0.8249];
  const tags: [string, number[]][] = [
    ['desc', textDescriptionTag('sRGB IEC61966-2.1')],
    ['cprt', textTag('No copyright, use freely')],
    ['wtpt', xyzTag(...d50)],
    ['rXYZ', xyzTag(0.4360747, 0.2225045, 0.0139322)],
    ['gXYZ', xyzTag(0.3850649, 0.7168786, 0.0971045)],
    ['bXYZ', xyzTag(0.1430804, 0.0606169, 0.7141733)],
  ];
  const curve = srgbCurveTag();
  const headerSize = 128;
  const tableSize = 4 + 12 * (tags.length + 3);
  // Lay out tag data after the tag table, each 4-byte aligned; the three TRCs share one curve.
  let offset = headerSize + tableSize;
  const entries: [string, number, number][] = [];
  const data = new Writer();
  for (const [sig, bytes] of tags) {
    entries.push([sig, offset + data.length, bytes.length]);
    for (const b of bytes) data.u8(b);
    data.pad4();
  }
  const curveOffset = offset + data.length;
  for (const b of curve) data.u8(b);
  data.pad4();
  for (const sig of ['rTRC', 'gTRC', 'bTRC']) entries.push([sig, curveOffset, curve.length]);
  offset = headerSize + tableSize + data.length;

  const w = new Writer();
  w.u32(offset); // profile size
  w.u32(0); // preferred CMM
  w.u32(0x02100000); // version 2.1.0
  w.ascii('mntr').ascii('RGB ').ascii('XYZ ');
  w.u16(2024).u16(1).u16(1).u16(0).u16(0).u16(0); // creation date, fixed for determinism
  w.ascii('acsp');
  w.u32(0); // primary platform
  w.u32(0); // flags
  w.u32(0).u32(0); // device manufacturer, model
  w.zeros(8); // device attributes
  w.u32(0); // rendering intent: perceptual
  w.u32(s15Fixed16(d50[0])).u32(s15Fixed16(d50[1])).u32(s15Fixed16(d50[2])); // PCS illuminant
  w.u32(0); // creator
  w.zeros(44); // reserved (profile ID is v4 only)
  w.u32(entries.length);
  for (const [sig, off, size] of entries) w.ascii(sig).u32(off).u32(size);
  for (const b of data.bytes()) w.u8(b);
  if (w.length !== offset) throw new Error(`ICC profile size mismatch: ${w.length} != ${offset}`);
  cached = Uint8Array.from(w.bytes());
  return cached;
}
