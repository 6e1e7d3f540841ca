/**
 * The installation's own time-stamping unit (TSU): RFC 3161 / RFC 5816 time-stamp tokens made in
 * process with a key whose certificate the installation's CA issued (extendedKeyUsage timeStamping,
 * critical). It is the embedded default when no external TSA (TSA_URL) is configured, so that every
 * justerat document carries signature time-stamps and a document time-stamp (PAdES B-LTA).
 *
 * The time comes from this server's clock, and the TSU is as trustworthy as the installation that
 * runs it: weaker than an external (qualified) TSA, which production should configure. It is never
 * used as a silent fallback when a configured TSA fails (see docs/signatures.md).
 */
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { buildSignedData, issuerAndSerial, signingCertificateV2 } from './cms';
import type { TimestampAuthority } from './cms';
import type { Signer } from './certificates';
import { algorithm, asn1, bigOid, certificateParts, explicit, fromDer, int, octets, oid, OID, seq, set, toDer, type Asn1 } from './der';

/**
 * TSA policy of Justera's local time-stamping units: an OID under the 2.25 (UUID) arc, which needs no
 * registration (ITU-T X.667). Written into every TSTInfo the local TSU makes.
 */
export const LOCAL_TSA_POLICY = '2.25.173029841862958364853962307412395410121';

export class LocalTimestampAuthority implements TimestampAuthority {
  private readonly validFrom: Date;
  private readonly validTo: Date;
  /** The parts of every token that do not change: the unit's name, the signing-certificate-v2 attribute, issuer and serial, the certificates. */
  private readonly fixed: { tsaName: Buffer; essAttr: Buffer; sid: Buffer; certs: Buffer[] };

  /**
   * @param unit the TSU's certificate, key and chain (issuing CA, root)
   * @param clock the time written into tokens (default: this server's clock)
   */
  constructor(
    readonly unit: Signer,
    private readonly clock: () => Date = () => new Date(),
  ) {
    const x = new X509Certificate(unit.certificate);
    this.validFrom = new Date(x.validFrom);
    this.validTo = new Date(x.validTo);
    const parts = certificateParts(unit.certificate);
    this.fixed = {
      tsaName: toDer(explicit(0, explicit(4, fromDer(toDer(parts.subject))))),
      essAttr: toDer(seq(oid(OID.signingCertificateV2), set(signingCertificateV2(unit.certificate)))),
      sid: issuerAndSerial(unit.certificate),
      certs: [unit.certificate, ...unit.chain],
    };
  }

  /** The TSU certificate's notAfter: tokens are refused after it. */
  get notAfter(): Date {
    return new Date(this.validTo);
  }

  async timestamp(sha256Digest: Buffer): Promise<Buffer> {
    return this.token(sha256Digest);
  }

  /** A TimeStampToken (ContentInfo of SignedData with a TSTInfo) over a SHA-256 imprint. */
  async token(sha256Digest: Buffer, nonce?: Buffer): Promise<Buffer> {
    if (sha256Digest.length !== 32) throw new Error('the imprint must be a SHA-256 digest');
    const now = this.clock();
    if (now < this.validFrom || now > this.validTo) {
      throw new Error(`the time-stamping unit's certificate is not valid at ${now.toISOString()}`);
    }
    const serial = randomBytes(16);
    serial[0] &= 0x7f;
    const tstFields: Asn1[] = [
      int(1),
      bigOid(LOCAL_TSA_POLICY),
      seq(algorithm(OID.sha256), octets(sha256Digest)),
      int(serial),
      generalizedTime(now),
      // accuracy: 1 second
      seq(int(1)),
    ];
    if (nonce) tstFields.push(int(nonce));
    // tsa [0] GeneralName: the TSU's subject as a directoryName ([4]).
    tstFields.push(fromDer(this.fixed.tsaName));
    const tstInfo = toDer(seq(...tstFields));
    return buildSignedData({
      version: 3,
      contentType: OID.tstInfo,
      content: tstInfo,
      signedAttrs: [
        seq(oid(OID.contentType), set(oid(OID.tstInfo))),
        seq(oid(OID.messageDigest), set(octets(createHash('sha256').update(tstInfo).digest()))),
        fromDer(this.fixed.essAttr),
      ],
      sid: this.fixed.sid,
      signerKey: this.unit.privateKey,
      certs: this.fixed.certs,
    });
  }

  /** A DER TimeStampResp (status granted) answering a DER TimeStampReq: for serving the TSU over HTTP. */
  async respond(request: Buffer): Promise<Buffer> {
    const req = fromDer(request).value as Asn1[];
    const mi = req[1].value as Asn1[];
    const alg = asn1.derToOid((mi[0].value as Asn1[])[0].value as string);
    if (alg !== OID.sha256) return toDer(seq(seq(int(2))));
    const digest = Buffer.from(mi[1].value as string, 'binary');
    const nonceNode = req.slice(2).find((n) => n.tagClass === asn1.Class.UNIVERSAL && n.type === asn1.Type.INTEGER);
    const nonce = nonceNode ? Buffer.from(nonceNode.value as string, 'binary') : undefined;
    return toDer(seq(seq(int(0)), fromDer(await this.token(digest, nonce))));
  }
}

function generalizedTime(d: Date): Asn1 {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const s = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.GENERALIZEDTIME, false, s);
}
