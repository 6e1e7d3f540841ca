import fc from 'fast-check';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { constantTimeEqual, hashToken, looksLikeToken, newLinkToken, newSessionToken, newToken, tokenMatchesHash } from './tokens';

const run = promisify(execFile);

describe(newToken.name, () => {
  it('gives 32 random bytes as unpadded base64url by default', () => {
    const t = newToken();
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(t, 'base64url')).toHaveLength(32);
  });

  it('gives at least 128 bits and refuses less', () => {
    expect(Buffer.from(newToken(16), 'base64url')).toHaveLength(16);
    expect(() => newToken(15)).toThrow(RangeError);
    expect(() => newToken(0)).toThrow(RangeError);
    expect(() => newToken(16.5)).toThrow(RangeError);
  });

  it('does not repeat and uses the whole alphabet (a crude randomness check)', () => {
    const tokens = Array.from({ length: 2000 }, () => newToken());
    expect(new Set(tokens).size).toBe(tokens.length);
    const chars = new Set(tokens.join(''));
    expect(chars.size).toBe(64);
  });
});

describe(hashToken.name, () => {
  it('is the SHA-256 hex of the UTF-8 token, as OpenSSL computes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'justera-auth-'));
    try {
      const token = newToken();
      const file = join(dir, 'token');
      writeFileSync(file, token);
      const { stdout } = await run('openssl', ['dgst', '-sha256', '-r', file]);
      expect(hashToken(token)).toBe(stdout.split(' ')[0]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('matches a known digest and refuses non-strings', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(() => hashToken(undefined as unknown as string)).toThrow(TypeError);
  });
});

describe(constantTimeEqual.name, () => {
  it.each([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'abcd', false],
    ['', '', true],
    ['', 'a', false],
    ['åäö', 'åäö', true],
    ['a\u030a', '\u00e5', false], // byte-exact: no normalisation here
  ])('%j vs %j -> %s', (a, b, expected) => {
    expect(constantTimeEqual(a, b)).toBe(expected);
  });

  it('agrees with === on arbitrary strings (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => constantTimeEqual(a, b) === (a === b) && constantTimeEqual(a, a)),
      { numRuns: 500 },
    );
  });

  it('treats non-strings as unequal, even to themselves', () => {
    expect(constantTimeEqual(undefined, undefined)).toBe(false);
    expect(constantTimeEqual(null, 'null')).toBe(false);
    expect(constantTimeEqual(1, 1)).toBe(false);
  });
});

describe(tokenMatchesHash.name, () => {
  it('matches its own hash (any case of hex) and nothing else', () => {
    const { token, tokenHash } = newSessionToken();
    expect(tokenMatchesHash(token, tokenHash)).toBe(true);
    expect(tokenMatchesHash(token, tokenHash.toUpperCase())).toBe(true);
    expect(tokenMatchesHash(token + 'x', tokenHash)).toBe(false);
    expect(tokenMatchesHash(tokenHash, tokenHash)).toBe(false);
    expect(tokenMatchesHash(undefined, tokenHash)).toBe(false);
  });
});

describe(newLinkToken.name, () => {
  it('gives a 256-bit token and only its hash for storage', () => {
    const a = newLinkToken();
    const b = newLinkToken();
    expect(Buffer.from(a.token, 'base64url')).toHaveLength(32);
    expect(a.tokenHash).toBe(hashToken(a.token));
    expect(a.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.tokenHash).not.toContain(a.token);
    expect(a.token).not.toBe(b.token);
  });
});

describe(looksLikeToken.name, () => {
  it('accepts issued tokens and rejects junk before any database lookup', () => {
    expect(looksLikeToken(newToken())).toBe(true);
    expect(looksLikeToken(newToken(16))).toBe(true);
    for (const bad of ['', 'short', 'a'.repeat(21), 'has space in it and is long enough', 'a+b/c='.repeat(5), 'x'.repeat(1401), null, 42]) {
      expect(looksLikeToken(bad)).toBe(false);
    }
  });
});
