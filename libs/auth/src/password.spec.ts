import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  DEFAULT_SCRYPT_PARAMS,
  checkPasswordPolicy,
  hashPassword,
  needsRehash,
  verifyPassword,
  verifyPasswordOrDummy,
  type ScryptParams,
} from './password';

const run = promisify(execFile);
/** Cheap parameters for tests that are not about cost. */
const FAST: ScryptParams = { logN: 10, r: 8, p: 1 };

/** Recomputes a stored hash with OpenSSL's scrypt, independently of node:crypto's binding. */
async function opensslScrypt(passwordUtf8: Buffer, salt: Buffer, logN: number, r: number, p: number, keylen: number): Promise<Buffer> {
  const { stdout } = await run('openssl', [
    'kdf', '-keylen', String(keylen),
    '-kdfopt', `hexpass:${passwordUtf8.toString('hex')}`,
    '-kdfopt', `hexsalt:${salt.toString('hex')}`,
    '-kdfopt', `n:${2 ** logN}`, '-kdfopt', `r:${r}`, '-kdfopt', `p:${p}`,
    '-kdfopt', 'maxmem_bytes:134217728',
    'SCRYPT',
  ]);
  return Buffer.from(stdout.trim().replace(/:/g, ''), 'hex');
}

describe(hashPassword.name, () => {
  it('writes scrypt$logN$r$p$salt$hash with the default N=2^15, r=8, p=1, and OpenSSL agrees on the hash', async () => {
    const stored = await hashPassword('Rättvis justering 2025');
    const parts = stored.split('$');
    expect(parts).toHaveLength(6);
    expect(parts.slice(0, 4)).toEqual(['scrypt', '15', '8', '1']);
    const salt = Buffer.from(parts[4], 'base64');
    const key = Buffer.from(parts[5], 'base64');
    expect(salt).toHaveLength(16);
    expect(key).toHaveLength(32);
    const expected = await opensslScrypt(Buffer.from('Rättvis justering 2025', 'utf8'), salt, 15, 8, 1, 32);
    expect(key.equals(expected)).toBe(true);
  });

  it('uses a fresh salt each time', async () => {
    const a = await hashPassword('samma lösenord här', FAST);
    const b = await hashPassword('samma lösenord här', FAST);
    expect(a).not.toBe(b);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
  });

  it('normalises to NFKC: decomposed and precomposed å hash alike, as OpenSSL confirms for the NFC bytes', async () => {
    const decomposed = 'Sa\u030angen om justering'; // a + combining ring
    const precomposed = 'S\u00e5ngen om justering';
    const stored = await hashPassword(decomposed, FAST);
    expect(await verifyPassword(precomposed, stored)).toBe(true);
    const [, , , , salt, key] = stored.split('$');
    const expected = await opensslScrypt(Buffer.from(precomposed, 'utf8'), Buffer.from(salt, 'base64'), 10, 8, 1, 32);
    expect(Buffer.from(key, 'base64').equals(expected)).toBe(true);
  });

  it('does not block the event loop while hashing', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    await hashPassword('ett långt lösenord', DEFAULT_SCRYPT_PARAMS);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(3);
  });

  it('refuses non-strings, absurd lengths and out-of-range parameters', async () => {
    await expect(hashPassword(42 as unknown as string)).rejects.toThrow(TypeError);
    await expect(hashPassword('x'.repeat(1025), FAST)).rejects.toThrow(TypeError);
    await expect(hashPassword('ett långt lösenord', { logN: 25, r: 8, p: 1 })).rejects.toThrow(RangeError);
    await expect(hashPassword('ett långt lösenord', { logN: 15, r: 0, p: 1 })).rejects.toThrow(RangeError);
  });
});

