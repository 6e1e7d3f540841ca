/**
 * The sections of AppConfig beside the core ones in config.ts: the signing keys, the justering's
 * reminders and link lifetimes, the proxy, the test clock. Each parser takes the raw environment and
 * appends a problem (naming the variable) instead of throwing, so one boot reports every mistake.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

type Env = Record<string, string | undefined>;

/** Where the signing CA and the organisation seal come from (docs/signatures.md). */
export interface KeysConfig {
  /** PKCS#12 with the production issuing CA's key, certificate and chain (JUSTERA_CA_P12). */
  caP12?: string;
  caP12Passphrase?: string;
  /** PKCS#12 with the organisation seal (JUSTERA_SEAL_P12); else the seal is issued from the CA. */
  sealP12?: string;
  sealP12Passphrase?: string;
  /** Directory of the development CA bundle and the issued seal (JUSTERA_CA_DIR, default <data>/ca). */
  caDir: string;
  /**
   * Name of a newly created development CA, its time-stamping unit and the installation seal
   * (JUSTERA_ORGANISATION). Signer certificates and organisation seals name the organisation as stored
   * in the database instead (docs/signatures.md, "Seals per organisation").
   */
  organisation: string;
  /** CRL distribution point written into certificates (JUSTERA_CRL_URL, default <PUBLIC_URL>/pki/issuing.crl). */
  crlUrl: string;
}

/** The justering's reminders and link lifetimes (docs/justering.md). */
export interface JusteringConfig {
  reminders: {
    /** First reminder after N days (JUSTERING_REMINDER_FIRST_DAYS, 3). */
    firstAfterDays: number;
    /** Then every M days (JUSTERING_REMINDER_EVERY_DAYS, 2). */
    everyDays: number;
    /** At most K reminders (JUSTERING_REMINDER_MAX, 3). */
    max: number;
    /** Length of a reminder "day" in ms (JUSTERING_DAY_MS, 86 400 000; tests shorten it). */
    dayMs: number;
  };
  /** Days a link stays valid after the justering deadline (JUSTERING_LINK_GRACE_DAYS, 0). */
  linkGraceDays: number;
  /** Working days before the deadline that the secretary is warned (JUSTERING_WARN_WORKING_DAYS, 2). */
  warnWorkingDaysBefore: number;
}

/** PAdES-LTA renewal of stored justerat documents (docs/signatures.md, "Archive renewal"). */
export interface ArchiveRenewalConfig {
  /** Renew a document when its last document time-stamp's protection ends within this many days (ARCHIVE_RENEWAL_DAYS, 90). */
  days: number;
  /** Documents examined per run of the daily job (ARCHIVE_RENEWAL_BATCH, 25); the rest wait for the next run. */
  batch: number;
}

export function archiveRenewalConfig(env: Env, problems: string[]): ArchiveRenewalConfig {
  return {
    days: decimal(env, 'ARCHIVE_RENEWAL_DAYS', 90, 1, 3650, problems, true),
    batch: decimal(env, 'ARCHIVE_RENEWAL_BATCH', 25, 1, 10_000, problems, true),
  };
}

