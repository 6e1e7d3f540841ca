/**
 * X.509 v2 CRLs (RFC 5280 section 5). node-forge has no CRL API, so the structure is built from its
 * ASN.1 primitives and signed with node:crypto (SHA-256).
 */
import { sign } from 'node:crypto';
import type { CertifiedKey } from './certificates';
import {
  algorithm,
  asn1,
  bitString,
  certificateParts,
  explicit,
  fromDer,
  int,
  oid,
  octets,
  OID,
  seq,
  subjectKeyIdentifierOf,
  time,
  toDer,
  type Asn1,
} from './der';

export interface RevokedCertificate {
  /** Serial number as hex (as in forge) or as the certificate DER it belongs to. */
  serial: string | Buffer;
  date: Date;
  /** CRLReason code (RFC 5280 5.3.1), e.g. 1 keyCompromise, 4 superseded, 5 cessationOfOperation. */
  reason?: number;
}

function serialNode(s: string | Buffer): Asn1 {
  if (typeof s === 'string') return int(Buffer.from(s.length % 2 ? '0' + s : s, 'hex'));
  return certificateParts(s).serial;
}

/** A DER CRL issued by `issuer` (the issuing CA), with cRLNumber and authorityKeyIdentifier. */
export function createCrl(
  issuer: CertifiedKey,
  revoked: RevokedCertificate[],
  now: Date,
  nextUpdate: Date,
  crlNumber: number = Math.floor(now.getTime() / 1000),
): Buffer {
  const sigAlg =
    issuer.privateKey.asymmetricKeyType === 'rsa'
      ? algorithm(OID.sha256WithRSAEncryption)
      : algorithm(OID.ecdsaWithSHA256, 'absent');
  const parts = certificateParts(issuer.certificate);
  const ski = subjectKeyIdentifierOf(issuer.certificate);
  const extensions: Asn1[] = [];
  if (ski) {
    extensions.push(
      seq(oid(OID.authorityKeyIdentifier), octets(toDer(seq(asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, false, ski.toString('binary')))))),
    );
  }
  extensions.push(seq(oid(OID.cRLNumber), octets(toDer(int(crlNumber)))));
  const tbsItems: Asn1[] = [int(1), sigAlg, fromDer(toDer(parts.subject)), time(now), time(nextUpdate)];
  if (revoked.length) {
    tbsItems.push(
      seq(
        ...revoked.map((r) => {
          const entry: Asn1[] = [serialNode(r.serial), time(r.date)];
          if (r.reason !== undefined) {
            const reason = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.ENUMERATED, false, String.fromCharCode(r.reason));
            entry.push(seq(seq(oid(OID.cRLReason), octets(toDer(reason)))));
          }
          return seq(...entry);
        }),
      ),
    );
  }
  tbsItems.push(explicit(0, seq(...extensions)));
  const tbs = seq(...tbsItems);
  const signature = sign('sha256', toDer(tbs), issuer.privateKey);
  return toDer(seq(tbs, sigAlg, bitString(signature)));
}

export function crlToPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN X509 CRL-----\n${b64}\n-----END X509 CRL-----\n`;
}

/**
 * Revocation data for a PAdES B-LT /DSS: the chain (issuing CA, root) and fresh CRLs — the issuing
 * CA's (covering signer and seal certificates) and, when the root key is at hand (development CA),
 * the root's (covering the issuing CA certificate). A production root's CRL is published by whoever
 * holds the root key: pass it in `extraCrls`.
 */
export function dssDataFor(
  ca: { issuing: CertifiedKey; root: { certificate: Buffer; privateKey?: CertifiedKey['privateKey'] } },
  now: Date,
  o: { revoked?: RevokedCertificate[]; validDays?: number; extraCrls?: Buffer[] } = {},
): { certs: Buffer[]; crls: Buffer[] } {
  const next = new Date(now.getTime() + (o.validDays ?? 7) * 86400000);
  const crls = [createCrl(ca.issuing, o.revoked ?? [], now, next)];
  if (ca.root.privateKey) crls.push(createCrl({ certificate: ca.root.certificate, privateKey: ca.root.privateKey }, [], now, next));
  return { certs: [ca.issuing.certificate, ca.root.certificate], crls: [...crls, ...(o.extraCrls ?? [])] };
}
