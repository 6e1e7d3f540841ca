import { createHash } from 'node:crypto';
import { Der, DerError, TAG, intHex, isContext, oidOf, parseDer, smallInt, timeOf } from './der';
import { DIGEST_BY_OID, OID } from './oids';
import { CertInfo, buildChain, parseCertificate, verifyWith } from './x509';

export interface SignerInfo {
  sid: { issuerRaw?: Buffer; serialHex?: string; ski?: Buffer };
  digestOid: string;
  digest?: string;
  /** The [0] IMPLICIT signed attributes node, if present. */
  signedAttrs?: Der;
  attrs: Map<string, Der[]>;
  /** Attribute type OIDs that occur more than once. */
  duplicateAttrs: string[];
  sigAlgOid: string;
  sigAlgParams?: Der;
  signature: Buffer;
  unsignedAttrs: Map<string, Der[]>;
}

export interface ParsedCms {
  eContentType: string;
  eContent?: Buffer;
  certificates: CertInfo[];
  crls: Buffer[];
  /** OCSP responses carried as RevocationInfoChoice other (id-ri-ocsp-response). */
  ocsps: Buffer[];
  signers: SignerInfo[];
  problems: string[];
}

function attrMap(node: Der | undefined, dups?: string[]): Map<string, Der[]> {
  const m = new Map<string, Der[]>();
  for (const a of node?.children ?? []) {
    const oid = oidOf(a.children[0]);
    if (m.has(oid)) dups?.push(oid);
    m.set(oid, a.children[1]?.children ?? []);
  }
  return m;
}

/** Parses a CMS ContentInfo holding SignedData. Throws DerError on structure errors. */
export function parseCms(der: Uint8Array): ParsedCms {
  const ci = parseDer(der);
  if (ci.tag !== TAG.SEQUENCE || oidOf(ci.children[0]) !== OID.signedData) throw new DerError('not a CMS SignedData');
  const sd = ci.children[1]?.children[0];
  if (!sd || sd.tag !== TAG.SEQUENCE) throw new DerError('SignedData missing');
  const problems: string[] = [];
  const encap = sd.children[2]!;
  const eContentType = oidOf(encap.children[0]);
  let eContent: Buffer | undefined;
  const ec = encap.children[1];
  if (isContext(ec, 0)) {
    const os = ec.children[0];
    if (os && os.tag === TAG.OCTET_STRING) eContent = os.value;
    else if (os && os.tag === 0x24) eContent = Buffer.concat(os.children.map((c) => c.value)); // constructed BER
  }
  const certificates: CertInfo[] = [];
  const crls: Buffer[] = [];
  const ocsps: Buffer[] = [];
  let k = 3;
  for (; k < sd.children.length; k++) {
    const c = sd.children[k]!;
    if (isContext(c, 0)) {
      for (const cert of c.children) {
        if (cert.tag !== TAG.SEQUENCE) continue; // attribute certificates and others ignored
        try {
          certificates.push(parseCertificate(cert.raw));
        } catch (e) {
          problems.push(`an embedded certificate cannot be parsed (${(e as Error).message})`);
        }
      }
    } else if (isContext(c, 1)) {
      for (const crl of c.children) {
        if (crl.tag === TAG.SEQUENCE) crls.push(Buffer.from(crl.raw));
        else if (isContext(crl, 1) && crl.children[0] && oidOf(crl.children[0]) === '1.3.6.1.5.5.7.16.2' && crl.children[1]) ocsps.push(Buffer.from(crl.children[1].raw));
      }
    } else break;
  }
  const infos = sd.children[k];
  if (!infos || infos.tag !== TAG.SET) throw new DerError('SignerInfos missing');
  const signers: SignerInfo[] = infos.children.map((si) => {
    let i = 1;
    const sidNode = si.children[i++]!;
    const sid: SignerInfo['sid'] = {};
    if (sidNode.tag === TAG.SEQUENCE) {
      sid.issuerRaw = sidNode.children[0]!.raw;
      sid.serialHex = intHex(sidNode.children[1]);
    } else if (isContext(sidNode, 0)) sid.ski = sidNode.value;
    const digestOid = oidOf(si.children[i++]!.children[0]);
    let signedAttrs: Der | undefined;
    if (isContext(si.children[i], 0)) signedAttrs = si.children[i++];
    const sigAlg = si.children[i++]!;
    const signature = si.children[i++]!;
    if (signature.tag !== TAG.OCTET_STRING) throw new DerError('signature value missing');
    const unsigned = isContext(si.children[i], 1) ? si.children[i] : undefined;
    const duplicateAttrs: string[] = [];
    return {
      sid,
      digestOid,
      digest: DIGEST_BY_OID[digestOid],
      signedAttrs,
      attrs: attrMap(signedAttrs, duplicateAttrs),
      duplicateAttrs,
      sigAlgOid: oidOf(sigAlg.children[0]),
      sigAlgParams: sigAlg.children[1],
      signature: signature.value,
      unsignedAttrs: attrMap(unsigned),
    };
  });
  return { eContentType, eContent, certificates, crls, ocsps, signers, problems };
}

