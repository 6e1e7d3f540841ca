import { execFileSync } from 'node:child_process';
import { deriveKey } from './secret';
import { isSealedText, openText, sealText } from './sealed-text';

const SECRET = 'test-secret-0123456789abcdefghijklmnopqrstuvwxyz';

describe(sealText.name, () => {
  it('round-trips, hides the text and differs every time', () => {
    const body = 'Öppna länken: https://justera.example/sign/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg';
    const a = sealText(SECRET, body, 'row-1');
    const b = sealText(SECRET, body, 'row-1');
    expect(isSealedText(a)).toBe(true);
    expect(a).not.toBe(b);
    expect(a).not.toContain('/sign/');
    expect(openText(SECRET, a, 'row-1')).toBe(body);
  });

  it('refuses another secret, another row and an altered value', () => {
    const s = sealText(SECRET, 'hemligt', 'row-1');
    expect(() => openText(`${SECRET}x`, s, 'row-1')).toThrow();
    expect(() => openText(SECRET, s, 'row-2')).toThrow();
    const parts = s.split(':');
    parts[4] = Buffer.from('HEMLIGT').toString('base64url');
    expect(() => openText(SECRET, parts.join(':'), 'row-1')).toThrow();
    expect(() => openText(SECRET, 'klartext', 'row-1')).toThrow(/not a sealed value/);
  });

  it('derives its key with HKDF-SHA256 exactly as OpenSSL does', () => {
    // OpenSSL's enc does not do GCM; check the key derivation against `openssl kdf` instead.
    const key = execFileSync('openssl', ['kdf', '-keylen', '32', '-kdfopt', 'digest:SHA256', '-kdfopt', `key:${SECRET}`, '-kdfopt', 'salt:', '-kdfopt', 'info:justera/sealed-text/v1', 'HKDF'], { encoding: 'utf8' });
    expect(key.trim().replace(/:/g, '').toLowerCase()).toBe(deriveKey(SECRET, 'sealed-text/v1').toString('hex'));
  });
});
