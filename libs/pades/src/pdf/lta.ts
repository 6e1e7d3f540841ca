/**
 * PAdES B-LTA and its renewal (ETSI EN 319 142-1 5.5, "LTA" level; EN 319 102-1 archive time-stamps).
 *
 * `addLta` appends a /DSS revision with the validation data (certificates and CRLs of the signers and
 * of the time-stamping units) and then a document time-stamp over everything. Running it again on a
 * B-LTA document is the renewal: the new DSS carries fresh CRLs and the certificate of the previous
 * document time-stamp's unit, and the new document time-stamp protects the old one before its
 * certificate (or its hash algorithm) expires.
 */
import { X509Certificate } from 'node:crypto';
import { PdfDict, PdfReader, PdfString } from '@justera/pdf-reader';
import type { CertificateAuthority } from '../crypto/certificates';
import type { TimestampAuthority } from '../crypto/cms';
import { dssDataFor } from '../crypto/crl';
import { LocalTimestampAuthority } from '../crypto/local-tsa';
import { asn1, OID, toDer, type Asn1 } from '../crypto/der';
import { parseTimestampToken, TsaClient } from '../crypto/tsa';
import forge from 'node-forge';
import { addDocumentTimestamp, addDss, type DssData } from './sign';

function looseDer(b: Uint8Array): Asn1 {
  return asn1.fromDer(forge.util.createBuffer(Buffer.from(b).toString('binary')), { strict: false, parseAllBytes: false, decodeBitStrings: false } as never);
}

/** The certificates a CMS SignedData (a signature or a time-stamp token) carries. */
export function cmsCertificates(cms: Uint8Array): Buffer[] {
  const sd = ((looseDer(cms).value as Asn1[])[1].value as Asn1[])[0].value as Asn1[];
  const certs = sd.find((n) => n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === 0);
  return ((certs?.value as Asn1[]) ?? []).filter((c) => c.type === asn1.Type.SEQUENCE).map(toDer);
}

/** The signature time-stamp tokens (unsigned attribute id-aa-timeStampToken) of a CMS SignedData. */
export function signatureTimestampTokens(cms: Uint8Array): Buffer[] {
  const sd = ((looseDer(cms).value as Asn1[])[1].value as Asn1[])[0].value as Asn1[];
  const out: Buffer[] = [];
  for (const si of (sd[sd.length - 1].value as Asn1[]) ?? []) {
    const unsigned = (si.value as Asn1[]).find((n) => n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === 1);
    for (const attr of (unsigned?.value as Asn1[]) ?? []) {
      const [type, values] = attr.value as Asn1[];
      if (asn1.derToOid(type.value as string) !== OID.timeStampToken) continue;
      for (const v of values.value as Asn1[]) out.push(toDer(v));
    }
  }
  return out;
}

export interface EmbeddedTimestamp {
  kind: 'signature' | 'document';
  field: string;
  token: Buffer;
  genTime: Date;
  /** The time-stamping unit's certificate (the one whose notAfter limits the proof). */
  unitCertificate?: Buffer;
  unitNotAfter?: Date;
}

/** Every time-stamp in a PDF: the signature time-stamps inside CMS signatures and the document time-stamps. */
export function embeddedTimestamps(pdf: Buffer): EmbeddedTimestamp[] {
  const reader = PdfReader.open(pdf, { timeLimitMs: 60_000 });
  const out: EmbeddedTimestamp[] = [];
  for (const f of reader.fields()) {
    if (f.type !== 'Sig') continue;
    const v = reader.resolve(f.value);
    if (!(v instanceof PdfDict)) continue;
    const contents = reader.resolve(v.get('Contents'));
    if (!(contents instanceof PdfString) || !contents.bytes.length) continue;
    const cms = Buffer.from(contents.bytes);
    try {
      const isDoc = v.name('SubFilter') === 'ETSI.RFC3161';
      const tokens = isDoc ? [toDer(looseDer(cms))] : signatureTimestampTokens(cms);
      for (const token of tokens) out.push(describe(isDoc ? 'document' : 'signature', f.name, token));
    } catch {
      /* not a readable CMS: the validator reports it */
    }
  }
  return out.sort((a, b) => a.genTime.getTime() - b.genTime.getTime());
}

function describe(kind: EmbeddedTimestamp['kind'], field: string, token: Buffer): EmbeddedTimestamp {
  const info = parseTimestampToken(token);
  const certs = cmsCertificates(token);
  // The unit's certificate is the one with extendedKeyUsage timeStamping (the first one otherwise).
  const unit = certs.find((c) => new X509Certificate(c).keyUsage?.includes('1.3.6.1.5.5.7.3.8')) ?? certs[0];
  return { kind, field, token, genTime: info.genTime, unitCertificate: unit, unitNotAfter: unit ? new Date(new X509Certificate(unit).validTo) : undefined };
}

