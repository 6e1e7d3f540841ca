/**
 * Certificates: a development CA (root + issuing CA), short-lived signer certificates, the
 * organisation seal certificate, and loading a production CA from PKCS#12.
 *
 * Key pairs come from node:crypto (fast, native); certificate bodies are built with node-forge's
 * x509 helpers and signed with node:crypto, so forge's slow JavaScript RSA is never used. Only RSA
 * keys are supported for certificates (forge cannot put EC public keys into a certificate).
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  KeyObject,
  randomBytes,
  sign,
  X509Certificate,
} from 'node:crypto';
import forge from 'node-forge';
import { asn1, bigOid, certificateParts, fromBinary, fromDer, OID, oid, seq, toBinary, toDer } from './der';

/** A certificate (DER) with its private key. */
export interface CertifiedKey {
  certificate: Buffer;
  privateKey: KeyObject;
}

/** What signs a PDF: the end-entity certificate and key, and the chain up to the root (issuing CA first). */
export interface Signer extends CertifiedKey {
  chain: Buffer[];
}

export interface CertificateAuthority {
  organisation: string;
  /** The trust anchor. Its private key is only present for a development CA. */
  root: { certificate: Buffer; privateKey?: KeyObject };
  /** The CA that issues signer and seal certificates and signs the CRL. */
  issuing: CertifiedKey;
  /** CRL distribution point URL written into certificates the issuing CA issues (optional). */
  crlUrl?: string;
  /** The organisation seal, when one has been issued and stored with the CA. */
  seal?: Signer;
}

export interface DevelopmentCaOptions {
  organisation: string;
  now: Date;
  /**
   * CRL distribution point of the issuing CA, e.g. https://justera.example.se/pki/issuing.crl.
   * Strongly recommended: NSS (pdfsig) reports "Unknown issue with Certificate" for signer
   * certificates that name no revocation source.
   */
  crlUrl?: string;
  /** CRL distribution point of the root (the CRL that can revoke the issuing CA), written into the issuing CA certificate. */
  rootCrlUrl?: string;
  /** Root validity in years (default 20) and issuing CA validity in years (default 10). */
  rootYears?: number;
  issuingYears?: number;
  /** RSA modulus length of the two CA keys (default 3072). */
  keyBits?: number;
}

export interface SignerCertificateOptions {
  /** Full name of the person: the certificate's CN. */
  name: string;
  /** Role in the justering, e.g. "Ordförande": the certificate's title attribute. */
  role: string;
  organisation: string;
  email?: string;
  now: Date;
  /** Validity in milliseconds (default one day). */
  validity?: number;
  /** @deprecated alias of `validity`. */
  validityMs?: number;
  /** RSA modulus length of the fresh key pair (default 2048). */
  keyBits?: number;
  /** A fresh RSA key made for this one certificate (e.g. from an {@link RsaKeyPool}); default: generated here. */
  key?: KeyObject;
  /**
   * How the holder was identified before this certificate was issued: written as a certificate policy
   * (`IDENTIFICATION_POLICY`, non-critical) whose user notice is `statement`, the appearance's line
   * ("Identifierad med e-legitimation (<provider>)"). The validator reads it (docs/validation.md,
   * "Identity level"). Absent: no policy (a seal, a test certificate).
   */
  identification?: { level: 'e-postlank' | 'e-legitimation'; statement: string };
}

/**
 * Justera's certificate policies for one-use signer certificates: how the organisation's Justera
 * identified the holder. OIDs under the 2.25 (UUID) arc, which need no registration. libs/validation
 * keeps its own copy of these numbers on purpose (it shares no code with the signer); the
 * pades-interop spec checks that the two agree.
 */
export const IDENTIFICATION_POLICY = {
  /** Identified by the personal link mailed to the undertecknare's address. */
  'e-postlank': '2.25.265622701600413670389012738075543132099',
  /** Identified by an e-legitimation (OpenID Connect) after the mailed link; the CN is the verified name. */
  'e-legitimation': '2.25.195822665963538015388094517883806831021',
} as const;

