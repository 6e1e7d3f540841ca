import type { IdentificationReport, ValidationReport } from '@justera/validation';
import { revisionsSv, signatureLines } from './summary';
import type { KnownInReport } from './validation.service';

const base = { status: 'valid', coverage: 'whole-file', changesAfter: [], revision: 2 };
const eleg: IdentificationReport = {
  level: 'e-legitimation',
  policy: '2.25.195822665963538015388094517883806831021',
  statement: 'Identifierad med e-legitimation (BankID)',
  provider: 'BankID',
  verifiedName: 'ASA MARIA OBERG',
  statedBy: 'Hälsingerådet Justera Issuing CA',
  trusted: true,
};
const report = {
  document: { revisions: 4 },
  signatures: [
    { ...base, kind: 'certification', field: 'signatur.1', signer: { name: 'ASA MARIA OBERG' }, identification: eleg },
    { ...base, kind: 'signature', field: 'signatur.2', signer: { name: 'Bo Berg' }, identification: null },
    { ...base, kind: 'signature', field: 'signatur.3', signer: { name: 'Cia Carlsson' }, identification: null },
    { ...base, kind: 'document-timestamp', field: 'ts', signer: { name: 'TSA' } },
  ],
} as unknown as ValidationReport;

describe('signatureLines: the identity level', () => {
  it('is the certificate’s statement; an older signature paired with Justera’s record says so; time-stamps and unknown signatures have none', () => {
    const known = {
      signers: [
        {
          name: 'Bo Berg',
          role: 'ordforande',
          signedAt: '',
          transactionId: 'tx-2',
          identityLevel: 'e-legitimation',
          identifiedSv: 'e-legitimation (Freja eID) som BO BERG',
        },
      ],
      signatures: [{ index: 1, field: 'signatur.2', revision: 3, transactionId: 'tx-2', name: 'Bo Berg', role: 'ordforande' }],
    } as unknown as KnownInReport;
    expect(signatureLines(report, known).map((l) => l.identification)).toEqual([
      {
        source: 'certificate',
        text: 'E-legitimation (BankID), verifierat namn ASA MARIA OBERG – enligt certifikatet från Hälsingerådet Justera Issuing CA',
      },
      {
        source: 'justera',
        text: 'E-legitimation (Freja eID) som BO BERG – enligt Justeras register, inte angivet i underskriftens certifikat',
      },
      null,
      null,
    ]);
  });

  it('says e-postlänk from the record, and nothing without a record', () => {
    const known = {
      signers: [
        {
          name: 'Bo Berg',
          role: 'ordforande',
          signedAt: '',
          transactionId: 'tx-2',
          identityLevel: 'e-postlank',
          identifiedSv: 'e-postlänk',
        },
      ],
      signatures: [{ index: 1, field: 'signatur.2', revision: 3, transactionId: 'tx-2', name: 'Bo Berg', role: 'ordforande' }],
    } as unknown as KnownInReport;
    expect(signatureLines(report, known)[1].identification?.text).toBe(
      'Personlig länk via e-post (ingen e-legitimation) – enligt Justeras register, inte angivet i underskriftens certifikat',
    );
    expect(signatureLines(report, null)[1].identification).toBeNull();
  });
});

describe(revisionsSv.name, () => {
  const sig = (kind: string, revision: number | null) => ({ ...base, kind, revision });
  const of = (revisions: number, signatures: unknown[]) => ({ document: { revisions }, signatures }) as unknown as ValidationReport;
  const how =
    'En PDF-fil som signeras skrivs inte om: varje underskrift, tidsstämpel och annat tillägg läggs till i slutet av filen som en ny revision.';

  it('names what each revision of a justerat protocol is: the original, the signatures, the validation data, the time-stamp', () => {
    // As Justera writes it: the frozen version, three signatures, the DSS, the document time-stamp.
    const justerat = of(6, [sig('certification', 2), sig('signature', 3), sig('signature', 4), sig('document-timestamp', 6)]);
    expect(revisionsSv(justerat)).toBe(
      `Filen har 6 revisioner: den ursprungliga filen, 3 underskrifter, 1 dokumenttidsstämpel och 1 tillägg utan egen underskrift (till exempel valideringsdata). ${how}`,
    );
    expect(revisionsSv(of(2, [sig('signature', 2)]))).toBe(`Filen har 2 revisioner: den ursprungliga filen och 1 underskrift. ${how}`);
  });

  it('says only the count when there is no signature, or when the signatures do not add up to it', () => {
    expect(revisionsSv(of(1, []))).toBe('Filen har 1 revision.');
    expect(revisionsSv(of(2, [sig('signature', 2), sig('signature', 2)]))).toBe(`Filen har 2 revisioner. ${how}`);
    expect(revisionsSv(of(2, [sig('signature', 2), sig('signature', 3)]))).toBe(`Filen har 2 revisioner. ${how}`);
  });
});
