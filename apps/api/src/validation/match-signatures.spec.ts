import type { ValidationReport } from '@justera/validation';
import type { KnownDocument } from '../evidence/evidence.service';
import { matchSignatures } from './validation.service';

const sig = (field: string, values: number[] | null, revision: number, kind = 'signature') => ({ field, kind, revision, byteRange: { values } });
const known = {
  signers: [
    { name: 'Thomas Norgren', role: 'sekreterare', signedAt: '', transactionId: 'tx-1' },
    { name: 'Åsa Öberg', role: 'justerare', signedAt: '', transactionId: 'tx-2' },
  ],
  signedRevisions: [
    { size: 1000, sha256: 'a', transactionId: 'tx-1' },
    { size: 2000, sha256: 'b', transactionId: 'tx-2' },
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
    expect(matchSignatures(report, known)).toEqual([
      { index: 0, field: 'signatur.1', revision: 2, transactionId: 'tx-1', name: 'Thomas Norgren', role: 'sekreterare' },
      { index: 1, field: 'signatur.2', revision: 3, transactionId: 'tx-2', name: 'Åsa Öberg', role: 'justerare' },
    ]);
  });
});
