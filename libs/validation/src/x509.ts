import { X509Certificate, createHash, verify as cryptoVerify, constants, KeyObject } from 'node:crypto';
import { Der, DerError, TAG, intHex, isContext, oidOf, parseDer, stringOf, timeOf } from './der';
import { DIGEST_BY_OID, OID, SIG_ALG } from './oids';

export interface CertInfo {
  der: Buffer;
  x509: X509Certificate;
  serialHex: string;
  issuerRaw: Buffer;
  subjectRaw: Buffer;
  subject: NameParts;
  issuer: NameParts;
  ski?: Buffer;
  /** Undefined when the certificate has no keyUsage extension. */
  keyUsage?: { digitalSignature: boolean; nonRepudiation: boolean; keyCertSign: boolean; cRLSign: boolean };
  isCa: boolean;
  notBefore: Date;
  notAfter: Date;
  sha256: Buffer;
  /** The certificatePolicies extension: each policy's OID and its user notice's explicitText, if any. */
  policies?: { oid: string; notice?: string }[];
}

export interface NameParts {
  commonName?: string;
  organization?: string;
  organizationalUnit?: string;
  title?: string;
  givenName?: string;
  surname?: string;
  email?: string;
  country?: string;
  /** RFC 4514-like one-line form. */
  text: string;
}

const NAME_KEYS: Record<string, [keyof NameParts, string]> = {
  [OID.commonName]: ['commonName', 'CN'],
  [OID.organization]: ['organization', 'O'],
  [OID.organizationalUnit]: ['organizationalUnit', 'OU'],
  [OID.title]: ['title', 'T'],
  [OID.givenName]: ['givenName', 'GN'],
  [OID.surname]: ['surname', 'SN'],
  [OID.country]: ['country', 'C'],
  '1.2.840.113549.1.9.1': ['email', 'E'],
};

function str(d: Der): string {
  if (d.tag === 0x1e) {
    // BMPString
    let s = '';
    for (let i = 0; i + 1 < d.value.length; i += 2) s += String.fromCharCode((d.value[i]! << 8) | d.value[i + 1]!);
    return s;
  }
  return d.tag === TAG.UTF8 ? d.value.toString('utf8') : d.value.toString('latin1');
}

export function parseName(name: Der): NameParts {
  const out: NameParts = { text: '' };
  const texts: string[] = [];
  for (const rdn of name.children) {
    for (const atv of rdn.children) {
      const oid = oidOf(atv.children[0]);
      const val = atv.children[1] ? str(atv.children[1]) : '';
      const k = NAME_KEYS[oid];
      if (k) {
        if (out[k[0]] === undefined) (out as unknown as Record<string, string>)[k[0]] = val;
        texts.push(`${k[1]}=${val}`);
      } else texts.push(`${oid}=${val}`);
    }
  }
  out.text = texts.reverse().join(', ');
  return out;
}

export function parseCertificate(der: Uint8Array): CertInfo {
  const buf = Buffer.from(der);
  const root = parseDer(buf);
  const tbs = root.children[0];
  if (!tbs || tbs.tag !== TAG.SEQUENCE) throw new DerError('bad certificate');
  let i = 0;
  if (isContext(tbs.children[0], 0)) i++;
  const serial = tbs.children[i]!;
  const issuer = tbs.children[i + 2]!;
  const validity = tbs.children[i + 3]!;
  const subject = tbs.children[i + 4]!;
  const info: CertInfo = {
    der: buf,
    x509: new X509Certificate(buf),
    serialHex: intHex(serial),
    issuerRaw: issuer.raw,
    subjectRaw: subject.raw,
    subject: parseName(subject),
    issuer: parseName(issuer),
    isCa: false,
    notBefore: timeOf(validity.children[0]),
    notAfter: timeOf(validity.children[1]),
    sha256: createHash('sha256').update(buf).digest(),
  };
  const extsWrap = tbs.children.find((c) => isContext(c, 3));
  for (const ext of extsWrap?.children[0]?.children ?? []) {
    const oid = oidOf(ext.children[0]);
    const val = ext.children[ext.children.length - 1]!;
    if (val.tag !== TAG.OCTET_STRING) continue;
    const inner = parseDer(val.value);
    if (oid === OID.subjectKeyIdentifier) info.ski = inner.value;
    else if (oid === OID.keyUsage && inner.tag === TAG.BIT_STRING) {
      const b0 = inner.value[1] ?? 0;
      info.keyUsage = { digitalSignature: !!(b0 & 0x80), nonRepudiation: !!(b0 & 0x40), keyCertSign: !!(b0 & 0x04), cRLSign: !!(b0 & 0x02) };
    } else if (oid === OID.basicConstraints) {
      info.isCa = inner.children[0]?.tag === TAG.BOOLEAN && inner.children[0].value[0] !== 0;
    } else if (oid === OID.certificatePolicies) {
      info.policies = policiesOf(inner);
    }
  }
  return info;
}

