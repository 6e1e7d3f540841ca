import { PdfArray, PdfDict, PdfReader, PdfStream } from '@justera/pdf-reader';
import { issueSignerCertificate, issueTsaCertificate, type CertificateAuthority } from '../crypto/certificates';
import { dssDataFor } from '../crypto/crl';
import { LocalTimestampAuthority } from '../crypto/local-tsa';
import { testCa } from '../testing/ca-fixture';
import { samplePdf } from '../testing/sample-pdf';
import { addLta, archiveStatus, embeddedTimestamps } from './lta';
import { signPdfField } from './sign';

jest.setTimeout(60_000);

const DAY = 24 * 3600_000;

describe(addLta.name, () => {
  let ca: CertificateAuthority;
  let tsu: LocalTimestampAuthority;
  let signed: Buffer;
  beforeAll(async () => {
    ca = testCa();
    tsu = new LocalTimestampAuthority(issueTsaCertificate(ca, { name: 'Lokal TSU', now: new Date() }));
    signed = await samplePdf({ signatures: 1 });
    signed = await signPdfField(signed, {
      fieldName: 'signatur.1',
      signer: issueSignerCertificate(ca, { name: 'Annelie Ledin', role: 'Sekreterare', organisation: ca.organisation, now: new Date() }),
      reason: 'Justerat',
      time: new Date(),
      certify: true,
      tsa: tsu,
      appearance: { lines: ['Annelie Ledin'] },
    });
  });

  it('adds a DSS with the time-stamping unit certificate and a document time-stamp over it', async () => {
    const lta = await addLta(signed, { dss: dssDataFor(ca, new Date()), tsa: tsu });
    const ts = embeddedTimestamps(lta);
    expect(ts.map((t) => t.kind)).toEqual(['signature', 'document']);
    expect(ts[0]!.unitCertificate!.equals(tsu.unit.certificate)).toBe(true);
    const r = PdfReader.open(lta);
    const dss = r.get(r.catalog(), 'DSS') as PdfDict;
    const certs = (r.get(dss, 'Certs') as PdfArray).items.map((x) => r.decodeStream(r.resolve(x) as PdfStream));
    expect(certs.some((c) => c.equals(tsu.unit.certificate))).toBe(true);
    expect((r.get(dss, 'CRLs') as PdfArray).items.length).toBeGreaterThanOrEqual(1);
    // the document time-stamp is the last revision: it covers the DSS
    expect(r.revisions.length).toBe(PdfReader.open(signed).revisions.length + 2);
  });

  it('archiveStatus: due without a document time-stamp, and when the last unit certificate ends within the margin', async () => {
    expect(archiveStatus(signed, new Date(), 365 * DAY).renewalDue).toBe(true);
    const lta = await addLta(signed, { dss: dssDataFor(ca, new Date()), tsa: tsu });
    const st = archiveStatus(lta, new Date(), 365 * DAY);
    expect(st.renewalDue).toBe(false);
    expect(st.protectedUntil!.getTime()).toBe(tsu.notAfter.getTime());
    expect(archiveStatus(lta, new Date(tsu.notAfter.getTime() - 100 * DAY), 365 * DAY).renewalDue).toBe(true);
    // renewal: a second DSS + document time-stamp from a newer unit
    const newer = new LocalTimestampAuthority(issueTsaCertificate(ca, { name: 'Ny TSU', now: new Date(), years: 8 }));
    const renewed = await addLta(lta, { dss: dssDataFor(ca, new Date()), tsa: newer });
    const docs = embeddedTimestamps(renewed).filter((t) => t.kind === 'document');
    expect(docs).toHaveLength(2);
    expect(archiveStatus(renewed, new Date(), 365 * DAY).protectedUntil!.getTime()).toBe(newer.notAfter.getTime());
  });
});
