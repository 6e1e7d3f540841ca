import fc from 'fast-check';
import { apiKeyHint, newApiKey, parseApiKey, verifyApiKey, verifyApiKeySecret } from './api-keys';
import { hashToken } from './tokens';

describe(newApiKey.name, () => {
  it('makes jst_<16 hex>_<64 hex> and returns the public id and the SHA-256 of the secret', () => {
    const k = newApiKey();
    expect(k.key).toMatch(/^jst_[0-9a-f]{16}_[0-9a-f]{64}$/);
    const [, publicId, secret] = k.key.split('_');
    expect(k.publicId).toBe(publicId);
    expect(k.secretHash).toBe(hashToken(secret));
    expect(k.secretHash).not.toContain(secret);
    expect(JSON.stringify({ publicId: k.publicId, secretHash: k.secretHash })).not.toContain(secret);
  });

  it('never repeats public ids or secrets', () => {
    const keys = Array.from({ length: 500 }, () => newApiKey());
    expect(new Set(keys.map((k) => k.publicId)).size).toBe(500);
    expect(new Set(keys.map((k) => k.key)).size).toBe(500);
  });
});

describe(parseApiKey.name, () => {
  const good = newApiKey().key;

  it('splits a well-formed key', () => {
    const p = parseApiKey(good);
    expect(p).toEqual({ publicId: good.slice(4, 20), secret: good.slice(21) });
  });

  it.each([
    ['empty', ''],
    ['wrong prefix', good.replace(/^jst_/, 'jsx_')],
    ['no prefix', good.slice(4)],
    ['upper-case hex', good.toUpperCase()],
    ['upper-case letter in secret', good.slice(0, 21) + 'A' + good.slice(22)],
    ['upper-case letter in public id', good.slice(0, 4) + 'F' + good.slice(5)],
    ['leading space', ' ' + good.slice(1)],
    ['trailing newline', good.slice(0, -1) + '\n'],
    ['Bearer prefix', 'Bearer ' + good],
    ['short secret', good.slice(0, -1)],
    ['long secret', good + 'a'],
    ['non-hex char', good.slice(0, -1) + 'g'],
    ['dash for underscore', good.replace(/_([0-9a-f]{64})$/, '-$1')],
    ['extra segment', good.slice(0, 20) + '_' + good.slice(20)],
    ['huge input', 'jst_' + 'a'.repeat(1_000_000)],
  ])('rejects %s without throwing', (_label, raw) => {
    expect(parseApiKey(raw)).toBeNull();
  });

  it.each([undefined, null, 42, {}, [good]])('rejects the non-string %p', (raw) => {
    expect(parseApiKey(raw)).toBeNull();
  });

  it('never throws, and accepts exactly the strings of the documented shape (property)', () => {
    const shape = /^jst_[0-9a-f]{16}_[0-9a-f]{64}$/;
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 120 }), fc.stringMatching(shape), fc.anything()), (raw) => {
        const p = parseApiKey(raw);
        const valid = typeof raw === 'string' && shape.test(raw);
        return valid ? p !== null && `jst_${p.publicId}_${p.secret}` === raw : p === null;
      }),
      { numRuns: 500 },
    );
  });

  it('parses every key newApiKey makes back into its public id (property)', () => {
    fc.assert(
      fc.property(fc.constant(null), () => {
        const k = newApiKey();
        return parseApiKey(k.key)?.publicId === k.publicId;
      }),
      { numRuns: 200 },
    );
  });
});

describe(verifyApiKey.name, () => {
  it('accepts the key against its own row and rejects other keys, other rows and junk', () => {
    const a = newApiKey();
    const b = newApiKey();
    expect(verifyApiKey(a.key, a.publicId, a.secretHash)).toBe(true);
    expect(verifyApiKey(a.key, a.publicId, a.secretHash.toUpperCase())).toBe(true);
    expect(verifyApiKey(b.key, a.publicId, a.secretHash)).toBe(false);
    expect(verifyApiKey(a.key, b.publicId, a.secretHash)).toBe(false); // secret right, row wrong
    expect(verifyApiKey(a.key, a.publicId, b.secretHash)).toBe(false);
    expect(verifyApiKey(`jst_${a.publicId}_${b.key.slice(21)}`, a.publicId, a.secretHash)).toBe(false);
    expect(verifyApiKey('garbage', a.publicId, a.secretHash)).toBe(false);
    expect(verifyApiKey(undefined, a.publicId, a.secretHash)).toBe(false);
  });
});

describe(verifyApiKeySecret.name, () => {
  it('compares the hash of the secret part', () => {
    const a = newApiKey();
    const secret = a.key.slice(21);
    expect(verifyApiKeySecret(secret, a.secretHash)).toBe(true);
    expect(verifyApiKeySecret(a.secretHash, a.secretHash)).toBe(false);
    expect(verifyApiKeySecret(undefined as unknown as string, a.secretHash)).toBe(false);
  });
});

describe(apiKeyHint.name, () => {
  it('shows the public part only', () => {
    expect(apiKeyHint('0123456789abcdef')).toBe('jst_0123456789abcdef_…');
  });
});