/** A decimal number within [min, max]; `integer` refuses fractions. */
export function decimal(env: Env, name: string, def: number, min: number, max: number, problems: string[], integer = false): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return def;
  const n = Number(raw);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(raw) || !Number.isFinite(n)) {
    problems.push(`${name} must be a ${integer ? 'whole ' : ''}number, got "${raw}"`);
    return def;
  }
  if (integer && !Number.isInteger(n)) problems.push(`${name} must be a whole number, got "${raw}"`);
  if (n < min || n > max) problems.push(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function justeringConfig(env: Env, problems: string[]): JusteringConfig {
  return {
    reminders: {
      firstAfterDays: decimal(env, 'JUSTERING_REMINDER_FIRST_DAYS', 3, 0, 365, problems),
      everyDays: decimal(env, 'JUSTERING_REMINDER_EVERY_DAYS', 2, 0.001, 365, problems),
      max: decimal(env, 'JUSTERING_REMINDER_MAX', 3, 0, 100, problems, true),
      dayMs: decimal(env, 'JUSTERING_DAY_MS', 86_400_000, 1, 86_400_000, problems, true),
    },
    linkGraceDays: decimal(env, 'JUSTERING_LINK_GRACE_DAYS', 0, 0, 365, problems, true),
    warnWorkingDaysBefore: decimal(env, 'JUSTERING_WARN_WORKING_DAYS', 2, 0, 60, problems, true),
  };
}

export function keysConfig(env: Env, o: { dataDir: string; publicUrl: string; cwd: string }, problems: string[]): KeysConfig {
  const file = (name: string): string | undefined => {
    const raw = env[name];
    if (!raw) return undefined;
    const path = isAbsolute(raw) ? raw : resolve(o.cwd, raw);
    if (!existsSync(path)) problems.push(`${name} names a file that does not exist: ${path}`);
    return path;
  };
  const caP12 = file('JUSTERA_CA_P12');
  const sealP12 = file('JUSTERA_SEAL_P12');
  if (caP12 && env.JUSTERA_CA_P12_PASSPHRASE === undefined) problems.push('JUSTERA_CA_P12_PASSPHRASE is required with JUSTERA_CA_P12');
  if (sealP12 && env.JUSTERA_SEAL_P12_PASSPHRASE === undefined) problems.push('JUSTERA_SEAL_P12_PASSPHRASE is required with JUSTERA_SEAL_P12');
  let crlUrl = `${o.publicUrl}/pki/issuing.crl`;
  if (env.JUSTERA_CRL_URL) {
    try {
      const u = new URL(env.JUSTERA_CRL_URL);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') problems.push('JUSTERA_CRL_URL must start with http:// or https://');
      crlUrl = env.JUSTERA_CRL_URL;
    } catch {
      problems.push('JUSTERA_CRL_URL is not a valid URL');
    }
  }
  const organisation = (env.JUSTERA_ORGANISATION ?? '').trim() || 'Utvecklingskommunen';
  if (organisation.length > 64) problems.push('JUSTERA_ORGANISATION must be at most 64 characters (a certificate subject field)');
  const caDirRaw = env.JUSTERA_CA_DIR;
  return {
    caP12,
    caP12Passphrase: env.JUSTERA_CA_P12_PASSPHRASE,
    sealP12,
    sealP12Passphrase: env.JUSTERA_SEAL_P12_PASSPHRASE,
    caDir: caDirRaw ? (isAbsolute(caDirRaw) ? caDirRaw : resolve(o.cwd, caDirRaw)) : join(o.dataDir, 'ca'),
    organisation,
    crlUrl,
  };
}

/**
 * The input of libs/pades's key loader (`loadCertificateAuthority`, `loadOrganisationSeal`) from the
 * validated configuration: the one mapping the api, the worker and the CLI use.
 */
export function keystoreInput(c: { secret: string; keys: KeysConfig }) {
  return {
    JUSTERA_CA_P12: c.keys.caP12,
    JUSTERA_CA_P12_PASSPHRASE: c.keys.caP12Passphrase,
    JUSTERA_SEAL_P12: c.keys.sealP12,
    JUSTERA_SEAL_P12_PASSPHRASE: c.keys.sealP12Passphrase,
    JUSTERA_SECRET: c.secret,
    JUSTERA_CA_DIR: c.keys.caDir,
    JUSTERA_ORGANISATION: c.keys.organisation,
    JUSTERA_CRL_URL: c.keys.crlUrl,
  };
}

/** Express `trust proxy` from TRUST_PROXY: off, a hop count, or a list of addresses/subnets. */
export function trustProxy(env: Env, problems: string[]): false | number | string {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (!raw || /^(0|false|no|off)$/i.test(raw)) return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (/^(true|yes|on)$/i.test(raw)) {
    problems.push('TRUST_PROXY must be a number of proxy hops (e.g. 1) or a list of proxy addresses, not "true" (that trusts any client\'s X-Forwarded-For)');
    return false;
  }
  if (!/^[0-9A-Za-z.:/,\s_-]+$/.test(raw)) problems.push(`TRUST_PROXY must be a hop count or a comma-separated list of addresses, got "${raw}"`);
  return raw;
}

/** The test clock's directory (read by the api and worker only when NODE_ENV=test; docs/anslag.md). */
export function testClockDir(env: Env): string {
  return env.JUSTERA_TEST_CLOCK_DIR || join(tmpdir(), 'justera-test-clock');
}
