/**
 * RFC 3161 time-stamp client. It never falls back to the local clock: when the TSA fails, the call
 * throws and the caller (a queued job) retries later.
 */
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import type { TimestampAuthority } from './cms';
import { algorithm, asn1, bool, fromBinary, fromDer, int, octets, OID, seq, toDer, type Asn1 } from './der';

export interface TsaClientOptions {
  /** Milliseconds for the whole exchange (default 15 s). */
  timeoutMs?: number;
  /** Largest response accepted, in bytes (default 256 KiB). */
  maxResponseBytes?: number;
  /** Extra HTTP headers, e.g. Authorization for a commercial TSA. */
  headers?: Record<string, string>;
}

export class TsaError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'TsaError';
  }
}

function bigIntOf(node: Asn1): string {
  return fromBinary(node.value as string).toString('hex').replace(/^(00)+(?=.)/, '');
}

/** The parts of a TSTInfo a client checks. */
export interface TstInfo {
  imprintAlgorithm: string;
  imprint: Buffer;
  genTime: Date;
  nonce?: string;
  serial: string;
}

/** Parses the TSTInfo inside a time-stamp token (ContentInfo of SignedData with eContent id-ct-TSTInfo). */
export function parseTimestampToken(token: Buffer): TstInfo {
  const ci = fromDer(token);
  const sd = ((ci.value as Asn1[])[1].value as Asn1[])[0].value as Asn1[];
  const encap = sd[2].value as Asn1[];
  if (asn1.derToOid(encap[0].value as string) !== OID.tstInfo) throw new TsaError('token is not a TSTInfo', 'bad-token');
  const eContent = (encap[1].value as Asn1[])[0];
  const bytes = Array.isArray(eContent.value)
    ? (eContent.value as Asn1[]).map((c) => c.value as string).join('')
    : (eContent.value as string);
  const tst = fromDer(fromBinary(bytes)).value as Asn1[];
  const mi = tst[2].value as Asn1[];
  const genTimeNode = tst[4];
  const rest = tst.slice(5);
  const nonceNode = rest.find((n) => n.tagClass === asn1.Class.UNIVERSAL && n.type === asn1.Type.INTEGER);
  return {
    imprintAlgorithm: asn1.derToOid(((mi[0].value as Asn1[])[0].value as string)),
    imprint: fromBinary(mi[1].value as string),
    genTime: asn1.generalizedTimeToDate(genTimeNode.value as string),
    nonce: nonceNode ? bigIntOf(nonceNode) : undefined,
    serial: bigIntOf(tst[3]),
  };
}

export class TsaClient implements TimestampAuthority {
  constructor(
    readonly url: string,
    private readonly options: TsaClientOptions = {},
  ) {}

  /** Builds the DER TimeStampReq for a SHA-256 digest (nonce 64 bits, certReq true). */
  static request(digest: Buffer, nonce: Buffer): Buffer {
    return toDer(seq(int(1), seq(algorithm(OID.sha256), octets(digest)), int(nonce), bool(true)));
  }

  async timestamp(sha256Digest: Buffer): Promise<Buffer> {
    if (sha256Digest.length !== 32) throw new TsaError('the imprint must be a SHA-256 digest', 'bad-request');
    const nonce = randomBytes(8);
    nonce[0] &= 0x7f;
    const body = await this.post(TsaClient.request(sha256Digest, nonce));
    let resp: Asn1[];
    try {
      resp = fromDer(body).value as Asn1[];
    } catch {
      throw new TsaError('the TSA answered with something that is not a TimeStampResp', 'bad-response');
    }
    const status = (resp[0].value as Asn1[])[0];
    const code = parseInt(fromBinary(status.value as string).toString('hex'), 16);
    if (code !== 0 && code !== 1) throw new TsaError(`the TSA refused the request (PKIStatus ${code})`, 'rejected');
    if (!resp[1]) throw new TsaError('the TSA granted but sent no token', 'bad-response');
    const token = toDer(resp[1]);
    const info = parseTimestampToken(token);
    if (info.imprintAlgorithm !== OID.sha256 || !info.imprint.equals(sha256Digest)) {
      throw new TsaError('the token time-stamps another digest', 'imprint-mismatch');
    }
    if (info.nonce !== nonce.toString('hex').replace(/^(00)+(?=.)/, '')) {
      throw new TsaError('the token carries another nonce', 'nonce-mismatch');
    }
    return token;
  }

  private post(req: Buffer): Promise<Buffer> {
    const url = new URL(this.url);
    const lib = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
    if (!lib) return Promise.reject(new TsaError(`unsupported TSA URL ${this.url}`, 'bad-url'));
    const max = this.options.maxResponseBytes ?? 256 * 1024;
    return new Promise<Buffer>((resolve, reject) => {
      const r = lib.request(
        url,
        {
          method: 'POST',
          headers: {
            'Content-Type': 'application/timestamp-query',
            Accept: 'application/timestamp-reply',
            'Content-Length': req.length,
            ...this.options.headers,
          },
          timeout: this.options.timeoutMs ?? 15000,
        },
        (res) => {
          if (res.statusCode !== 200) {
            res.resume();
            reject(new TsaError(`the TSA answered HTTP ${res.statusCode}`, 'http-status'));
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > max) {
              r.destroy(new TsaError('the TSA response is too large', 'too-large'));
              return;
            }
            chunks.push(c);
          });
          res.on('end', () => resolve(Buffer.concat(chunks)));
          res.on('error', reject);
        },
      );
      r.on('timeout', () => r.destroy(new TsaError('the TSA did not answer in time', 'timeout')));
      r.on('error', (e) => reject(e instanceof TsaError ? e : new TsaError(`the TSA cannot be reached: ${e.message}`, 'network')));
      r.end(req);
    });
  }
}
