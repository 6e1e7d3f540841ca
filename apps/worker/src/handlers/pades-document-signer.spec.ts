import { SignDocumentInput } from '@justera/justering';
import { appearanceLines } from './pades-document-signer';
import { identificationOf } from './justering-sign.handler';

const input = (verified?: { name: string; provider: string }): SignDocumentInput => ({
  pdf: new Uint8Array(),
  fieldIndex: 1,
  signer: { name: 'Åsa Öberg', role: 'ordforande', email: 'asa@example.se' },
  approvedSha256: 'a'.repeat(32) + 'b'.repeat(32),
  signedAt: new Date('2026-12-06T09:00:00Z'),
  transactionId: 'tx-1',
  identifiedBy: 'x',
  ...(verified ? { verified } : {}),
  certify: false,
  final: false,
});

describe('the signature appearance', () => {
  it('says "Identifierad med e-legitimation (<provider>)" after an e-legitimation, in the identification line', () => {
    expect(appearanceLines(input({ name: 'ASA MARIA OBERG', provider: 'Freja eID' }), 'ASA MARIA OBERG', 'Ordförande')).toEqual([
      'ASA MARIA OBERG',
      'Ordförande',
      'Signerat digitalt 2026-12-06 10:00:00',
      'Identifierad med e-legitimation (Freja eID)',
      'Transaktions-id: tx-1',
      `SHA-256: ${'a'.repeat(32)}`,
      'b'.repeat(32),
    ]);
  });

  it('says "Identifierad: personlig länk via e-post" by link alone', () => {
    expect(appearanceLines(input(), 'Åsa Öberg', 'Ordförande')[3]).toBe('Identifierad: personlig länk via e-post');
  });
});

describe(identificationOf.name, () => {
  it('is the link without a stored identity', () => {
    expect(identificationOf(null)).toEqual({ identifiedBy: 'E-postlänk (personlig länk skickad till undertecknarens e-postadress)' });
  });

  it('reads the stored e-legitimation', () => {
    const stored = JSON.stringify({ provider: 'BankID', iss: 'https://idp', sub: 's', name: 'Per Lind', authTime: null, acr: null });
    expect(identificationOf(stored)).toEqual({
      identifiedBy: 'E-legitimation (BankID) efter personlig länk via e-post',
      verified: { name: 'Per Lind', provider: 'BankID' },
    });
  });

  it.each([['{"provider":"BankID"}'], ['{"provider":"BankID","iss":"i","sub":"s","name":"","authTime":null,"acr":null}'], ['not json']])(
    'refuses a malformed record (%s) instead of signing in an empty name',
    (stored) => {
      expect(() => identificationOf(stored)).toThrow(/stored identity is malformed/);
    },
  );
});