/** DisplayText is at most 200 characters (RFC 5280 4.2.1.4). */
const MAX_NOTICE = 200;

/** certificatePolicies with one policy and a user notice (explicitText as UTF8String, RFC 5280 4.2.1.4). */
function identificationPolicy(i: { level: 'e-postlank' | 'e-legitimation'; statement: string }): object {
  if (!i.statement || [...i.statement].length > MAX_NOTICE) throw new Error(`identification statement must be 1..${MAX_NOTICE} characters`);
  const text = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTF8, false, forge.util.encodeUtf8(i.statement));
  const value = seq(seq(bigOid(IDENTIFICATION_POLICY[i.level]), seq(seq(oid(OID.userNotice), seq(text)))));
  return { id: OID.certificatePolicies, critical: false, value: toBinary(toDer(value)) };
}

const DAY = 24 * 3600 * 1000;

export function generateRsaKey(bits: number): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: bits }).privateKey;
}

function forgePublicKey(key: KeyObject): forge.pki.PublicKey {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  if (pub.asymmetricKeyType !== 'rsa') throw new Error('only RSA keys can be certified');
  return forge.pki.publicKeyFromPem(pub.export({ type: 'spki', format: 'pem' }).toString());
}

/** A random positive serial number of 16 bytes (RFC 5280: at most 20 octets, unpredictable). */
export function randomSerialHex(): string {
  const b = randomBytes(16);
  b[0] = (b[0] & 0x7f) | 0x01;
  return b.toString('hex');
}

export function parseCertificate(der: Uint8Array): forge.pki.Certificate {
  return forge.pki.certificateFromAsn1(asn1.fromDer(toBinary(der)));
}

export function certificateToPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

export function certificateFromPem(pem: string): Buffer {
  const m = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem);
  if (!m) throw new Error('no certificate in PEM');
  return Buffer.from(m[1].replace(/\s+/g, ''), 'base64');
}

/** The subjectKeyIdentifier of a certificate as raw bytes (binary string), computed when absent. */
function subjectKeyId(cert: forge.pki.Certificate): string {
  const ext = cert.getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier?: string } | null;
  if (ext?.subjectKeyIdentifier) return forge.util.hexToBytes(ext.subjectKeyIdentifier);
  return cert.generateSubjectKeyIdentifier().getBytes();
}

type Attr = { type: string; value: string; valueTagClass: number };
function utf8Attr(type: string, value: string): Attr {
  return { type, value, valueTagClass: forge.asn1.Type.UTF8 };
}

interface BuildOptions {
  subject: Attr[];
  publicKey: KeyObject;
  issuer: { certificate: forge.pki.Certificate; privateKey: KeyObject } | 'self';
  selfKey?: KeyObject;
  notBefore: Date;
  notAfter: Date;
  extensions: object[];
}

function buildCertificate(o: BuildOptions): Buffer {
  const cert = forge.pki.createCertificate();
  cert.serialNumber = randomSerialHex();
  cert.validity.notBefore = o.notBefore;
  cert.validity.notAfter = o.notAfter;
  cert.publicKey = forgePublicKey(o.publicKey);
  cert.setSubject(o.subject as never);
  let signingKey: KeyObject;
  let aki: string;
  if (o.issuer === 'self') {
    cert.setIssuer(o.subject as never);
    signingKey = o.selfKey!;
    aki = cert.generateSubjectKeyIdentifier().getBytes();
  } else {
    cert.setIssuer(o.issuer.certificate.subject.attributes);
    signingKey = o.issuer.privateKey;
    aki = subjectKeyId(o.issuer.certificate);
  }
  cert.setExtensions([
    ...o.extensions,
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: aki },
  ]);
  const sigOid = signingKey.asymmetricKeyType === 'rsa' ? OID.sha256WithRSAEncryption : OID.ecdsaWithSHA256;
  cert.signatureOid = sigOid;
  (cert as unknown as { siginfo: { algorithmOid: string } }).siginfo.algorithmOid = sigOid;
  const tbs = (forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 }).getTBSCertificate(cert);
  if (o.issuer !== 'self') {
    // The issuer name byte for byte as the issuer's own subject: forge re-encodes parsed attributes, and a
    // UTF8String value (already UTF-8 bytes) would be encoded twice ("HÃ¤lsingerÃ¥det"), so that no
    // path builder finds the issuer of a certificate from a CA whose name has å, ä or ö.
    const issuerDer = toDer(forge.pki.certificateToAsn1(o.issuer.certificate));
    const fields = tbs.value as forge.asn1.Asn1[];
    const at = fields[0].tagClass === asn1.Class.CONTEXT_SPECIFIC && fields[0].type === 0 ? 3 : 2;
    fields[at] = fromDer(toDer(certificateParts(issuerDer).subject));
  }
  (cert as unknown as { tbsCertificate: forge.asn1.Asn1 }).tbsCertificate = tbs;
  const tbsDer = fromBinary(asn1.toDer(tbs).getBytes());
  cert.signature = toBinary(sign('sha256', tbsDer, signingKey));
  return toDer(forge.pki.certificateToAsn1(cert));
}

