/**
 * Test PKI built with node:crypto and a tiny DER encoder: a CA, signer and TSA certificates, CRLs,
 * CAdES detached CMS signatures and RFC 3161 tokens. For tests and the fuzzer only.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign as cryptoSign } from 'node:crypto';
import { encInt, encOid, encTime, parseDer, tlv, TAG } from '../der';
import { OID } from '../oids';

export interface TestKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface TestCert extends TestKey {
  der: Buffer;
  pem: string;
  serial: number;
  subjectDer: Buffer;
}

const ECDSA_SHA256 = '1.2.840.10045.4.3.2';
const seq = (...c: Buffer[]): Buffer => tlv(TAG.SEQUENCE, ...c);
const set = (...c: Buffer[]): Buffer => tlv(TAG.SET, ...c);
const octets = (b: Buffer): Buffer => tlv(TAG.OCTET_STRING, b);
const utf8 = (s: string): Buffer => tlv(TAG.UTF8, Buffer.from(s, 'utf8'));
const ctx = (n: number, ...c: Buffer[]): Buffer => tlv(0xa0 + n, ...c);
const alg = (oid: string): Buffer => seq(encOid(oid));
const genTime = (d: Date): Buffer => {
  const iso = d.toISOString();
  return tlv(TAG.GENERALIZED_TIME, Buffer.from(`${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`, 'latin1'));
};

export function ecKey(): TestKey {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

/** A deterministic Ed25519 key from a label (Ed25519 signatures are deterministic too). */
export function keyFromSeed(label: string): TestKey {
  const seed = createHash('sha256').update(label).digest();
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

const ED25519 = '1.3.101.112';
/** Signature algorithm identifier and signing function for a private key (ECDSA-SHA256 or Ed25519). */
function algFor(key: KeyObject): string {
  return key.asymmetricKeyType === 'ed25519' ? ED25519 : ECDSA_SHA256;
}
function sign(_hash: 'sha256', data: Buffer, key: KeyObject): Buffer {
  return cryptoSign(key.asymmetricKeyType === 'ed25519' ? null : 'sha256', data, key);
}

export function name(parts: { cn: string; o?: string; title?: string }): Buffer {
  const rdn = (oid: string, v: string): Buffer => set(seq(encOid(oid), utf8(v)));
  return seq(
    rdn(OID.country, 'SE'),
    ...(parts.o ? [rdn(OID.organization, parts.o)] : []),
    ...(parts.title ? [rdn(OID.title, parts.title)] : []),
    rdn(OID.commonName, parts.cn),
  );
}

let serialCounter = 1000;

export interface CertOptions {
  subject: { cn: string; o?: string; title?: string };
  issuer?: TestCert;
  key?: TestKey;
  ca?: boolean;
  notBefore?: Date;
  notAfter?: Date;
  /** keyUsage bits byte (default: CA → keyCertSign|cRLSign, else digitalSignature|nonRepudiation). */
  keyUsage?: number;
  extKeyUsageTimestamping?: boolean;
  serial?: number;
}

export function makeCert(o: CertOptions): TestCert {
  const key = o.key ?? ecKey();
  const serial = o.serial ?? ++serialCounter;
  const subjectDer = name(o.subject);
  const issuerDer = o.issuer ? o.issuer.subjectDer : subjectDer;
  const spki = key.publicKey.export({ type: 'spki', format: 'der' });
  const ski = createHash('sha1').update(spki).digest();
  const ku = o.keyUsage ?? (o.ca ? 0x06 : 0xc0);
  const exts = [
    seq(encOid(OID.basicConstraints), tlv(TAG.BOOLEAN, Buffer.from([0xff])), octets(seq(...(o.ca ? [tlv(TAG.BOOLEAN, Buffer.from([0xff]))] : [])))),
    seq(encOid(OID.keyUsage), tlv(TAG.BOOLEAN, Buffer.from([0xff])), octets(tlv(TAG.BIT_STRING, Buffer.from([ku & 0x01 ? 0 : 1, ku])))),
    seq(encOid(OID.subjectKeyIdentifier), octets(octets(ski))),
  ];
  if (o.extKeyUsageTimestamping) exts.push(seq(encOid(OID.extKeyUsage), tlv(TAG.BOOLEAN, Buffer.from([0xff])), octets(seq(encOid('1.3.6.1.5.5.7.3.8')))));
  const signer = o.issuer ?? { privateKey: key.privateKey };
  const sigAlg = algFor(signer.privateKey);
  const tbs = seq(
    ctx(0, encInt(2)),
    encInt(serial),
    alg(sigAlg),
    issuerDer,
    seq(encTime(o.notBefore ?? new Date(Date.now() - 86400000)), encTime(o.notAfter ?? new Date(Date.now() + 365 * 86400000))),
    subjectDer,
    spki,
    tlv(0xa3, seq(...exts)),
  );
  const sig = sign('sha256', tbs, signer.privateKey);
  const der = seq(tbs, alg(sigAlg), tlv(TAG.BIT_STRING, Buffer.concat([Buffer.from([0]), sig])));
  const pem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;
  return { ...key, der, pem, serial, subjectDer };
}

export function makeCrl(issuer: TestCert, revoked: { serial: number; at: Date }[] = [], thisUpdate = new Date(), nextUpdate = new Date(Date.now() + 7 * 86400000)): Buffer {
  const entries = revoked.map((r) => seq(encInt(r.serial), encTime(r.at)));
  const tbs = seq(encInt(1), alg(algFor(issuer.privateKey)), issuer.subjectDer, encTime(thisUpdate), encTime(nextUpdate), ...(entries.length ? [seq(...entries)] : []));
  const sig = sign('sha256', tbs, issuer.privateKey);
  return seq(tbs, alg(algFor(issuer.privateKey)), tlv(TAG.BIT_STRING, Buffer.concat([Buffer.from([0]), sig])));
}

function attr(oid: string, ...values: Buffer[]): Buffer {
  return seq(encOid(oid), set(...values));
}

export interface CmsOptions {
  signer: TestCert;
  chain: TestCert[];
  /** SHA-256 of the signed bytes (the byte ranges). */
  digest: Buffer;
  crls?: Buffer[];
  /** Add a signing-time attribute (not PAdES). */
  signingTime?: Date;
  /** Omit signing-certificate-v2. */
  noSigningCertificate?: boolean;
  /** Put a signature-time-stamp-token made by this TSA in the unsigned attributes. */
  tsa?: { cert: TestCert; chain: TestCert[]; time: Date };
  /** Use this certificate's hash in signing-certificate-v2 instead of the signer's (to test the check). */
  signingCertificateOf?: TestCert;
}

function signerInfo(signer: TestCert, signedAttrs: Buffer[], unsigned: (sig: Buffer) => Buffer[] = () => []): Buffer {
  const attrsSet = set(...signedAttrs);
  const sig = sign('sha256', attrsSet, signer.privateKey);
  const implicit = Buffer.concat([Buffer.from([0xa0]), attrsSet.subarray(1)]);
  const u = unsigned(sig);
  return seq(encInt(1), seq(issuerOf(signer), encInt(signer.serial)), alg(OID.sha256), implicit, alg(algFor(signer.privateKey)), octets(sig), ...(u.length ? [tlv(0xa1, ...u)] : []));
}

/** The issuer name DER of a certificate (read back from its DER). */
function issuerOf(c: TestCert): Buffer {
  const tbs = parseDer(c.der).children[0]!;
  return Buffer.from(tbs.children[3]!.raw);
}

function signedData(eContentType: string, eContent: Buffer | undefined, certs: TestCert[], crls: Buffer[], si: Buffer): Buffer {
  const sd = seq(
    encInt(eContentType === OID.data ? 1 : 3),
    set(alg(OID.sha256)),
    seq(encOid(eContentType), ...(eContent ? [ctx(0, octets(eContent))] : [])),
    tlv(0xa0, ...certs.map((c) => c.der)),
    ...(crls.length ? [tlv(0xa1, ...crls)] : []),
    set(si),
  );
  return seq(encOid(OID.signedData), ctx(0, sd));
}

/** An RFC 3161 token over `data` (or over a given SHA-256 `imprint`). */
export function makeTimestampToken(tsa: { cert: TestCert; chain: TestCert[]; time: Date }, data: Buffer, imprintGiven?: Buffer): Buffer {
  const imprint = imprintGiven ?? createHash('sha256').update(data).digest();
  const tstInfo = seq(encInt(1), encOid('1.2.3.4.1'), seq(alg(OID.sha256), octets(imprint)), encInt(Math.floor(tsa.time.getTime() / 1000)), genTime(tsa.time));
  const attrs = [attr(OID.contentType, encOid(OID.tstInfo)), attr(OID.messageDigest, octets(createHash('sha256').update(tstInfo).digest()))];
  return signedData(OID.tstInfo, tstInfo, [tsa.cert, ...tsa.chain], [], signerInfo(tsa.cert, attrs));
}

/** A CAdES detached signature (PAdES baseline B-B attributes unless told otherwise). */
export function makeCms(o: CmsOptions): Buffer {
  const certHash = createHash('sha256').update((o.signingCertificateOf ?? o.signer).der).digest();
  const attrs = [attr(OID.contentType, encOid(OID.data)), attr(OID.messageDigest, octets(o.digest))];
  if (!o.noSigningCertificate) attrs.push(attr(OID.signingCertificateV2, seq(seq(seq(octets(certHash))))));
  if (o.signingTime) attrs.push(attr(OID.signingTime, encTime(o.signingTime)));
  const tsa = o.tsa;
  const si = signerInfo(o.signer, attrs, (sig) => (tsa ? [attr(OID.timeStampToken, makeTimestampToken(tsa, sig))] : []));
  return signedData(OID.data, undefined, [o.signer, ...o.chain], o.crls ?? [], si);
}

/** A ready test PKI: root CA, signer certificates for the three roles, a TSA and a CRL. */
export interface TestPki {
  root: TestCert;
  sekreterare: TestCert;
  ordforande: TestCert;
  justerare: TestCert;
  tsa: TestCert;
  crl: Buffer;
}

let cached: TestPki | undefined;
export function testPki(): TestPki {
  if (cached) return cached;
  const root = makeCert({ subject: { cn: 'Justera Test Root CA', o: 'Testkommunen' }, ca: true, notBefore: new Date('2020-01-01'), notAfter: new Date('2045-01-01') });
  const mk = (cn: string, title: string): TestCert => makeCert({ subject: { cn, o: 'Testkommunen', title }, issuer: root, notBefore: new Date('2024-01-01'), notAfter: new Date('2040-01-01') });
  cached = {
    root,
    sekreterare: mk('Anna Sekreterare', 'Sekreterare'),
    ordforande: mk('Bertil Ordförande', 'Ordförande'),
    justerare: mk('Cecilia Justerare', 'Justerare'),
    tsa: makeCert({ subject: { cn: 'Justera Test TSA', o: 'Testkommunen' }, issuer: root, extKeyUsageTimestamping: true, notBefore: new Date('2024-01-01'), notAfter: new Date('2040-01-01') }),
    crl: Buffer.alloc(0),
  };
  cached.crl = makeCrl(root, [], new Date(), new Date(Date.now() + 30 * 86400000));
  return cached;
}

/** A fully deterministic PKI (Ed25519 keys from fixed seeds, fixed dates) for the fuzzer and bench. */
export function deterministicPki(): TestPki {
  const root = makeCert({ subject: { cn: 'Justera Fuzz Root CA', o: 'Testkommunen' }, ca: true, key: keyFromSeed('root'), serial: 1, notBefore: new Date('2020-01-01'), notAfter: new Date('2045-01-01') });
  const mk = (cn: string, title: string, serial: number): TestCert =>
    makeCert({ subject: { cn, o: 'Testkommunen', title }, issuer: root, key: keyFromSeed(cn), serial, notBefore: new Date('2024-01-01'), notAfter: new Date('2040-01-01') });
  return {
    root,
    sekreterare: mk('Anna Sekreterare', 'Sekreterare', 2),
    ordforande: mk('Bertil Ordförande', 'Ordförande', 3),
    justerare: mk('Cecilia Justerare', 'Justerare', 4),
    tsa: makeCert({ subject: { cn: 'Justera Fuzz TSA', o: 'Testkommunen' }, issuer: root, key: keyFromSeed('tsa'), serial: 5, extKeyUsageTimestamping: true, notBefore: new Date('2024-01-01'), notAfter: new Date('2040-01-01') }),
    crl: makeCrl(root, [], new Date('2026-01-01'), new Date('2036-01-01')),
  };
}

/** An OCSP response (RFC 6960) from the issuer itself about `cert`. */
export function makeOcsp(issuer: TestCert, cert: TestCert, status: 'good' | 'revoked', thisUpdate: Date, revokedAt?: Date): Buffer {
  const spki = parseDer(issuer.publicKey.export({ type: 'spki', format: 'der' }));
  const keyBits = spki.children[1]!.value.subarray(1);
  const keyHash = createHash('sha1').update(keyBits).digest();
  const certId = seq(seq(encOid(OID.sha1), tlv(TAG.NULL)), octets(createHash('sha1').update(issuer.subjectDer).digest()), octets(keyHash), encInt(cert.serial));
  const st = status === 'good' ? tlv(0x80) : tlv(0xa1, genTime(revokedAt ?? thisUpdate));
  const single = seq(certId, st, genTime(thisUpdate), ctx(0, genTime(new Date(thisUpdate.getTime() + 7 * 86400000))));
  const tbs = seq(tlv(0xa2, octets(keyHash)), genTime(thisUpdate), seq(single));
  const sig = sign('sha256', tbs, issuer.privateKey);
  const basic = seq(tbs, alg(algFor(issuer.privateKey)), tlv(TAG.BIT_STRING, Buffer.concat([Buffer.from([0]), sig])));
  return seq(tlv(0x0a, Buffer.from([0])), ctx(0, seq(encOid('1.3.6.1.5.5.7.48.1.1'), octets(basic))));
}
