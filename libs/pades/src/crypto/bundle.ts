/**
 * The encrypted CA bundle: the development CA (and the organisation seal, once issued) stored on disk
 * with its private keys encrypted. AES-256-GCM; the key is derived from a secret (JUSTERA_SECRET) with
 * scrypt and a random salt per file. Private keys never appear in clear outside memory.
 *
 * File layout: "JUSTERA-CA-BUNDLE-1\n" | salt (16) | iv (12) | tag (16) | ciphertext (JSON).
 */
import { createCipheriv, createDecipheriv, createPrivateKey, KeyObject, randomBytes, scryptSync } from 'node:crypto';
import type { CertificateAuthority, Signer } from './certificates';

const MAGIC = Buffer.from('JUSTERA-CA-BUNDLE-1\n', 'ascii');
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

interface BundleJson {
  organisation: string;
  crlUrl?: string;
  root: { certificate: string; privateKey?: string };
  issuing: { certificate: string; privateKey: string };
  seal?: { certificate: string; privateKey: string; chain: string[] };
}

const keyOut = (k: KeyObject) => k.export({ type: 'pkcs8', format: 'der' }).toString('base64');
const keyIn = (s: string) => createPrivateKey({ key: Buffer.from(s, 'base64'), format: 'der', type: 'pkcs8' });
const b64 = (b: Buffer) => b.toString('base64');
const bin = (s: string) => Buffer.from(s, 'base64');

function deriveKey(secret: string | Buffer, salt: Buffer): Buffer {
  if (!secret || secret.length < 16) throw new Error('the bundle secret must be at least 16 characters');
  return scryptSync(secret, salt, 32, SCRYPT);
}

function encryptJson(json: unknown, secret: string | Buffer): Buffer {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(secret, salt), iv);
  cipher.setAAD(MAGIC);
  const body = Buffer.concat([cipher.update(JSON.stringify(json), 'utf8'), cipher.final()]);
  return Buffer.concat([MAGIC, salt, iv, cipher.getAuthTag(), body]);
}

function decryptJson<T>(blob: Uint8Array, secret: string | Buffer): T {
  const buf = Buffer.from(blob);
  if (!buf.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a Justera key bundle');
  let p = MAGIC.length;
  const salt = buf.subarray(p, (p += 16));
  const iv = buf.subarray(p, (p += 12));
  const tag = buf.subarray(p, (p += 16));
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(secret, salt), iv);
  decipher.setAAD(MAGIC);
  decipher.setAuthTag(tag);
  try {
    return JSON.parse(Buffer.concat([decipher.update(buf.subarray(p)), decipher.final()]).toString('utf8')) as T;
  } catch {
    throw new Error('the key bundle cannot be decrypted: wrong secret or damaged file');
  }
}

/** A single signer (e.g. the organisation seal issued by a production CA), encrypted like the CA bundle. */
export function encryptSignerBundle(signer: Signer, secret: string | Buffer): Buffer {
  return encryptJson(
    { signer: { certificate: b64(signer.certificate), privateKey: keyOut(signer.privateKey), chain: signer.chain.map(b64) } },
    secret,
  );
}

export function decryptSignerBundle(blob: Uint8Array, secret: string | Buffer): Signer {
  const j = decryptJson<{ signer?: { certificate: string; privateKey: string; chain: string[] } }>(blob, secret);
  if (!j.signer) throw new Error('the bundle holds no signer');
  return { certificate: bin(j.signer.certificate), privateKey: keyIn(j.signer.privateKey), chain: j.signer.chain.map(bin) };
}

export function encryptCaBundle(ca: CertificateAuthority, secret: string | Buffer): Buffer {
  const json: BundleJson = {
    organisation: ca.organisation,
    crlUrl: ca.crlUrl,
    root: {
      certificate: b64(ca.root.certificate),
      privateKey: ca.root.privateKey ? keyOut(ca.root.privateKey) : undefined,
    },
    issuing: { certificate: b64(ca.issuing.certificate), privateKey: keyOut(ca.issuing.privateKey) },
    seal: ca.seal
      ? { certificate: b64(ca.seal.certificate), privateKey: keyOut(ca.seal.privateKey), chain: ca.seal.chain.map(b64) }
      : undefined,
  };
  return encryptJson(json, secret);
}

export function decryptCaBundle(blob: Uint8Array, secret: string | Buffer): CertificateAuthority {
  const json = decryptJson<BundleJson>(blob, secret);
  if (!json.issuing) throw new Error('the bundle holds no CA');
  const seal: Signer | undefined = json.seal
    ? { certificate: bin(json.seal.certificate), privateKey: keyIn(json.seal.privateKey), chain: json.seal.chain.map(bin) }
    : undefined;
  return {
    organisation: json.organisation,
    crlUrl: json.crlUrl,
    root: { certificate: bin(json.root.certificate), privateKey: json.root.privateKey ? keyIn(json.root.privateKey) : undefined },
    issuing: { certificate: bin(json.issuing.certificate), privateKey: keyIn(json.issuing.privateKey) },
    seal,
  };
}
