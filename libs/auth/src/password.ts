import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { COMMON_PASSWORDS } from './common-passwords';

/**
 * Password hashing with scrypt (RFC 7914), stored as a self-describing string
 *
 *   scrypt$<logN>$<r>$<p>$<salt base64>$<hash base64>
 *
 * so that parameters can be raised later: `needsRehash` tells the login code to re-hash a password
 * stored with weaker parameters right after a successful verification.
 *
 * Passwords are normalised to Unicode NFKC before hashing: "å" typed on macOS (often decomposed,
 * a + ring) and on Windows (precomposed) must give the same hash. The async `crypto.scrypt` runs on
 * the libuv thread pool, so the event loop is never blocked by a hash.
 */

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  logN: number;
  /** Block size. */
  r: number;
  /** Parallelisation. */
  p: number;
}

/**
 * Current parameters: N = 2^15, r = 8, p = 1, i.e. 32 MiB of memory and about 0.1-0.2 s per hash on
 * one core of a small server. That is the OWASP-recommended floor for scrypt and leaves a 2-core
 * machine able to serve logins; throttling (throttle.ts) bounds how many hashes an attacker can force.
 */
export const DEFAULT_SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({ logN: 15, r: 8, p: 1 });

const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Bounds accepted when reading a stored hash, so a corrupted row cannot make us allocate gigabytes. */
const LIMITS = { logN: [10, 20], r: [1, 32], p: [1, 16] } as const;
/** Longest input we will hash at all; the policy caps new passwords at 256 characters. */
const MAX_INPUT_CHARS = 1024;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

