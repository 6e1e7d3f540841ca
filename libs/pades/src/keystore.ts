/**
 * Where the keys come from: one loader for the CLI and (later) the server and worker.
 *
 * Production: JUSTERA_CA_P12 (path to a PKCS#12 with the issuing CA's key, certificate and chain) and
 * JUSTERA_CA_P12_PASSPHRASE. The organisation seal comes from JUSTERA_SEAL_P12 (+ _PASSPHRASE) when
 * set; otherwise it is issued once from the CA and kept in <JUSTERA_CA_DIR>/seal.bundle, encrypted
 * with JUSTERA_SECRET.
 *
 * Development: a CA bundle <JUSTERA_CA_DIR>/ca.bundle (default ./data/ca), encrypted with
 * JUSTERA_SECRET, created with a development CA and seal on first use.
 *
 * Documented in docs/signatures.md.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { decryptCaBundle, decryptSignerBundle, encryptCaBundle, encryptSignerBundle } from './crypto/bundle';
import {
  createDevelopmentCa,
  issueSealCertificate,
  issueTsaCertificate,
  loadCaFromPkcs12,
  tsaCertificateNotAfter,
  loadSignerFromPkcs12,
  type CertificateAuthority,
  type Signer,
} from './crypto/certificates';

/**
 * CRL distribution point written into development certificates when JUSTERA_CRL_URL is unset. Some
 * revocation source must be named: NSS (pdfsig, Firefox-family validators) reports "Unknown issue
 * with Certificate" for a signer certificate without one. The API should serve `ca crl` here.
 */
export const DEFAULT_DEV_CRL_URL = 'http://localhost:3000/pki/issuing.crl';

export interface KeystoreEnv {
  JUSTERA_CA_P12?: string;
  JUSTERA_CA_P12_PASSPHRASE?: string;
  JUSTERA_SEAL_P12?: string;
  JUSTERA_SEAL_P12_PASSPHRASE?: string;
  JUSTERA_SECRET?: string;
  JUSTERA_CA_DIR?: string;
  JUSTERA_ORGANISATION?: string;
  JUSTERA_CRL_URL?: string;
}

export interface LoadedCa {
  ca: CertificateAuthority;
  source: 'pkcs12' | 'development';
  /** True when this call created the development CA bundle. */
  created: boolean;
  /** Path of the development bundle (development only). */
  bundlePath?: string;
}

export class KeystoreError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'KeystoreError';
  }
}

function caDir(env: KeystoreEnv): string {
  return resolve(env.JUSTERA_CA_DIR || join('data', 'ca'));
}

function secretOf(env: KeystoreEnv): string {
  const s = env.JUSTERA_SECRET;
  if (!s || s.length < 16) {
    throw new KeystoreError('JUSTERA_SECRET saknas eller är kortare än 16 tecken (JUSTERA_SECRET is missing or too short)', 'no-secret');
  }
  return s;
}

/** Loads the production CA from PKCS#12, or the development CA bundle (creating it when `create`). */
export function loadCertificateAuthority(env: KeystoreEnv, o: { create?: boolean; now?: Date } = {}): LoadedCa {
  if (env.JUSTERA_CA_P12) {
    if (env.JUSTERA_CA_P12_PASSPHRASE === undefined) {
      throw new KeystoreError('JUSTERA_CA_P12_PASSPHRASE saknas (JUSTERA_CA_P12_PASSPHRASE is missing)', 'no-passphrase');
    }
    const ca = loadCaFromPkcs12(readFileSync(env.JUSTERA_CA_P12), env.JUSTERA_CA_P12_PASSPHRASE, env.JUSTERA_CRL_URL);
    return { ca, source: 'pkcs12', created: false };
  }
  const secret = secretOf(env);
  const bundlePath = join(caDir(env), 'ca.bundle');
  if (existsSync(bundlePath)) {
    return { ca: decryptCaBundle(readFileSync(bundlePath), secret), source: 'development', created: false, bundlePath };
  }
  if (!o.create) {
    throw new KeystoreError(`Ingen CA hittades i ${bundlePath} (no CA bundle; run "npm run cli -- ca init")`, 'no-ca');
  }
  const now = o.now ?? new Date();
  const organisation = env.JUSTERA_ORGANISATION || 'Utvecklingskommunen';
  const crlUrl = env.JUSTERA_CRL_URL || DEFAULT_DEV_CRL_URL;
  const rootCrlUrl = /issuing\.crl$/.test(crlUrl) ? crlUrl.replace(/issuing\.crl$/, 'root.crl') : undefined;
  const ca = createDevelopmentCa({ organisation, now, crlUrl, rootCrlUrl });
  ca.seal = issueSealCertificate(ca, { organisation, now });
  mkdirSync(caDir(env), { recursive: true, mode: 0o700 });
  writeFileSync(bundlePath, encryptCaBundle(ca, secret), { mode: 0o600, flag: 'wx' });
  return { ca, source: 'development', created: true, bundlePath };
}

