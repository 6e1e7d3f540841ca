/**
 * Where a reader gets its bytes: positioned reads over a file (or anything else with random access),
 * so a large document is never loaded whole. `PositionedPdfReader` reads through a ByteSource;
 * `PdfReader` keeps the whole file in memory (it scans it on open, for recovery and revisions).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface ByteSource {
  /** Total length in bytes. */
  readonly length: number;
  /** Up to `length` bytes from `offset` (fewer at the end of the source, none beyond it). */
  read(offset: number, length: number): Buffer;
  /** Releases what the source holds (a file descriptor); idempotent. */
  close(): void;
}

/** A buffer in memory as a ByteSource (the reads are views, not copies). */
export class BufferByteSource implements ByteSource {
  constructor(private readonly bytes: Uint8Array) {}
  get length(): number {
    return this.bytes.length;
  }
  read(offset: number, length: number): Buffer {
    const start = Math.max(0, Math.min(offset, this.bytes.length));
    const end = Math.max(start, Math.min(this.bytes.length, offset + length));
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset + start, end - start);
  }
  close(): void {}
}

/** A file on disk, read with positioned reads (pread); the length is taken once, when it is opened. */
export class FileByteSource implements ByteSource {
  readonly length: number;
  private fd: number | undefined;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'r');
    this.length = fstatSync(this.fd).size;
  }

  read(offset: number, length: number): Buffer {
    if (this.fd === undefined) throw new Error(`${this.path} is closed`);
    const len = Math.max(0, Math.min(length, this.length - offset));
    const b = Buffer.allocUnsafe(len);
    let done = 0;
    while (done < len) {
      const n = readSync(this.fd, b, done, len - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    return b.subarray(0, done);
  }

  close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    closeSync(fd);
  }
}
