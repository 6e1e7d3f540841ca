import { PdfReadError } from './errors';

/** The limits a read runs under. Every loop over untrusted data calls `tick()`. */
export interface PdfReadLimits {
  /** Max number of objects in the cross-reference data or found by scanning (default 1,000,000; a 100,000-page document has about 300,000). */
  maxObjects: number;
  /** Max nesting depth of arrays/dictionaries and of reference chains (default 64). */
  maxDepth: number;
  /** Max decoded size of one stream in bytes (default 128 MiB). */
  maxDecodedSize: number;
  /** Max total decoded bytes over the whole read (default 512 MiB). */
  maxTotalDecoded: number;
  /** Time budget in ms measured from the creation of the reader (default 10,000). */
  timeLimitMs: number;
  /** Max revisions followed through /Prev (default 10,000). */
  maxRevisions: number;
  /**
   * Max cross-reference entries read over every section of every revision together (default
   * 2,000,000): each section is bounded by `maxObjects`, but a chain of compressed xref streams could
   * otherwise list millions of entries per revision, all held until the sections are merged.
   */
  maxXrefEntries: number;
}

export const DEFAULT_LIMITS: PdfReadLimits = {
  maxObjects: 1_000_000,
  maxDepth: 64,
  maxDecodedSize: 128 * 2 ** 20,
  maxTotalDecoded: 512 * 2 ** 20,
  timeLimitMs: 10_000,
  maxRevisions: 10_000,
  maxXrefEntries: 2_000_000,
};

export class Budget {
  private readonly deadline: number;
  private ticks = 0;
  private xrefEntries = 0;
  decoded = 0;
  constructor(readonly limits: PdfReadLimits) {
    this.deadline = Date.now() + limits.timeLimitMs;
  }
  /** Cheap: checks the clock every 512 calls. */
  tick(): void {
    if (++this.ticks & 511) return;
    this.checkTime();
  }
  checkTime(): void {
    if (Date.now() > this.deadline) throw new PdfReadError('DEADLINE', `time limit of ${this.limits.timeLimitMs} ms exceeded`);
  }
  /** Counts one cross-reference entry read (any section, any revision); throws LIMIT_OBJECTS past the total. */
  xrefEntry(): void {
    this.tick();
    if (++this.xrefEntries > this.limits.maxXrefEntries) {
      throw new PdfReadError('LIMIT_OBJECTS', `more than ${this.limits.maxXrefEntries} cross-reference entries in all sections together`);
    }
  }
  /** The most bytes the next decoding step may produce; throws LIMIT_SIZE when the total is used up. */
  decodeAllowance(): number {
    const left = this.limits.maxTotalDecoded - this.decoded;
    if (left <= 0) throw new PdfReadError('LIMIT_SIZE', `more than ${this.limits.maxTotalDecoded} decoded bytes in total`);
    return Math.min(this.limits.maxDecodedSize, left);
  }
  addDecoded(n: number): void {
    this.decoded += n;
    if (this.decoded > this.limits.maxTotalDecoded) {
      throw new PdfReadError('LIMIT_SIZE', `more than ${this.limits.maxTotalDecoded} decoded bytes in total`);
    }
  }
}