/** The organisation seal signer, from the environment (see the file comment). */
export function loadOrganisationSeal(env: KeystoreEnv, o: { create?: boolean; now?: Date } = {}): Signer {
  if (env.JUSTERA_SEAL_P12) {
    if (env.JUSTERA_SEAL_P12_PASSPHRASE === undefined) {
      throw new KeystoreError('JUSTERA_SEAL_P12_PASSPHRASE saknas (JUSTERA_SEAL_P12_PASSPHRASE is missing)', 'no-passphrase');
    }
    return loadSignerFromPkcs12(readFileSync(env.JUSTERA_SEAL_P12), env.JUSTERA_SEAL_P12_PASSPHRASE);
  }
  const loaded = loadCertificateAuthority(env, o);
  if (loaded.source === 'development') {
    if (!loaded.ca.seal) throw new KeystoreError('CA-paketet saknar organisationens stämpel (the CA bundle has no seal)', 'no-seal');
    return loaded.ca.seal;
  }
  const secret = secretOf(env);
  const sealPath = join(caDir(env), 'seal.bundle');
  if (existsSync(sealPath)) return decryptSignerBundle(readFileSync(sealPath), secret);
  if (!o.create) throw new KeystoreError(`Ingen stämpel hittades i ${sealPath} (no seal bundle)`, 'no-seal');
  const seal = issueSealCertificate(loaded.ca, { organisation: loaded.ca.organisation, now: o.now ?? new Date() });
  mkdirSync(caDir(env), { recursive: true, mode: 0o700 });
  writeFileSync(sealPath, encryptSignerBundle(seal, secret), { mode: 0o600, flag: 'wx' });
  return seal;
}

const YEAR = 365 * 24 * 3600 * 1000;
/** Validity of a local TSU certificate (twelve years, capped by its issuer). */
export const TSU_VALIDITY_MS = 12 * YEAR;
/**
 * A local TSU certificate is replaced by a new key and certificate once less than this remains (eleven
 * years): each key makes tokens for about a year, and every token stays provable for at least eleven
 * years without renewal (the archive renewal job extends it before that).
 */
export const TSU_ROTATE_BEFORE_MS = 11 * YEAR;

/**
 * The installation's own time-stamping unit (used when no TSA_URL is set): a key and a certificate
 * issued by the installation's CA (extendedKeyUsage timeStamping, critical; by the root when its key is
 * at hand, a development CA, else by the issuing CA and never beyond it), kept in
 * <JUSTERA_CA_DIR>/tsu.bundle encrypted with JUSTERA_SECRET. Created on first use; replaced by a new
 * key and certificate once less than eleven years of the old one remain (the old certificate stays in
 * the documents it time-stamped, and archive renewal re-time-stamps them before it expires).
 */
export function loadTimestampUnit(env: KeystoreEnv, o: { create?: boolean; now?: Date; ca?: CertificateAuthority } = {}): Signer {
  const now = o.now ?? new Date();
  const secret = secretOf(env);
  const path = join(caDir(env), 'tsu.bundle');
  let current: Signer | undefined;
  if (existsSync(path)) current = decryptSignerBundle(readFileSync(path), secret);
  const end = (s: Signer) => new Date(new X509Certificate(s.certificate).validTo).getTime();
  const fresh = (s: Signer) => end(s) - now.getTime() > TSU_ROTATE_BEFORE_MS;
  if (current && (fresh(current) || !o.create)) return current;
  if (!o.create) throw new KeystoreError(`Ingen tidsstämpelenhet hittades i ${path} (no time-stamping unit bundle)`, 'no-tsu');
  const ca = o.ca ?? loadCertificateAuthority(env, o).ca;
  const wanted = { now, validityMs: TSU_VALIDITY_MS, byRoot: true };
  // The issuer ends first (a production issuing CA of ten years, or a development root in its last
  // years): a new unit would end no later than the current one, so no key is made for nothing.
  if (current && tsaCertificateNotAfter(ca, wanted).getTime() <= end(current)) return current;
  const unit = issueTsaCertificate(ca, { name: `${ca.organisation} Justera tidsstämpelenhet`, ...wanted });
  mkdirSync(caDir(env), { recursive: true, mode: 0o700 });
  writeFileSync(path, encryptSignerBundle(unit, secret), { mode: 0o600, flag: current ? 'w' : 'wx' });
  return unit;
}