/**
 * certificatePolicies (RFC 5280 4.2.1.4): SEQUENCE OF PolicyInformation { policyIdentifier,
 * policyQualifiers SEQUENCE OF { id, qualifier } }; a userNotice qualifier's explicitText is kept.
 * Unreadable parts are skipped, never fatal (a malformed extension only loses what it would state).
 */
function policiesOf(inner: Der): { oid: string; notice?: string }[] {
  const out: { oid: string; notice?: string }[] = [];
  for (const pi of inner.children) {
    try {
      const policy: { oid: string; notice?: string } = { oid: oidOf(pi.children[0]) };
      for (const q of pi.children[1]?.children ?? []) {
        if (oidOf(q.children[0]) !== OID.userNotice) continue;
        const text = (q.children[1]?.children ?? []).find((c) => c.tag !== TAG.SEQUENCE);
        const notice = stringOf(text);
        if (notice !== undefined) policy.notice = notice;
      }
      out.push(policy);
    } catch {
      /* skipped: see above */
    }
  }
  return out;
}

export function certFromPem(pem: string): CertInfo[] {
  const out: CertInfo[] = [];
  const re = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(pem))) out.push(parseCertificate(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')));
  return out;
}

/** Verifies a signature by algorithm OID (+ params) and, for plain rsaEncryption/ecPublicKey, a digest name. */
export function verifyWith(algOid: string, params: Der | undefined, digest: string | undefined, data: Buffer, key: KeyObject, sig: Buffer): boolean {
  const alg = SIG_ALG[algOid];
  if (!alg) throw new Error(`unsupported signature algorithm ${algOid}`);
  try {
    if (alg.kind === 'ed25519') return cryptoVerify(null, data, key, sig);
    if (alg.kind === 'pss') {
      let hash = 'sha1';
      let salt = 20;
      for (const c of params?.children ?? []) {
        if (isContext(c, 0)) hash = DIGEST_BY_OID[oidOf(c.children[0]?.children[0])] ?? hash;
        if (isContext(c, 2)) salt = Number(BigInt(`0x${intHex(c.children[0])}`));
      }
      return cryptoVerify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: salt }, sig);
    }
    const h = alg.hash ?? digest;
    if (!h) throw new Error('no digest for signature algorithm');
    return cryptoVerify(h, data, key, sig);
  } catch (e) {
    if (e instanceof Error && /unsupported/.test(e.message)) throw e;
    return false;
  }
}

/** True when `issuer` issued `cert` (names match and the signature verifies). */
export function issued(issuer: CertInfo, cert: CertInfo): boolean {
  if (!issuer.subjectRaw.equals(cert.issuerRaw)) return false;
  try {
    return cert.x509.verify(issuer.x509.publicKey);
  } catch {
    return false;
  }
}

export interface ChainResult {
  path: CertInfo[];
  trusted: boolean;
  problems: string[];
  /** Certificates in the path not valid at the reference time. */
  expiredAt: CertInfo[];
}

/** Builds a path from `leaf` to one of `anchors` through `pool`, and checks validity at `at`. */
export function buildChain(leaf: CertInfo, pool: CertInfo[], anchors: CertInfo[], at: Date): ChainResult {
  const path: CertInfo[] = [leaf];
  const problems: string[] = [];
  let trusted = false;
  let cur = leaf;
  for (let depth = 0; depth < 12; depth++) {
    if (anchors.some((a) => a.der.equals(cur.der))) {
      trusted = true;
      break;
    }
    const anchor = anchors.find((a) => issued(a, cur));
    if (anchor) {
      path.push(anchor);
      trusted = true;
      break;
    }
    const next = pool.find((c) => !path.includes(c) && issued(c, cur));
    if (!next) {
      problems.push(issued(cur, cur) ? 'self-signed root is not a trust anchor' : 'issuer certificate not found');
      break;
    }
    path.push(next);
    cur = next;
  }
  for (const c of path.slice(1)) if (!c.isCa && !anchors.includes(c)) problems.push(`${c.subject.text} is not a CA certificate`);
  const expiredAt = path.filter((c) => at < c.notBefore || at > c.notAfter);
  return { path, trusted, problems, expiredAt };
}
