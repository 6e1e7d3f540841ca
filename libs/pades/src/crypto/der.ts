/**
 * Small helpers over node-forge's ASN.1 primitives, shared by the certificate, CRL, CMS and TSA code.
 * Byte strings in forge are "binary strings" (one char per byte); these helpers convert at the edges.
 */
import { createHash } from 'node:crypto';
import forge from 'node-forge';

export const asn1 = forge.asn1;
export type Asn1 = forge.asn1.Asn1;

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  timeStampToken: '1.2.840.113549.1.9.16.2.14',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  cRLNumber: '2.5.29.20',
  authorityKeyIdentifier: '2.5.29.35',
  cRLReason: '2.5.29.21',
  title: '2.5.4.12',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  documentSigning: '1.3.6.1.4.1.311.10.3.12',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  certificatePolicies: '2.5.29.32',
  userNotice: '1.3.6.1.5.5.7.2.2',
} as const;

export function toBinary(buf: Uint8Array): string {
  return Buffer.from(buf).toString('binary');
}

export function fromBinary(s: string): Buffer {
  return Buffer.from(s, 'binary');
}

export function toDer(node: Asn1): Buffer {
  return fromBinary(asn1.toDer(node).getBytes());
}

export function fromDer(der: Uint8Array): Asn1 {
  return asn1.fromDer(forge.util.createBuffer(toBinary(der)), { strict: true, parseAllBytes: true, decodeBitStrings: false } as never);
}

export const U = asn1.Class.UNIVERSAL;
export const T = asn1.Type;

export function seq(...items: Asn1[]): Asn1 {
  return asn1.create(U, T.SEQUENCE, true, items);
}

export function set(...items: Asn1[]): Asn1 {
  return asn1.create(U, T.SET, true, items);
}

export function oid(id: string): Asn1 {
  return asn1.create(U, T.OID, false, asn1.oidToDer(id).getBytes());
}

/** An OBJECT IDENTIFIER with arcs beyond 32 bits (forge's encoder stops there), e.g. under 2.25. */
export function bigOid(id: string): Asn1 {
  const arcs = id.split('.').map((x) => BigInt(x));
  const parts = [arcs[0] * 40n + arcs[1], ...arcs.slice(2)];
  const bytes: number[] = [];
  for (const v of parts) {
    const chunk: number[] = [];
    let x = v;
    do {
      chunk.unshift(Number(x & 0x7fn));
      x >>= 7n;
    } while (x > 0n);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i] |= 0x80;
    bytes.push(...chunk);
  }
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, Buffer.from(bytes).toString('binary'));
}

export function int(value: number | Buffer): Asn1 {
  if (typeof value === 'number') return asn1.create(U, T.INTEGER, false, asn1.integerToDer(value).getBytes());
  // Positive big integer given as unsigned big-endian bytes: add a leading zero when the high bit is set.
  let b = Buffer.from(value);
  while (b.length > 1 && b[0] === 0 && (b[1] & 0x80) === 0) b = b.subarray(1);
  if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return asn1.create(U, T.INTEGER, false, toBinary(b));
}

export function octets(data: Uint8Array): Asn1 {
  return asn1.create(U, T.OCTETSTRING, false, toBinary(data));
}

export function nul(): Asn1 {
  return asn1.create(U, T.NULL, false, '');
}

export function bool(v: boolean): Asn1 {
  return asn1.create(U, T.BOOLEAN, false, v ? '\xff' : '\x00');
}

export function bitString(data: Uint8Array): Asn1 {
  return asn1.create(U, T.BITSTRING, false, '\x00' + toBinary(data));
}

/** Context-specific tagged value; explicit wraps `inner`, implicit re-tags a constructed node's children. */
export function explicit(tag: number, inner: Asn1): Asn1 {
  return asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, true, [inner]);
}

export function implicitConstructed(tag: number, items: Asn1[]): Asn1 {
  return asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, true, items);
}

/** UTCTime before 2050, GeneralizedTime from 2050 on (RFC 5280 4.1.2.5). */
export function time(d: Date): Asn1 {
  if (d.getUTCFullYear() < 2050) return asn1.create(U, T.UTCTIME, false, asn1.dateToUtcTime(d));
  return asn1.create(U, T.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(d));
}

export function algorithm(id: string, params: 'null' | 'absent' = 'null'): Asn1 {
  return params === 'null' ? seq(oid(id), nul()) : seq(oid(id));
}

/** Parse a DER value that is itself an ASN.1 node (for embedding already-encoded structures). */
export function raw(der: Uint8Array): Asn1 {
  return fromDer(der);
}

export function sha256(data: Uint8Array | string): Buffer {
  return createHash('sha256').update(data).digest();
}

/** The parts of an X.509 certificate that CMS and CRLs refer to, as ASN.1 nodes (exact encodings). */
export interface CertificateParts {
  serial: Asn1;
  issuer: Asn1;
  subject: Asn1;
  subjectPublicKeyInfo: Asn1;
  extensions?: Asn1;
}

export function certificateParts(der: Uint8Array): CertificateParts {
  const cert = fromDer(der);
  const tbs = (cert.value as Asn1[])[0];
  const f = tbs.value as Asn1[];
  const hasVersion = f[0].tagClass === asn1.Class.CONTEXT_SPECIFIC && f[0].type === 0;
  const o = hasVersion ? 1 : 0;
  const ext = f.find((x) => x.tagClass === asn1.Class.CONTEXT_SPECIFIC && x.type === 3);
  return {
    serial: f[o],
    issuer: f[o + 2],
    subject: f[o + 4],
    subjectPublicKeyInfo: f[o + 5],
    extensions: ext ? (ext.value as Asn1[])[0] : undefined,
  };
}

/** The subjectKeyIdentifier extension value of a certificate, if present. */
export function subjectKeyIdentifierOf(der: Uint8Array): Buffer | undefined {
  const exts = certificateParts(der).extensions;
  if (!exts) return undefined;
  for (const e of exts.value as Asn1[]) {
    const parts = e.value as Asn1[];
    if (asn1.derToOid(parts[0].value as string) !== '2.5.29.14') continue;
    const inner = fromDer(fromBinary(parts[parts.length - 1].value as string));
    return fromBinary(inner.value as string);
  }
  return undefined;
}
