/**
 * Where the keys come from: one loader for the CLI and (later) the server and worker.
 *
 * Production: JUSTERA_CA_P12 (path to a PKCS#12 with the issuing CA's key, certificate and chain) and
 * JUSTERA_CA_P12_PASSPHRASE. The organisation seal comes from JUSTERA_SEAL_P12 (+ _PASSPHRASE) when
 * set; otherwise it is issued once from the CA and kept in <JUSTERA_CA_DIR>/seal.bundle, encrypted
 * with JUSTERA_SECRET.
 *
 * Development: a CA bundle <JUSTERA_CA_DIR>/ca.bundle (default ./data/ca), encrypted with
 * JUSTERA_SECRET, created with a development CA and seal on first use. JUSTERA_ORGANISATION names
 * that CA (and its installation seal, used for what no organisation owns: /validera reports).
 *
 * Each organisation of the database has its own seal (`loadOrganisationSeal` with `organisation`):
 * issued from the CA on first use under <JUSTERA_CA_DIR>/seals/<organisation id>/, one bundle per
 * name, so a renamed organisation gets a new seal naming it, and reissued before it expires.
 *
 * Documented in docs/signatures.md.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
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

/** An organisation of the database whose seal is asked for: its id and its name as stored now. */
export interface SealOrganisation {
  id: string;
  name: string;
}

/** A per-organisation seal is reissued once less than this remains of it (its certificate lives three years). */
export const SEAL_RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;

/**
 * The seal signer, from the environment (see the file comment): JUSTERA_SEAL_P12 when set (for every
 * organisation); else, with `organisation`, that organisation's own seal (`organisationSeal`); without
 * it, the installation seal (the development CA's, or one issued once from a production CA).
 */
export function loadOrganisationSeal(
  env: KeystoreEnv,
  o: { create?: boolean; now?: Date; organisation?: SealOrganisation; ca?: CertificateAuthority } = {},
): Signer {
  if (env.JUSTERA_SEAL_P12) {
    if (env.JUSTERA_SEAL_P12_PASSPHRASE === undefined) {
      throw new KeystoreError('JUSTERA_SEAL_P12_PASSPHRASE saknas (JUSTERA_SEAL_P12_PASSPHRASE is missing)', 'no-passphrase');
    }
    return loadSignerFromPkcs12(readFileSync(env.JUSTERA_SEAL_P12), env.JUSTERA_SEAL_P12_PASSPHRASE);
  }
  if (o.organisation) return organisationSeal(env, { ...o, organisation: o.organisation });
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

/**
 * One organisation's seal: CN "<name> elektronisk stämpel", O = <name>, issued by the installation's CA
 * (development or JUSTERA_CA_P12) and kept encrypted with JUSTERA_SECRET in
 * <JUSTERA_CA_DIR>/seals/<organisation id>/<first 32 hex of SHA-256(name)>.bundle. A new name finds no
 * bundle and gets a new seal (a name used before gets its earlier seal back while it is valid); a seal
 * with less than SEAL_RENEW_BEFORE_MS left is replaced by a new key and certificate. Nothing is revoked:
 * documents sealed before keep their seal certificate (and its chain and CRL in their DSS) and keep
 * validating against the same root. The api and the worker may issue at the same moment: the file is
 * replaced atomically and either seal is good.
 */
export function organisationSeal(
  env: KeystoreEnv,
  o: { organisation: SealOrganisation; create?: boolean; now?: Date; ca?: CertificateAuthority },
): Signer {
  const { id } = o.organisation;
  const name = o.organisation.name.trim();
  if (!/^[A-Za-z0-9-]{1,64}$/.test(id))
    throw new KeystoreError(`Ogiltigt organisations-id för stämpeln (invalid organisation id "${id.slice(0, 80)}")`, 'bad-organisation');
  if (!name) throw new KeystoreError('Organisationen saknar namn (the organisation has no name for its seal)', 'bad-organisation');
  const now = o.now ?? new Date();
  const secret = secretOf(env);
  const dir = join(caDir(env), 'seals', id);
  const path = join(dir, `${createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 32)}.bundle`);
  const current = existsSync(path) ? decryptSignerBundle(readFileSync(path), secret) : undefined;
  if (current && new Date(new X509Certificate(current.certificate).validTo).getTime() - now.getTime() > SEAL_RENEW_BEFORE_MS)
    return current;
  if (!o.create) {
    if (current) return current;
    throw new KeystoreError(`Ingen stämpel för organisationen hittades i ${path} (no seal bundle)`, 'no-seal');
  }
  const ca = o.ca ?? loadCertificateAuthority(env, { create: o.create, now }).ca;
  const seal = issueSealCertificate(ca, { organisation: name, now });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, encryptSignerBundle(seal, secret), { mode: 0o600, flag: 'wx' });
  renameSync(tmp, path);
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