function crlDp(url?: string): object[] {
  return url ? [{ name: 'cRLDistributionPoints', altNames: [{ type: 6, value: url }] }] : [];
}

/** A root CA and an issuing CA for development and tests. Never use it for real protocols. */
export function createDevelopmentCa(opts: DevelopmentCaOptions): CertificateAuthority {
  const bits = opts.keyBits ?? 3072;
  const notBefore = new Date(opts.now.getTime() - 3600 * 1000);
  const rootKey = generateRsaKey(bits);
  const rootSubject = [
    utf8Attr('2.5.4.3', `${opts.organisation} Justera Root CA (utveckling)`),
    utf8Attr('2.5.4.10', opts.organisation),
    { type: '2.5.4.6', value: 'SE', valueTagClass: forge.asn1.Type.PRINTABLESTRING },
  ];
  const rootDer = buildCertificate({
    subject: rootSubject,
    publicKey: rootKey,
    issuer: 'self',
    selfKey: rootKey,
    notBefore,
    notAfter: new Date(opts.now.getTime() + (opts.rootYears ?? 20) * 365 * DAY),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const issuingKey = generateRsaKey(bits);
  const issuingDer = buildCertificate({
    subject: [
      utf8Attr('2.5.4.3', `${opts.organisation} Justera Issuing CA (utveckling)`),
      utf8Attr('2.5.4.10', opts.organisation),
      { type: '2.5.4.6', value: 'SE', valueTagClass: forge.asn1.Type.PRINTABLESTRING },
    ],
    publicKey: issuingKey,
    issuer: { certificate: parseCertificate(rootDer), privateKey: rootKey },
    notBefore,
    notAfter: new Date(opts.now.getTime() + (opts.issuingYears ?? 10) * 365 * DAY),
    extensions: [
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      ...crlDp(opts.rootCrlUrl),
    ],
  });
  return {
    organisation: opts.organisation,
    root: { certificate: rootDer, privateKey: rootKey },
    issuing: { certificate: issuingDer, privateKey: issuingKey },
    crlUrl: opts.crlUrl,
  };
}

/** The chain a signer's CMS carries: issuing CA, then root. */
export function caChain(ca: CertificateAuthority): Buffer[] {
  return [ca.issuing.certificate, ca.root.certificate];
}

/**
 * A certificate for one person and one signature: CN = name, title = role, O = organisation,
 * keyUsage digitalSignature + nonRepudiation, short validity, a fresh key pair that the caller
 * uses once and then drops.
 */
export function issueSignerCertificate(ca: CertificateAuthority, o: SignerCertificateOptions): Signer {
  const key = o.key ?? generateRsaKey(o.keyBits ?? 2048);
  const subject = [
    utf8Attr('2.5.4.3', o.name),
    utf8Attr(OID.title, o.role),
    utf8Attr('2.5.4.10', o.organisation),
    { type: '2.5.4.6', value: 'SE', valueTagClass: forge.asn1.Type.PRINTABLESTRING },
  ];
  const extensions: object[] = [
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    // Document signing (Microsoft's id-kp-documentSigning, accepted by Adobe) and e-mail protection.
    { name: 'extKeyUsage', [OID.documentSigning]: true, emailProtection: true },
    ...crlDp(ca.crlUrl),
  ];
  if (o.email) extensions.push({ name: 'subjectAltName', altNames: [{ type: 1, value: o.email }] });
  if (o.identification) extensions.push(identificationPolicy(o.identification));
  const der = buildCertificate({
    subject,
    publicKey: key,
    issuer: { certificate: parseCertificate(ca.issuing.certificate), privateKey: ca.issuing.privateKey },
    notBefore: new Date(o.now.getTime() - 5 * 60 * 1000),
    notAfter: new Date(o.now.getTime() + (o.validity ?? o.validityMs ?? DAY)),
    extensions,
  });
  return { certificate: der, privateKey: key, chain: caChain(ca) };
}

/** The organisation's long-lived seal certificate (an electronic seal of the organisation, not a person). */
export function issueSealCertificate(
  ca: CertificateAuthority,
  o: { organisation: string; now: Date; years?: number; keyBits?: number },
): Signer {
  const key = generateRsaKey(o.keyBits ?? 3072);
  const der = buildCertificate({
    subject: [
      utf8Attr('2.5.4.3', `${o.organisation} elektronisk stämpel`),
      utf8Attr('2.5.4.10', o.organisation),
      { type: '2.5.4.6', value: 'SE', valueTagClass: forge.asn1.Type.PRINTABLESTRING },
    ],
    publicKey: key,
    issuer: { certificate: parseCertificate(ca.issuing.certificate), privateKey: ca.issuing.privateKey },
    notBefore: new Date(o.now.getTime() - 3600 * 1000),
    notAfter: new Date(o.now.getTime() + (o.years ?? 3) * 365 * DAY),
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
      // emailProtection too: NSS (pdfsig, Firefox-family validators) checks signer certificates for
      // the e-mail signer usage when an extKeyUsage is present.
      { name: 'extKeyUsage', [OID.documentSigning]: true, emailProtection: true },
      ...crlDp(ca.crlUrl),
    ],
  });
  return { certificate: der, privateKey: key, chain: caChain(ca) };
}

/**
 * A time-stamping unit's certificate (extendedKeyUsage timeStamping, critical; RFC 3161 2.3): for the
 * installation's own TSU and for tests. Valid `years` (default 5), never beyond its issuer. With
 * `byRoot` (and the root key at hand: a development CA) the root issues it, so that it can outlive
 * the issuing CA: a time-stamp proves nothing once its unit's chain has expired.
 */
export function issueTsaCertificate(
  ca: CertificateAuthority,
  o: { name: string; now: Date; years?: number; validityMs?: number; keyBits?: number; byRoot?: boolean },
): Signer {
  const rootKey = o.byRoot ? ca.root.privateKey : undefined;
  const issuer = parseCertificate(rootKey ? ca.root.certificate : ca.issuing.certificate);
  const key = generateRsaKey(o.keyBits ?? 2048);
  const der = buildCertificate({
    subject: [utf8Attr('2.5.4.3', o.name), utf8Attr('2.5.4.10', ca.organisation), { type: '2.5.4.6', value: 'SE', valueTagClass: forge.asn1.Type.PRINTABLESTRING }],
    publicKey: key,
    issuer: { certificate: issuer, privateKey: rootKey ?? ca.issuing.privateKey },
    notBefore: new Date(o.now.getTime() - 3600 * 1000),
    notAfter: tsaCertificateNotAfter(ca, o),
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
      { name: 'extKeyUsage', timeStamping: true, critical: true },
      ...crlDp(rootKey ? rootCrlUrlOf(ca) : ca.crlUrl),
    ],
  });
  return { certificate: der, privateKey: key, chain: rootKey ? [ca.root.certificate] : caChain(ca) };
}

