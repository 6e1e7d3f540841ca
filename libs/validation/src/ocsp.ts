import { createHash } from 'node:crypto';
import { Der, TAG, intHex, isContext, oidOf, parseDer, timeOf } from './der';
import { DIGEST_BY_OID } from './oids';
import { CertInfo, issued, parseCertificate, verifyWith } from './x509';

const ID_PKIX_OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';

export interface OcspSingle {
  hashAlg: string;
  issuerNameHash: Buffer;
  issuerKeyHash: Buffer;
  serialHex: string;
  status: 'good' | 'revoked' | 'unknown';
  revokedAt?: Date;
  thisUpdate: Date;
  nextUpdate?: Date;
}

export interface ParsedOcsp {
  producedAt: Date;
  responses: OcspSingle[];
  tbs: Der;
  sigAlg: Der;
  signature: Buffer;
  certs: CertInfo[];
  responderName?: Buffer;
  responderKeyHash?: Buffer;
}

/** Parses an OCSPResponse (RFC 6960) holding a BasicOCSPResponse. Throws on anything else. */
export function parseOcsp(der: Uint8Array): ParsedOcsp {
  const resp = parseDer(der);
  const status = resp.children[0];
  if (!status || status.value[0] !== 0) throw new Error('OCSP response status is not successful');
  const rb = resp.children[1]?.children[0];
  if (!rb || oidOf(rb.children[0]) !== ID_PKIX_OCSP_BASIC) throw new Error('not a basic OCSP response');
  const basic = parseDer(rb.children[1]!.value);
  const tbs = basic.children[0]!;
  let i = 0;
  if (isContext(tbs.children[0], 0)) i++;
  const rid = tbs.children[i]!;
  const producedAt = timeOf(tbs.children[i + 1]);
  const responses: OcspSingle[] = tbs.children[i + 2]!.children.map((sr) => {
    const certId = sr.children[0]!;
    const st = sr.children[1]!;
    const single: OcspSingle = {
      hashAlg: DIGEST_BY_OID[oidOf(certId.children[0]!.children[0])] ?? 'unknown',
      issuerNameHash: certId.children[1]!.value,
      issuerKeyHash: certId.children[2]!.value,
      serialHex: intHex(certId.children[3]),
      status: st.num === 0 ? 'good' : st.num === 1 ? 'revoked' : 'unknown',
      thisUpdate: timeOf(sr.children[2]),
    };
    if (st.num === 1) single.revokedAt = timeOf(st.children[0]);
    const nu = sr.children.slice(3).find((c) => isContext(c, 0));
    if (nu) single.nextUpdate = timeOf(nu.children[0]);
    return single;
  });
  const certs: CertInfo[] = [];
  const certsNode = basic.children.find((c) => isContext(c, 0));
  for (const c of certsNode?.children[0]?.children ?? []) {
    try {
      certs.push(parseCertificate(c.raw));
    } catch {
      /* ignored */
    }
  }
  const sigBits = basic.children[2]!;
  return {
    producedAt,
    responses,
    tbs,
    sigAlg: basic.children[1]!,
    signature: sigBits.value.subarray(1),
    certs,
    responderName: isContext(rid, 1) ? rid.children[0]!.raw : undefined,
    responderKeyHash: isContext(rid, 2) ? rid.children[0]!.value : undefined,
  };
}

/** The issuer's public key bits (the subjectPublicKey BIT STRING without its unused-bits octet). */
function keyBits(c: CertInfo): Buffer {
  const tbs = parseDer(c.der).children[0]!;
  const off = isContext(tbs.children[0], 0) ? 1 : 0;
  const spki = tbs.children[off + 5]!;
  return spki.children[1]!.value.subarray(1);
}

/** True when the response is signed by the issuer itself or by a responder the issuer certified. */
function signedByIssuerOrDelegate(o: ParsedOcsp, issuer: CertInfo): boolean {
  const candidates = [issuer, ...o.certs.filter((c) => issued(issuer, c))];
  const alg = oidOf(o.sigAlg.children[0]);
  return candidates.some((c) => {
    try {
      return verifyWith(alg, o.sigAlg.children[1], undefined, o.tbs.raw, c.x509.publicKey, o.signature);
    } catch {
      return false;
    }
  });
}

export interface OcspStatus {
  status: 'good' | 'revoked' | 'unknown';
  revokedAt?: Date;
}

/** Status of `cert` from verified OCSP responses, or undefined when none speaks about it. */
export function statusFromOcsp(cert: CertInfo, issuer: CertInfo, responses: ParsedOcsp[], at: Date): OcspStatus | undefined {
  let found: OcspStatus | undefined;
  for (const o of responses) {
    for (const s of o.responses) {
      if (s.serialHex !== cert.serialHex || s.hashAlg === 'unknown') continue;
      const nameHash = createHash(s.hashAlg).update(issuer.subjectRaw).digest();
      const keyHash = createHash(s.hashAlg).update(keyBits(issuer)).digest();
      if (!nameHash.equals(s.issuerNameHash) || !keyHash.equals(s.issuerKeyHash)) continue;
      if (!signedByIssuerOrDelegate(o, issuer)) continue;
      if (s.status === 'revoked') return { status: 'revoked', revokedAt: s.revokedAt };
      const fresh = s.thisUpdate.getTime() >= at.getTime() - 24 * 3600 * 1000 || !s.nextUpdate || s.nextUpdate >= at;
      if (s.status === 'good' && fresh) found = { status: 'good' };
    }
  }
  return found;
}

export { TAG };
