/**
 * CMS SignedData for PAdES (CAdES detached, ETSI EN 319 122-1 baseline B-B / B-T).
 *
 * Built from node-forge ASN.1 primitives because forge.pkcs7 cannot encode signing-certificate-v2,
 * cannot omit signing-time, and cannot add unsigned attributes (the signature time-stamp token).
 * The signature itself is made by node:crypto.
 */
import { createHash, KeyObject, sign } from 'node:crypto';
import {
  algorithm,
  asn1,
  certificateParts,
  explicit,
  fromDer,
  implicitConstructed,
  int,
  octets,
  oid,
  OID,
  seq,
  set,
  toDer,
  type Asn1,
} from './der';

/** Anything that returns an RFC 3161 time-stamp token (ContentInfo DER) for a SHA-256 digest. */
export interface TimestampAuthority {
  timestamp(sha256Digest: Buffer): Promise<Buffer>;
}

export interface CadesOptions {
  /** SHA-256 of the signed content (for PDFs: of the two byte ranges). */
  digest: Buffer;
  signerCert: Buffer;
  signerKey: KeyObject;
  /** Further certificates to embed: issuing CA, then root. */
  chain: Buffer[];
  /** When given, a signature-time-stamp (unsigned attribute id-aa-timeStampToken) is added: B-T. */
  tsa?: TimestampAuthority;
}

function attribute(type: string, ...values: Asn1[]): Asn1 {
  return seq(oid(type), set(...values));
}

/** DER SET OF: the element encodings sorted as unsigned byte strings (X.690 11.6). */
function sortedDer(items: Asn1[]): Buffer[] {
  return items.map(toDer).sort(Buffer.compare);
}

/** ESS signing-certificate-v2 (RFC 5035): the SHA-256 of the signer certificate and its issuer/serial. */
export function signingCertificateV2(certDer: Buffer): Asn1 {
  const parts = certificateParts(certDer);
  const certHash = createHash('sha256').update(certDer).digest();
  const issuerSerial = seq(seq(explicit(4, fromDer(toDer(parts.issuer)))), fromDer(toDer(parts.serial)));
  // hashAlgorithm is omitted: its DEFAULT is id-sha256, and DER omits defaults.
  const essCertIdV2 = seq(octets(certHash), issuerSerial);
  return seq(seq(essCertIdV2));
}

/** DER IssuerAndSerialNumber of a certificate: the signer identifier of a SignerInfo (RFC 5652 5.3). */
export function issuerAndSerial(certDer: Buffer): Buffer {
  const parts = certificateParts(certDer);
  return toDer(seq(fromDer(toDer(parts.issuer)), fromDer(toDer(parts.serial))));
}

/**
 * The DER of a ContentInfo(SignedData) with one signer (RFC 5652): the signed attributes (sorted as a
 * DER SET OF) signed with SHA-256 by `signerKey`, the certificates `certs`, and the encapsulated
 * content `content` (absent: detached). `unsigned(signature)` may add unsigned attributes once the
 * signature value is known (the signature time-stamp). Shared by CAdES signatures and the local TSU's
 * time-stamp tokens.
 */
export async function buildSignedData(o: {
  version: number;
  contentType: string;
  content?: Buffer;
  signedAttrs: Asn1[];
  /** DER IssuerAndSerialNumber of the signer certificate ({@link issuerAndSerial}). */
  sid: Buffer;
  signerKey: KeyObject;
  certs: Buffer[];
  unsigned?: (signature: Buffer) => Promise<Asn1[]>;
}): Promise<Buffer> {
  const signedAttrs = sortedDer(o.signedAttrs);
  // The signature covers the DER of the attributes as an explicit SET OF (RFC 5652 5.4).
  const signature = sign('sha256', toDer(set(...signedAttrs.map((d) => fromDer(d)))), o.signerKey);
  const isRsa = o.signerKey.asymmetricKeyType === 'rsa';
  const signerInfo: Asn1[] = [
    int(1),
    fromDer(o.sid),
    algorithm(OID.sha256, 'absent'),
    implicitConstructed(0, signedAttrs.map((d) => fromDer(d))),
    isRsa ? algorithm(OID.rsaEncryption) : algorithm(OID.ecdsaWithSHA256, 'absent'),
    octets(signature),
  ];
  const unsigned = o.unsigned ? await o.unsigned(signature) : [];
  if (unsigned.length) signerInfo.push(implicitConstructed(1, unsigned));
  const signedData = seq(
    int(o.version),
    set(algorithm(OID.sha256, 'absent')),
    o.content ? seq(oid(o.contentType), explicit(0, octets(o.content))) : seq(oid(o.contentType)),
    implicitConstructed(0, o.certs.map((c) => fromDer(c))),
    set(seq(...signerInfo)),
  );
  return toDer(seq(oid(OID.signedData), explicit(0, signedData)));
}

/** The DER of ContentInfo(SignedData) with a detached signature over `digest`. */
export async function buildCadesDetached(o: CadesOptions): Promise<Buffer> {
  if (o.digest.length !== 32) throw new Error('digest must be a SHA-256 value (32 bytes)');
  const tsa = o.tsa;
  return buildSignedData({
    version: 1,
    contentType: OID.data,
    signedAttrs: [
      attribute(OID.contentType, oid(OID.data)),
      attribute(OID.messageDigest, octets(o.digest)),
      attribute(OID.signingCertificateV2, signingCertificateV2(o.signerCert)),
    ],
    sid: issuerAndSerial(o.signerCert),
    signerKey: o.signerKey,
    certs: [o.signerCert, ...o.chain],
    unsigned: tsa
      ? async (signature) => [attribute(OID.timeStampToken, fromDer(await tsa.timestamp(createHash('sha256').update(signature).digest())))]
      : undefined,
  });
}

/** Reads the signature value and signer certificate serial out of a CMS SignedData (for tests and DSS). */
export function cmsSignatureValue(contentInfoDer: Buffer): Buffer {
  const ci = fromDer(contentInfoDer);
  const sd = ((ci.value as Asn1[])[1].value as Asn1[])[0];
  const fields = sd.value as Asn1[];
  const signerInfos = fields[fields.length - 1];
  const si = (signerInfos.value as Asn1[])[0].value as Asn1[];
  const sig = si.find((x, i) => i > 3 && x.tagClass === asn1.Class.UNIVERSAL && x.type === asn1.Type.OCTETSTRING);
  if (!sig) throw new Error('no signature value');
  return Buffer.from(sig.value as string, 'binary');
}
