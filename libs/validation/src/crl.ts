import { Der, TAG, intHex, isContext, oidOf, parseDer, timeOf } from './der';
import { CertInfo, issued, verifyWith } from './x509';

export interface ParsedCrl {
  der: Buffer;
  issuerRaw: Buffer;
  thisUpdate: Date;
  nextUpdate?: Date;
  revoked: Map<string, Date>;
  tbs: Der;
  sigAlg: Der;
  signature: Buffer;
}

export function parseCrl(der: Uint8Array): ParsedCrl {
  const root = parseDer(der);
  const tbs = root.children[0]!;
  let i = 0;
  if (tbs.children[0]?.tag === TAG.INTEGER) i++;
  const issuer = tbs.children[i + 1]!;
  const thisUpdate = timeOf(tbs.children[i + 2]);
  let j = i + 3;
  let nextUpdate: Date | undefined;
  const nu = tbs.children[j];
  if (nu && (nu.tag === TAG.UTC_TIME || nu.tag === TAG.GENERALIZED_TIME)) {
    nextUpdate = timeOf(nu);
    j++;
  }
  const revoked = new Map<string, Date>();
  const list = tbs.children[j];
  if (list && list.tag === TAG.SEQUENCE && !isContext(list, 0)) {
    for (const e of list.children) revoked.set(intHex(e.children[0]), timeOf(e.children[1]));
  }
  const sigBits = root.children[2]!;
  return { der: Buffer.from(der), issuerRaw: issuer.raw, thisUpdate, nextUpdate, revoked, tbs, sigAlg: root.children[1]!, signature: sigBits.value.subarray(1) };
}

/** True when the CRL is signed by `issuer`. */
export function crlSignedBy(crl: ParsedCrl, issuer: CertInfo): boolean {
  if (!crl.issuerRaw.equals(issuer.subjectRaw)) return false;
  try {
    return verifyWith(oidOf(crl.sigAlg.children[0]), crl.sigAlg.children[1], undefined, crl.tbs.raw, issuer.x509.publicKey, crl.signature);
  } catch {
    return false;
  }
}

export type RevocationStatus = 'good' | 'revoked' | 'unknown';

export interface RevocationResult {
  status: RevocationStatus;
  revokedAt?: Date;
  source?: string;
  note?: string;
}

/** Status of `cert` (issued by `issuer`) from the CRLs, at time `at`. */
export function revocationFromCrls(cert: CertInfo, issuer: CertInfo | undefined, crls: ParsedCrl[], at: Date): RevocationResult {
  if (!issuer) return { status: 'unknown', note: 'issuer unknown' };
  if (issued(cert, cert) && cert.der.equals(issuer.der)) return { status: 'good', note: 'trust anchor' };
  const mine = crls.filter((c) => crlSignedBy(c, issuer));
  if (!mine.length) return { status: 'unknown', note: 'no CRL from the issuer' };
  for (const c of mine) {
    const at2 = c.revoked.get(cert.serialHex);
    if (at2) return { status: 'revoked', revokedAt: at2, source: 'CRL' };
  }
  // `at` is the best signature time (a time-stamp's time, else the validation time). A CRL speaks for
  // that time when it was issued after it (within a day's grace) or was still current then.
  const fresh = mine.filter((c) => c.thisUpdate.getTime() >= at.getTime() - 24 * 3600 * 1000 || !c.nextUpdate || c.nextUpdate >= at);
  if (!fresh.length) {
    const newest = mine.reduce((a, b) => (b.thisUpdate > a.thisUpdate ? b : a));
    return { status: 'unknown', note: `the newest CRL (issued ${newest.thisUpdate.toISOString()}, next update ${newest.nextUpdate?.toISOString() ?? 'none'}) does not cover ${at.toISOString()}, the time the certificate is checked at` };
  }
  return { status: 'good', source: 'CRL' };
}

export function oidOfSafe(d: Der | undefined): string | undefined {
  try {
    return oidOf(d);
  } catch {
    return undefined;
  }
}
