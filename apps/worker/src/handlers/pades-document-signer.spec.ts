import { PDFDocument } from 'pdf-lib';
import { identificationOf, SignDocumentInput } from '@justera/justering';
import type { KeysService } from '@justera/keys';
import { caChain, certificateToPem, createDevelopmentCa, issueTsaCertificate, LocalTimestampAuthority } from '@justera/pades';
import { validatePdf } from '@justera/validation';
import { appearanceLines, PadesDocumentSigner } from './pades-document-signer';

const input = (verified?: { name: string; provider: string }): SignDocumentInput => ({
  pdf: new Uint8Array(),
  organisation: { id: '0b7e2a52-3c1d-4f6e-9a8b-1c2d3e4f5a6b', name: 'Demo kommun' },
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

jest.setTimeout(60_000);

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

const NOW = new Date('2026-12-01T09:00:00Z');

describe(PadesDocumentSigner.name, () => {
  // A CA named like a fresh quick-start data directory: the signer certificate must not say it.
  const ca = createDevelopmentCa({
    organisation: 'Utvecklingskommunen',
    now: NOW,
    crlUrl: 'http://127.0.0.1:9/issuing.crl',
    keyBits: 2048,
  });
  const tsa = new LocalTimestampAuthority(issueTsaCertificate(ca, { name: 'Test TSU', now: NOW }));
  const keys = { ca: () => ca, timestamping: () => tsa, chain: () => caChain(ca) } as unknown as KeysService;
  const signer = new PadesDocumentSigner(keys);
  afterAll(() => signer.onModuleDestroy());

  it("names the protocol's organisation as stored (not the CA's) in the signer certificate", async () => {
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]);
    const pdf = await doc.save();
    const r = await signer.sign({
      pdf,
      organisation: { id: '0b7e2a52-3c1d-4f6e-9a8b-1c2d3e4f5a6b', name: 'Demo kommun' },
      fieldIndex: 1,
      signer: { name: 'Sara Sekreterare', role: 'sekreterare', email: 'sara@demo.example' },
      approvedSha256: 'a'.repeat(64),
      signedAt: new Date(),
      transactionId: 'tx-1',
      identifiedBy: 'E-postlänk',
      certify: true,
      final: false,
    });
    const report = validatePdf(Buffer.from(r.pdf), { trustAnchors: [certificateToPem(ca.root.certificate)] });
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]!.signer).toMatchObject({ name: 'Sara Sekreterare', role: 'Sekreterare', organisation: 'Demo kommun' });
  });
});
