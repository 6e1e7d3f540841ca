/**
 * Digests of a document's signed byte ranges without hashing the same prefix again for every signature.
 *
 * Every signature of an incrementally signed PDF covers the file from byte 0 up to its own /Contents,
 * and then from after /Contents to the end of its revision: three signatures on a 40 MB file are three
 * 40 MB prefixes, plus the document's own SHA-256 over all of it. `PrefixDigests` hashes the document
 * once (SHA-256, for `report.document.sha256`) and keeps the hash state every `chunk` bytes
 * (`Hash.copy()`), so a SHA-256 over ranges that start at byte 0 continues from the nearest kept state:
 * about `chunk` bytes plus the small second range instead of the whole prefix. The result is exactly
 * the digest of the concatenated ranges (apps/cli start-up; docs/validation.md).
 */
import { createHash, type Hash } from 'node:crypto';

export class PrefixDigests {
  /** The SHA-256 of the whole document, hex. */
  readonly sha256: string;
  /** states[i]: SHA-256 state after bytes [0, i × chunk). */
  private readonly states: Hash[] = [];

  constructor(
    private readonly bytes: Buffer,
    private readonly chunk = 1 << 20,
  ) {
    const h = createHash('sha256');
    for (let at = 0; at < bytes.length; at += chunk) {
      this.states.push(h.copy());
      h.update(bytes.subarray(at, Math.min(at + chunk, bytes.length)));
    }
    this.sha256 = h.digest('hex');
  }

  /**
   * The digest of the byte ranges `[offset, length, offset, length, …]` (a /ByteRange) concatenated,
   * skipping pairs that end beyond the file: the same value as `createHash(algorithm)` updated with
   * each range in order.
   */
  digest(algorithm: string, byteRange: readonly number[]): Buffer {
    const ranges: [number, number][] = [];
    for (let i = 0; i + 1 < byteRange.length; i += 2) {
      const [off, len] = [byteRange[i]!, byteRange[i + 1]!];
      if (off + len <= this.bytes.length) ranges.push([off, len]);
    }
    let h: Hash;
    let first = 0;
    if (algorithm === 'sha256' && ranges.length && ranges[0]![0] === 0 && ranges[0]![1] >= 0 && this.states.length) {
      const end = ranges[0]![1];
      const k = Math.min(Math.floor(end / this.chunk), this.states.length - 1);
      h = this.states[k]!.copy();
      h.update(this.bytes.subarray(k * this.chunk, end));
      first = 1;
    } else h = createHash(algorithm);
    for (const [off, len] of ranges.slice(first)) h.update(this.bytes.subarray(off, off + len));
    return h.digest();
  }
}
