/**
 * PDF text strings (ISO 32000-2 7.9.2.2): PDFDocEncoding, UTF-16BE with a byte order mark, or (PDF 2.0)
 * UTF-8 with a byte order mark. The same text may be written in any of the three, and tools that fill
 * forms re-encode field dictionaries freely, so changes are judged on the decoded text.
 */

/** PDFDocEncoding code points that differ from ISO Latin-1 (ISO 32000-2 Annex D.3); 0x9F and 0xAD are undefined. */
const PDFDOC: Record<number, number> = {
  0x18: 0x02d8, 0x19: 0x02c7, 0x1a: 0x02c6, 0x1b: 0x02d9, 0x1c: 0x02dd, 0x1d: 0x02db, 0x1e: 0x02da, 0x1f: 0x02dc,
  0x80: 0x2022, 0x81: 0x2020, 0x82: 0x2021, 0x83: 0x2026, 0x84: 0x2014, 0x85: 0x2013, 0x86: 0x0192, 0x87: 0x2044,
  0x88: 0x2039, 0x89: 0x203a, 0x8a: 0x2212, 0x8b: 0x2030, 0x8c: 0x201e, 0x8d: 0x201c, 0x8e: 0x201d, 0x8f: 0x2018,
  0x90: 0x2019, 0x91: 0x201a, 0x92: 0x2122, 0x93: 0xfb01, 0x94: 0xfb02, 0x95: 0x0141, 0x96: 0x0152, 0x97: 0x0160,
  0x98: 0x0178, 0x99: 0x017d, 0x9a: 0x0131, 0x9b: 0x0142, 0x9c: 0x0153, 0x9d: 0x0161, 0x9e: 0x017e, 0xa0: 0x20ac,
};

/**
 * Decodes a PDF text string. Returns undefined when the bytes are not valid text in their encoding
 * (an odd-length UTF-16BE string, invalid UTF-8, an undefined PDFDocEncoding code): such strings are
 * then only equal byte for byte.
 */
export function decodePdfText(b: Uint8Array): string | undefined {
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    if (b.length % 2 !== 0) return undefined;
    let s = '';
    for (let i = 2; i < b.length; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
    return s;
  }
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(3));
    } catch {
      return undefined;
    }
  }
  let s = '';
  for (const c of b) {
    if (c === 0x9f || c === 0xad) return undefined;
    s += String.fromCharCode(PDFDOC[c] ?? c);
  }
  return s;
}

/** True when two strings hold the same bytes, or the same text in (possibly) different encodings. */
export function sameText(a: Uint8Array, b: Uint8Array): boolean {
  if (Buffer.from(a).equals(Buffer.from(b))) return true;
  const x = decodePdfText(a);
  return x !== undefined && x === decodePdfText(b);
}
