import { hashPersonalNumber, normalisePersonalNumber, personalNumberKey } from './personal-number';

describe(hashPersonalNumber.name, () => {
  const key = personalNumberKey('s'.repeat(40));

  it('widens and normalises the usual forms', () => {
    const today = new Date('2026-12-06T12:00:00Z');
    expect(normalisePersonalNumber('19811218-9876', today)).toBe('198112189876');
    expect(normalisePersonalNumber('198112189876', today)).toBe('198112189876');
    expect(normalisePersonalNumber('811218-9876', today)).toBe('198112189876');
    expect(normalisePersonalNumber('121212-1212', today)).toBe('201212121212');
    expect(normalisePersonalNumber('121212+1212', today)).toBe('191212121212');
    expect(normalisePersonalNumber('not a number', today)).toBeNull();
  });

  it('is a keyed HMAC: the same number gives the same hash, another key another, and the digits never appear', () => {
    const h = hashPersonalNumber('19811218-9876', key)!;
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashPersonalNumber('198112189876', key)).toBe(h);
    expect(hashPersonalNumber('198112189876', personalNumberKey('t'.repeat(40)))).not.toBe(h);
    expect(h).not.toContain('198112189876');
    // Not the plain SHA-256 that anyone could compute by trying every number.
    expect(h).not.toBe(require('node:crypto').createHash('sha256').update('198112189876').digest('hex'));
    expect(hashPersonalNumber('garbage', key)).toBeNull();
  });
});