function scrypt(password: string, salt: Buffer, keylen: number, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.logN;
  // Node refuses when 128 * N * r * p exceeds maxmem (default 32 MiB, exactly our default need), so
  // give it the real requirement plus headroom.
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 128 * N * params.r * params.p + 16 * 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function normalise(password: string): string {
  return password.normalize('NFKC');
}

function checkParams(params: ScryptParams): void {
  for (const k of ['logN', 'r', 'p'] as const) {
    const v = params[k];
    const [lo, hi] = LIMITS[k];
    if (!Number.isInteger(v) || v < lo || v > hi) {
      throw new RangeError(`scrypt parameter ${k}=${v} outside ${lo}..${hi}`);
    }
  }
}

/** Hashes a password with fresh random salt. Throws TypeError on a non-string or over-long input. */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<string> {
  if (typeof password !== 'string' || password.length > MAX_INPUT_CHARS) {
    throw new TypeError('password must be a string of at most 1024 characters');
  }
  checkParams(params);
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(normalise(password), salt, KEY_BYTES, params);
  return ['scrypt', params.logN, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

interface ParsedHash extends ScryptParams {
  salt: Buffer;
  key: Buffer;
}

const B64 = /^[A-Za-z0-9+/]+={0,2}$/;
const INT = /^[0-9]{1,3}$/;

function parseStored(stored: string): ParsedHash | null {
  if (typeof stored !== 'string' || stored.length > 512) return null;
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [, n, r, p, salt, key] = parts;
  if (!INT.test(n) || !INT.test(r) || !INT.test(p) || !B64.test(salt) || !B64.test(key)) return null;
  const parsed: ParsedHash = {
    logN: Number(n),
    r: Number(r),
    p: Number(p),
    salt: Buffer.from(salt, 'base64'),
    key: Buffer.from(key, 'base64'),
  };
  try {
    checkParams(parsed);
  } catch {
    return null;
  }
  if (parsed.salt.length < 8 || parsed.key.length < 16 || parsed.key.length > 128) return null;
  return parsed;
}

/**
 * True when `password` matches `stored`. Never throws for bad input: a malformed stored hash or a
 * non-string password simply does not verify. The comparison is constant-time.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (typeof password !== 'string' || password.length > MAX_INPUT_CHARS) return false;
  const parsed = parseStored(stored);
  if (!parsed) return false;
  const key = await scrypt(normalise(password), parsed.salt, parsed.key.length, parsed);
  return timingSafeEqual(key, parsed.key);
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against `stored`, or, when there is no such user (`stored` is null/undefined), spends the
 * same time on a dummy hash and returns false, so response times do not reveal which e-mail
 * addresses have accounts.
 */
export async function verifyPasswordOrDummy(password: string, stored: string | null | undefined): Promise<boolean> {
  if (stored) return verifyPassword(password, stored);
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(typeof password === 'string' ? password : '', await dummyHash);
  return false;
}

/**
 * True when `stored` was made with other parameters than `params` (or is not a hash we can read),
 * so the login code should re-hash the password it just verified and store the new string.
 */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): boolean {
  const parsed = parseStored(stored);
  if (!parsed) return true;
  return parsed.logN !== params.logN || parsed.r !== params.r || parsed.p !== params.p || parsed.key.length !== KEY_BYTES || parsed.salt.length < SALT_BYTES;
}

// ---------------------------------------------------------------------------------------------
// Password policy

export type PasswordProblemCode = 'too-short' | 'too-long' | 'common' | 'repetitive' | 'contains-personal' | 'not-string';

export interface PasswordProblem {
  code: PasswordProblemCode;
  /** Swedish, meant for the user. */
  message: string;
}

export type PasswordPolicyResult = { ok: true } | { ok: false; problems: PasswordProblem[] };

export interface PasswordContext {
  /** Things the password must not contain: e-mail address, name, organisation name … */
  personal?: Array<string | null | undefined>;
}

const COMMON = new Set(COMMON_PASSWORDS.map((p) => p.normalize('NFKC').toLowerCase()));
/** Digits, whitespace and punctuation people glue onto a base word. */
const AFFIX = /^[\p{N}\p{P}\p{S}\s]+|[\p{N}\p{P}\p{S}\s]+$/gu;

function codePoints(s: string): number {
  return [...s].length;
}

function isRepetitive(pw: string): boolean {
  const chars = [...pw];
  if (new Set(chars).size <= 2) return true;
  // A short unit repeated: "abcabcabcabc", "hejhejhejhej".
  for (let unit = 1; unit <= 4; unit++) {
    if (chars.length % unit === 0 && chars.length / unit >= 3) {
      const head = chars.slice(0, unit).join('');
      if (head.repeat(chars.length / unit) === pw) return true;
    }
  }
  // A straight run up or down by one code point: "abcdefghijkl", "987654321098" wraps so is caught by COMMON.
  const cps = chars.map((c) => c.codePointAt(0) as number);
  const step = cps[1] - cps[0];
  if ((step === 1 || step === -1) && cps.every((c, i) => i === 0 || c - cps[i - 1] === step)) return true;
  return false;
}

/**
 * Checks a new password against the policy: 12 to 256 characters (Unicode code points, after NFKC),
 * not one of the most common passwords (also with digits or punctuation added), not a repetition or
 * straight run, and not containing the user's own e-mail, name or the like (`context.personal`).
 * No composition rules (NIST SP 800-63B): length beats "one digit and one capital".
 */
export function checkPasswordPolicy(password: unknown, context: PasswordContext = {}): PasswordPolicyResult {
  if (typeof password !== 'string') {
    return { ok: false, problems: [{ code: 'not-string', message: 'Ange ett lösenord.' }] };
  }
  const pw = normalise(password);
  const problems: PasswordProblem[] = [];
  const length = codePoints(pw);
  if (length < PASSWORD_MIN_LENGTH) {
    problems.push({ code: 'too-short', message: `Lösenordet måste vara minst ${PASSWORD_MIN_LENGTH} tecken långt.` });
  }
  if (length > PASSWORD_MAX_LENGTH) {
    problems.push({ code: 'too-long', message: `Lösenordet får vara högst ${PASSWORD_MAX_LENGTH} tecken långt.` });
  }
  const lower = pw.toLowerCase();
  const base = lower.replace(AFFIX, '');
  if (COMMON.has(lower) || COMMON.has(base) || COMMON.has(lower.replace(/\s+/g, ''))) {
    problems.push({ code: 'common', message: 'Lösenordet är för vanligt och lätt att gissa. Välj ett annat, gärna flera ord.' });
  } else if (isRepetitive(lower)) {
    problems.push({ code: 'repetitive', message: 'Lösenordet består av upprepade tecken eller en enkel följd. Välj ett annat.' });
  }
  for (const raw of context.personal ?? []) {
    if (typeof raw !== 'string') continue;
    const words = [raw, ...raw.split(/[@\s.,_-]+/)].map((w) => w.normalize('NFKC').toLowerCase().trim()).filter((w) => codePoints(w) >= 4);
    if (words.some((w) => lower.includes(w))) {
      problems.push({ code: 'contains-personal', message: 'Lösenordet får inte innehålla din e-postadress, ditt namn eller organisationens namn.' });
      break;
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true };
}