/** The signer's certificate among `certs` by the SignerInfo's sid. */
export function findSignerCert(si: SignerInfo, certs: CertInfo[]): CertInfo | undefined {
  if (si.sid.ski) return certs.find((c) => c.ski?.equals(si.sid.ski!));
  return certs.find((c) => c.serialHex === si.sid.serialHex && c.issuerRaw.equals(si.sid.issuerRaw!));
}

/** The bytes the signature is computed over: DER of the signed attributes with the SET tag. */
export function signedAttrsBytes(si: SignerInfo): Buffer | undefined {
  if (!si.signedAttrs) return undefined;
  const b = Buffer.from(si.signedAttrs.raw);
  b[0] = TAG.SET;
  return b;
}

export function verifySignerSignature(si: SignerInfo, cert: CertInfo, content: Buffer | undefined): boolean {
  const data = signedAttrsBytes(si) ?? content;
  if (!data) return false;
  return verifyWith(si.sigAlgOid, si.sigAlgParams, si.digest, data, cert.x509.publicKey, si.signature);
}

export interface SigningCertCheck {
  present: 'v2' | 'v1' | 'none';
  matches: boolean;
}

/** Checks the ESS signing-certificate(-v2) attribute against the signer certificate. */
export function checkSigningCertificate(si: SignerInfo, cert: CertInfo): SigningCertCheck {
  const v2 = si.attrs.get(OID.signingCertificateV2)?.[0];
  if (v2) {
    const first = v2.children[0]?.children[0];
    if (!first) return { present: 'v2', matches: false };
    let alg = 'sha256';
    let hashNode = first.children[0]!;
    if (hashNode.tag === TAG.SEQUENCE) {
      alg = DIGEST_BY_OID[oidOf(hashNode.children[0])] ?? 'unknown';
      hashNode = first.children[1]!;
    }
    if (alg === 'unknown') return { present: 'v2', matches: false };
    const h = createHash(alg).update(cert.der).digest();
    return { present: 'v2', matches: h.equals(hashNode.value) };
  }
  const v1 = si.attrs.get(OID.signingCertificate)?.[0];
  if (v1) {
    const first = v1.children[0]?.children[0];
    const h = createHash('sha1').update(cert.der).digest();
    return { present: 'v1', matches: !!first && h.equals(first.children[0]!.value) };
  }
  return { present: 'none', matches: false };
}

export interface TimestampResult {
  time?: Date;
  /** The message imprint equals the hash of the given data. */
  imprintOk: boolean;
  /** The token's own CMS signature verifies. */
  signatureOk: boolean;
  /** The TSA certificate chains to a trust anchor. */
  trusted: boolean;
  tsaName?: string;
  /** The earliest notAfter in the TSA's path (unit, issuing CA, …): after it the token proves nothing by itself. */
  chainNotAfter?: Date;
  /** The hash algorithm of the imprint (e.g. "sha256"). */
  imprintAlgorithm?: string;
  problems: string[];
}

/** Verifies an RFC 3161 timestamp token over `data` (a signature value or document byte ranges). */
export function verifyTimestampToken(token: Uint8Array, data: Buffer[] | Buffer, anchors: CertInfo[], extraCerts: CertInfo[] = []): TimestampResult {
  const res: TimestampResult = { imprintOk: false, signatureOk: false, trusted: false, problems: [] };
  try {
    const cms = parseCms(token);
    if (cms.eContentType !== OID.tstInfo || !cms.eContent) {
      res.problems.push('the timestamp token holds no TSTInfo');
      return res;
    }
    const tst = parseDer(cms.eContent);
    const mi = tst.children[2]!;
    const alg = DIGEST_BY_OID[oidOf(mi.children[0]!.children[0])];
    res.imprintAlgorithm = alg;
    res.time = timeOf(tst.children[4]);
    if (!alg) res.problems.push('unsupported timestamp hash');
    else {
      const h = createHash(alg);
      for (const d of Array.isArray(data) ? data : [data]) h.update(d);
      res.imprintOk = h.digest().equals(mi.children[1]!.value);
      if (!res.imprintOk) res.problems.push('the timestamp does not match the data');
    }
    const si = cms.signers[0];
    const cert = si ? findSignerCert(si, [...cms.certificates, ...extraCerts]) : undefined;
    if (!si || !cert) {
      res.problems.push('the timestamp authority certificate is missing');
      return res;
    }
    res.tsaName = cert.subject.commonName ?? cert.subject.text;
    const md = si.attrs.get(OID.messageDigest)?.[0];
    const mdOk = !si.signedAttrs || (!!md && !!si.digest && createHash(si.digest).update(cms.eContent).digest().equals(md.value));
    res.signatureOk = mdOk && verifySignerSignature(si, cert, cms.eContent);
    if (!res.signatureOk) res.problems.push('the timestamp signature does not verify');
    const chain = buildChain(cert, [...cms.certificates, ...extraCerts], anchors, res.time ?? new Date());
    res.trusted = chain.trusted && chain.expiredAt.length === 0;
    res.chainNotAfter = new Date(Math.min(...chain.path.map((c) => c.notAfter.getTime())));
  } catch (e) {
    res.problems.push(`the timestamp token cannot be read (${(e as Error).message})`);
  }
  return res;
}

export { smallInt };