describe(verifyPassword.name, () => {
  it('accepts the RFC 7914 test vector written in our format (parameters are read from the string)', async () => {
    const vector =
      '7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887';
    const stored = ['scrypt', 14, 8, 1, Buffer.from('SodiumChloride').toString('base64'), Buffer.from(vector, 'hex').toString('base64')].join('$');
    expect(await verifyPassword('pleaseletmein', stored)).toBe(true);
    expect(await verifyPassword('pleaseletmeim', stored)).toBe(false);
  });

  it('accepts the right password and rejects wrong ones', async () => {
    const stored = await hashPassword('Korrekt häst batteri häftklammer', FAST);
    expect(await verifyPassword('Korrekt häst batteri häftklammer', stored)).toBe(true);
    expect(await verifyPassword('korrekt häst batteri häftklammer', stored)).toBe(false);
    expect(await verifyPassword('Korrekt häst batteri häftklammer ', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('returns false, never throws, for malformed or hostile stored strings', async () => {
    const good = await hashPassword('Korrekt häst batteri', FAST);
    const [, n, r, p, salt, key] = good.split('$');
    const bad = [
      '',
      'plaintext',
      `bcrypt$${n}$${r}$${p}$${salt}$${key}`,
      `scrypt$${n}$${r}$${p}$${salt}`,
      `scrypt$30$${r}$${p}$${salt}$${key}`, // would need 2^30 * 1 KiB of memory
      `scrypt$${n}$999$${p}$${salt}$${key}`,
      `scrypt$${n}$${r}$${p}$$${key}`,
      `scrypt$${n}$${r}$${p}$${salt}$!!notbase64!!`,
      `scrypt$-1$${r}$${p}$${salt}$${key}`,
      `scrypt$1e1$${r}$${p}$${salt}$${key}`,
      null,
      undefined,
      12,
    ];
    for (const s of bad) {
      await expect(verifyPassword('Korrekt häst batteri', s as string)).resolves.toBe(false);
    }
    await expect(verifyPassword(undefined as unknown as string, good)).resolves.toBe(false);
  });

  it('detects a flipped bit in the stored hash', async () => {
    const stored = await hashPassword('Korrekt häst batteri', FAST);
    const parts = stored.split('$');
    const key = Buffer.from(parts[5], 'base64');
    key[31] ^= 1;
    parts[5] = key.toString('base64');
    expect(await verifyPassword('Korrekt häst batteri', parts.join('$'))).toBe(false);
  });
});

describe(verifyPasswordOrDummy.name, () => {
  it('verifies real hashes and returns false for a missing user after doing comparable work', async () => {
    const stored = await hashPassword('Korrekt häst batteri', FAST);
    expect(await verifyPasswordOrDummy('Korrekt häst batteri', stored)).toBe(true);
    const t0 = process.hrtime.bigint();
    expect(await verifyPasswordOrDummy('Korrekt häst batteri', null)).toBe(false); // first call also builds the dummy hash
    const t1 = process.hrtime.bigint();
    expect(await verifyPasswordOrDummy('Korrekt häst batteri', undefined)).toBe(false);
    const t2 = process.hrtime.bigint();
    // A full-strength scrypt takes tens of milliseconds at least; returning at once would leak existence.
    expect(Number(t1 - t0) / 1e6).toBeGreaterThan(10);
    expect(Number(t2 - t1) / 1e6).toBeGreaterThan(10);
  });
});

describe(needsRehash.name, () => {
  it('is false for current parameters and true for weaker, different or unreadable ones', async () => {
    const fast = await hashPassword('Korrekt häst batteri', FAST);
    expect(needsRehash(fast, FAST)).toBe(false);
    expect(needsRehash(fast)).toBe(true);
    expect(needsRehash(fast.replace('scrypt$10$8$1$', 'scrypt$15$8$1$'))).toBe(false);
    expect(needsRehash(fast.replace('scrypt$10$8$1$', 'scrypt$15$8$2$'))).toBe(true);
    expect(needsRehash('scrypt$15$8$1$garbage')).toBe(true);
    expect(needsRehash('')).toBe(true);
  });
});

describe(checkPasswordPolicy.name, () => {
  const codes = (pw: unknown, personal?: string[]) => {
    const r = checkPasswordPolicy(pw, { personal });
    return r.ok ? [] : r.problems.map((p) => p.code);
  };

  it.each([
    ['Korrekt häst batteri', []],
    ['grön-tåg-älg-snö-97', []],
    ['x7#Kq9!mZp2$', []], // exactly 12
    ['kort', ['too-short']],
    ['elva tecken', ['too-short']], // 11
    ['Korrekt häst batteri '.repeat(13), ['too-long']], // 273 characters
    ['password1234', ['common']],
    ['Lösenord2024!', ['common']],
    ['LOSENORD123456', ['common']],
    ['!!Sommar2025??', ['common']],
    ['qwertyuiopå12', ['common']],
    ['123456789012', ['common']],
    ['Tre Kronor 2025', ['common']],
    ['aaaaaaaaaaaaaaa', ['repetitive']],
    ['abababababab', ['repetitive']],
    ['hejhejhejhejhej', ['repetitive']],
    ['abcdefghijklm', ['repetitive']],
  ])('%j -> %j', (pw, expected) => {
    expect(codes(pw)).toEqual(expected);
  });

  it('counts code points after NFKC, not UTF-16 units: 12 emoji or 12 decomposed letters are 12 characters', () => {
    expect(codes('🔒🐘🦊🌲🚲🎻🧭🍎🐝🦉🐢🐙')).toEqual([]); // 12 code points, 24 UTF-16 units
    expect(codes('🔒🐘🦊🌲🚲🎻🧭🍎🐝🦉🐢')).toEqual(['too-short']);
    expect(codes('a\u030a'.repeat(5) + 'bcdefg')).toEqual(['too-short']); // 16 UTF-16 units, 11 code points after NFC
    expect(codes('a\u030a'.repeat(5) + 'bcdefgh')).toEqual([]);
  });

  it('rejects passwords containing the e-mail local part, name or organisation', () => {
    expect(codes('annasvensson-justerar', ['anna.svensson@example.se', 'Anna Svensson'])).toEqual(['contains-personal']);
    expect(codes('Mitt Sundsvall lösen', ['Sundsvalls kommun'])).toEqual([]);
    expect(codes('Mitt Sundsvalls lösen', ['Sundsvalls kommun'])).toEqual(['contains-personal']);
    expect(codes('Korrekt häst batteri', ['anna.svensson@example.se', null as unknown as string])).toEqual([]);
  });

  it('gives Swedish messages and rejects non-strings', () => {
    const r = checkPasswordPolicy('kort');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].message).toBe('Lösenordet måste vara minst 12 tecken långt.');
    expect(codes(undefined)).toEqual(['not-string']);
    expect(codes({})).toEqual(['not-string']);
  });
});