/**
 * The notAfter {@link issueTsaCertificate} would write with these options: the wanted validity, cut at
 * the issuer's own notAfter. Known before a key is made, so a caller can tell whether a new unit would
 * outlive the one it has.
 */
export function tsaCertificateNotAfter(ca: CertificateAuthority, o: { now: Date; years?: number; validityMs?: number; byRoot?: boolean }): Date {
  const issuer = o.byRoot && ca.root.privateKey ? ca.root.certificate : ca.issuing.certificate;
  const wanted = o.now.getTime() + (o.validityMs ?? (o.years ?? 5) * 365 * DAY);
  return new Date(Math.min(wanted, parseCertificate(issuer).validity.notAfter.getTime()));
}

/** The root's CRL distribution point, as written into the issuing CA certificate. */
function rootCrlUrlOf(ca: CertificateAuthority): string | undefined {
  const ext = parseCertificate(ca.issuing.certificate).getExtension('cRLDistributionPoints') as { altNames?: { value: string }[] } | null;
  return ext?.altNames?.[0]?.value ?? ca.crlUrl;
}

interface Pkcs12Contents {
  privateKey: KeyObject;
  /** The certificate of the private key. */
  own: Buffer;
  /** The other certificates in the file. */
  others: Buffer[];
}

function readPkcs12(p12: Uint8Array, passphrase: string): Pkcs12Contents {
  const pfx = forge.pkcs12.pkcs12FromAsn1(asn1.fromDer(toBinary(p12)), false, passphrase);
  const keyBags = [
    ...(pfx.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
    ...(pfx.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ];
  const certBags = pfx.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  const keyBag = keyBags.find((b) => b.key);
  if (!keyBag?.key) throw new Error('PKCS#12 holds no private key');
  const privateKey = createPrivateKey(forge.pki.privateKeyToPem(keyBag.key));
  const pubDer = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const certs = certBags.filter((b) => b.cert).map((b) => toDer(forge.pki.certificateToAsn1(b.cert!)));
  const own = certs.find((c) => spkiOf(c).equals(pubDer));
  if (!own) throw new Error('PKCS#12 holds no certificate for its private key');
  return { privateKey, own, others: certs.filter((c) => c !== own) };
}

function isSelfSigned(c: Buffer): boolean {
  const x = new X509Certificate(c);
  return x.checkIssued(x) && x.verify(x.publicKey);
}

/** Orders `certs` as a chain starting at the issuer of `leaf` and ending at the root (when present). */
function chainFor(leaf: Buffer, certs: Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  let cur = new X509Certificate(leaf);
  for (let guard = 0; guard < 10; guard++) {
    if (cur.checkIssued(cur)) break;
    const next = certs.find((c) => !out.includes(c) && cur.checkIssued(new X509Certificate(c)));
    if (!next) break;
    out.push(next);
    cur = new X509Certificate(next);
  }
  return out;
}

/**
 * A production CA from PKCS#12: the issuing CA's key and certificate plus the chain up to the root.
 * The root is the self-signed certificate in the bag (or the last one when none is self-signed).
 */
export function loadCaFromPkcs12(p12: Uint8Array, passphrase: string, crlUrl?: string): CertificateAuthority {
  const { privateKey, own, others } = readPkcs12(p12, passphrase);
  const chain = chainFor(own, others);
  const root = isSelfSigned(own) ? own : chain[chain.length - 1];
  if (!root) throw new Error('PKCS#12 holds no root certificate');
  const organisation = /^O=(.*)$/m.exec(new X509Certificate(own).subject)?.[1] ?? 'Organisation';
  return {
    organisation,
    root: { certificate: root },
    issuing: { certificate: own, privateKey },
    crlUrl,
  };
}

/** A signer (e.g. the organisation seal) from PKCS#12: key, certificate and the chain in the file. */
export function loadSignerFromPkcs12(p12: Uint8Array, passphrase: string): Signer {
  const { privateKey, own, others } = readPkcs12(p12, passphrase);
  return { certificate: own, privateKey, chain: chainFor(own, others) };
}

/** SubjectPublicKeyInfo DER of a certificate. */
export function spkiOf(certDer: Uint8Array): Buffer {
  return new X509Certificate(certDer).publicKey.export({ type: 'spki', format: 'der' });
}
