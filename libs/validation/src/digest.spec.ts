import { createHash, randomBytes } from 'node:crypto';
import { PrefixDigests } from './digest';
import * as testing from './testing';
import { validatePdf } from './validate';

/** What the validator computed before: one hash over the ranges that lie within the file, in order. */
function plain(algorithm: string, bytes: Buffer, br: number[]): Buffer {
  const h = createHash(algorithm);
  for (let i = 0; i + 1 < br.length; i += 2) if (br[i]! + br[i + 1]! <= bytes.length) h.update(bytes.subarray(br[i]!, br[i]! + br[i + 1]!));
  return h.digest();
}

describe(PrefixDigests.name, () => {
  const bytes = randomBytes(10_000);

  it('is the SHA-256 of the whole document', () => {
    expect(new PrefixDigests(bytes, 64).sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(new PrefixDigests(Buffer.alloc(0)).sha256).toBe(createHash('sha256').digest('hex'));
  });

  it('equals hashing the byte ranges from scratch, at and around every kept state', () => {
    const d = new PrefixDigests(bytes, 64);
    for (let end = 0; end <= 700; end++) {
      const br = [0, end, end + 10, 200];
      expect(d.digest('sha256', br).equals(plain('sha256', bytes, br))).toBe(true);
    }
    for (const br of [
      [0, bytes.length],
      [0, bytes.length - 1],
      [0, 9_984, 9_990, 10],
      [0, 5_000, 6_000, 4_000, 10_000, 0],
      [0, 5_000, 6_000, 5_000], // second range beyond the file: skipped, as before
      [3, 100, 200, 50], // does not start at 0
      [0, 100, 200], // odd length
    ]) {
      for (const algorithm of ['sha256', 'sha384', 'sha1']) expect(d.digest(algorithm, br).equals(plain(algorithm, bytes, br))).toBe(true);
    }
  });

  it('continues from a kept state instead of hashing the prefix again', () => {
    const d = new PrefixDigests(bytes, 1024);
    const update = jest.spyOn(Object.getPrototypeOf(createHash('sha256')) as { update: (b: Buffer) => unknown }, 'update');
    try {
      d.digest('sha256', [0, 9_500, 9_600, 400]);
      const hashed = update.mock.calls.reduce((n, [b]) => n + (b as Buffer).length, 0);
      expect(hashed).toBeLessThanOrEqual(1024 + 400);
    } finally {
      update.mockRestore();
    }
  });
});

describe('validatePdf and the signed byte ranges', () => {
  it('hashes a 3-signature document about once, not once per signature plus once for the document', () => {
    const { basePdf, signPdf, testPki } = testing;
    const pki = testPki();
    const t = new Date('2026-05-01T10:00:00Z');
    let pdf = basePdf({ pages: 1, padBytes: 4 * 2 ** 20 });
    for (const [signer, field] of [
      [pki.sekreterare, 'Sekreterare'],
      [pki.ordforande, 'Ordforande'],
      [pki.justerare, 'Justerare'],
    ] as const)
      pdf = signPdf(pdf, { signer, chain: [pki.root], field, crls: [pki.crl], signingTime: t });
    const update = jest.spyOn(Object.getPrototypeOf(createHash('sha256')) as { update: (b: Buffer) => unknown }, 'update');
    try {
      const report = validatePdf(pdf, { trustAnchors: [pki.root.pem], now: t });
      expect(report.verdict).toBe('GILTIG');
      const hashed = update.mock.calls.reduce((n, [b]) => n + (b as { length: number }).length, 0);
      // Before: the document hash plus each signature's prefix, ≈ 4 × the file.
      expect(hashed / pdf.length).toBeLessThan(1.5);
    } finally {
      update.mockRestore();
    }
  });
});
