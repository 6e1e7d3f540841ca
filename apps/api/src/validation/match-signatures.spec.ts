import { createHash, randomBytes } from 'node:crypto';
import type { ValidationReport } from '@justera/validation';
import type { KnownDocument } from '../evidence/evidence.service';
import { matchSignatures, revisionsInFile } from './validation.service';

const sig = (field: string, values: number[] | null, revision: number, kind = 'signature') => ({
  field,
  kind,
  revision,
  byteRange: { values },
});
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A signed protocol of 3000 bytes; Justera stored the revisions after the first two signatures. */
const file = randomBytes(3000);
const known = {
  signers: [
    { name: 'Thomas Norgren', role: 'sekreterare', signedAt: '', transactionId: 'tx-1' },
    { name: 'Åsa Öberg', role: 'justerare', signedAt: '', transactionId: 'tx-2' },
  ],
  signedRevisions: [
    { size: 2000, sha256: sha(file.subarray(0, 2000)), transactionId: 'tx-2' },
    { size: 1000, sha256: sha(file.subarray(0, 1000)), transactionId: 'tx-1' },
  ],
} as unknown as KnownDocument;

describe(matchSignatures.name, () => {
  it('pairs a signature with the stored revision its ByteRange ends in, and skips the others', () => {
    const report = {
      signatures: [
        sig('signatur.1', [0, 400, 600, 400], 2),
        sig('signatur.2', [0, 1300, 1500, 300], 3), // the last revision also carries the DSS after the signature
        sig('Tidsstampel1', [0, 1850, 1950, 50], 5, 'document-timestamp'), // … and the document time-stamp: nobody's signature
        sig('sigill', [0, 2400, 2600, 400], 4), // the anslag seal: not a signer's revision
        sig('broken', null, 0),
      ],
    } as unknown as ValidationReport;
    expect(matchSignatures(report, known, file)).toEqual([
      { index: 0, field: 'signatur.1', revision: 2, transactionId: 'tx-1', name: 'Thomas Norgren', role: 'sekreterare' },
      { index: 1, field: 'signatur.2', revision: 3, transactionId: 'tx-2', name: 'Åsa Öberg', role: 'justerare' },
    ]);
  });

  it('pairs nothing in another document of the protocol (the anslagsbevis: its seal is nobody’s signature)', () => {
    // The anslagsbevis is a file of its own; its seal's ByteRange happens to end before the first stored revision's size.
    const bevis = randomBytes(1500);
    const report = {
      signatures: [sig('Stampel1', [0, 300, 500, 400], 2), sig('Tidsstampel1', [0, 1200, 1400, 100], 4, 'document-timestamp')],
    } as unknown as ValidationReport;
    expect(matchSignatures(report, known, bevis)).toEqual([]);
  });

  it('pairs only up to the last stored revision the file begins with (a file cut and re-signed)', () => {
    const forked = Buffer.concat([file.subarray(0, 1000), randomBytes(1500)]);
    const report = {
      signatures: [sig('signatur.1', [0, 400, 600, 400], 2), sig('signatur.2', [0, 1300, 1500, 300], 3)],
    } as unknown as ValidationReport;
    expect(matchSignatures(report, known, forked).map((m) => m.name)).toEqual(['Thomas Norgren']);
    expect(revisionsInFile(known.signedRevisions, forked).map((r) => r.size)).toEqual([1000]);
    expect(revisionsInFile(known.signedRevisions, file.subarray(0, 1999)).map((r) => r.size)).toEqual([1000]);
  });
});
