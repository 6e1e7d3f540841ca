import { PLACEHOLDER_SECRET, checkServerSecret, deriveKey } from './secret';

describe(checkServerSecret.name, () => {
  const real = 'Vq3xk0N8ZlC2y7Hf1RbW9sTpJ4uM6eGdA5oK8iL0nXz3QwYc';
  const codes = (v: string | undefined, production: boolean) => checkServerSecret(v, { production }).map((p) => p.code);

  it.each([
    ['a real secret in production', real, true, []],
    ['missing in production', undefined, true, ['missing']],
    ['blank in production', '   ', true, ['missing']],
    ['missing outside production', undefined, false, ['missing']],
    ['the .env.example placeholder in production', PLACEHOLDER_SECRET, true, ['placeholder']],
    ['a changeme value in production', 'changeme-changeme-changeme-changeme', true, ['placeholder', 'low-variety']],
    ['a short value in production', 'Vq3xk0N8ZlC2y7Hf', true, ['too-short']],
    ['a repetitive value in production', 'ab'.repeat(20), true, ['low-variety']],
    ['a short value outside production', 'test', false, []],
    ['the placeholder outside production', PLACEHOLDER_SECRET, false, []],
  ])('%s', (_label, value, production, expected) => {
    expect(codes(value, production)).toEqual(expected);
  });

  it('explains how to make a secret', () => {
    expect(checkServerSecret(PLACEHOLDER_SECRET, { production: true })[0].message).toContain('openssl rand -base64 48');
  });
});

describe(deriveKey.name, () => {
  it('gives independent 32-byte keys per purpose and per secret, deterministically', () => {
    const a = deriveKey('server secret', 'csrf/v1');
    expect(a).toHaveLength(32);
    expect(deriveKey('server secret', 'csrf/v1').equals(a)).toBe(true);
    expect(deriveKey('server secret', 'other/v1').equals(a)).toBe(false);
    expect(deriveKey('server secreT', 'csrf/v1').equals(a)).toBe(false);
  });

  it('refuses an empty secret', () => {
    expect(() => deriveKey('', 'csrf/v1')).toThrow(TypeError);
    expect(() => deriveKey(Buffer.alloc(0), 'csrf/v1')).toThrow(TypeError);
  });
});