/** The certificates of every time-stamping unit in a PDF (for its DSS). */
export function timestampCertificates(pdf: Buffer): Buffer[] {
  const seen = new Map<string, Buffer>();
  for (const t of embeddedTimestamps(pdf)) for (const c of cmsCertificates(t.token)) seen.set(c.toString('hex'), c);
  return [...seen.values()];
}

/**
 * DSS (with the time-stamping units' certificates added to `dss`) and a document time-stamp:
 * PAdES B-LTA, or one renewal of it. The caller's `dss` brings the signer chains and fresh CRLs.
 */
export async function addLta(pdf: Buffer, o: { dss: DssData; tsa: TimestampAuthority }): Promise<Buffer> {
  const certs = uniq([...o.dss.certs, ...timestampCertificates(pdf)]);
  const withDss = addDss(pdf, { ...o.dss, certs });
  return addDocumentTimestamp(withDss, o.tsa);
}

function uniq(list: Buffer[]): Buffer[] {
  const m = new Map<string, Buffer>();
  for (const c of list) m.set(c.toString('hex'), c);
  return [...m.values()];
}

/** Hash algorithms and the date after which a time-stamp made with them no longer counts as proof. */
const ALGORITHM_SUNSET: Record<string, Date> = {
  '1.3.14.3.2.26': new Date('2013-01-01T00:00:00Z'), // SHA-1
};

export interface ArchiveStatus {
  /** The last document time-stamp, when there is one. */
  last?: EmbeddedTimestamp;
  /** When the protection of the last document time-stamp ends: its unit certificate's expiry or its algorithm's sunset. */
  protectedUntil?: Date;
  /** True when a renewal is due at `now` with `marginMs` to spare. */
  renewalDue: boolean;
}

/** Whether a (B-LTA) document needs a new archive time-stamp: its last one expires within `marginMs` of `now`. */
export function archiveStatus(pdf: Buffer, now: Date, marginMs: number): ArchiveStatus {
  const docs = embeddedTimestamps(pdf).filter((t) => t.kind === 'document');
  const last = docs[docs.length - 1];
  if (!last) return { renewalDue: true };
  let until = last.unitNotAfter;
  const alg = imprintAlgorithm(last.token);
  const sunset = alg ? ALGORITHM_SUNSET[alg] : undefined;
  if (sunset && (!until || sunset < until)) until = sunset;
  return { last, protectedUntil: until, renewalDue: !until || until.getTime() - now.getTime() <= marginMs };
}

function imprintAlgorithm(token: Buffer): string | undefined {
  try {
    return parseTimestampToken(token).imprintAlgorithm;
  } catch {
    return undefined;
  }
}

/** Which time-stamp authority made a renewal's document time-stamp (recorded in the audit trail). */
export interface RenewalTsa {
  /** external: TSA_URL; local: the installation's own time-stamping unit. */
  kind: 'external' | 'local';
  url?: string;
  /** The subject of the unit certificate in the new token. */
  unit?: string;
  /** That certificate's serial number (hex). */
  unitSerial?: string;
}

export interface ArchiveRenewal {
  pdf: Buffer;
  /** The archive status of the input and of the renewed file, at the renewal's time. */
  before: ArchiveStatus;
  after: ArchiveStatus;
  tsa: RenewalTsa;
}

/**
 * One PAdES-LTA renewal of a file (the `renew` command and the worker's `maintenance.renew-archives`
 * job): a DSS with the CA chain, fresh CRLs of the CA, the certificates of every time-stamping unit in
 * the file (and of `tsa` when it is the installation's own unit), then a new document time-stamp from
 * `tsa`. The bytes before are kept unchanged (an incremental update). A TSA failure throws.
 */
export async function renewArchive(pdf: Buffer, o: { ca: CertificateAuthority; tsa: TimestampAuthority; now?: Date }): Promise<ArchiveRenewal> {
  const now = o.now ?? new Date();
  const before = archiveStatus(pdf, now, 0);
  const dss = dssDataFor(o.ca, now);
  const local = o.tsa instanceof LocalTimestampAuthority ? o.tsa.unit : undefined;
  const renewed = await addLta(pdf, { dss: { ...dss, certs: [...(local ? [local.certificate, ...local.chain] : []), ...dss.certs] }, tsa: o.tsa });
  const after = archiveStatus(renewed, now, 0);
  const unit = after.last?.unitCertificate ? new X509Certificate(after.last.unitCertificate) : undefined;
  const tsa: RenewalTsa = {
    kind: local ? 'local' : 'external',
    ...(o.tsa instanceof TsaClient ? { url: o.tsa.url } : {}),
    ...(unit ? { unit: unit.subject.replace(/\n/g, ', '), unitSerial: unit.serialNumber.toLowerCase() } : {}),
  };
  return { pdf: renewed, before, after, tsa };
}
