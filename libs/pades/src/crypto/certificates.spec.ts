import { X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { run, tempDir, pem } from '../testing/tools';
import {
  createDevelopmentCa,
  issueSealCertificate,
  issueSignerCertificate,
  loadCaFromPkcs12,
  type CertificateAuthority,
} from './certificates';
import { decryptCaBundle, encryptCaBundle } from './bundle';

// External checkers (openssl, pdfsig, qpdf) and key generation: slow on a busy machine.
jest.setTimeout(60_000);

const now = new Date('2025-03-05T09:00:00Z');

describe(createDevelopmentCa.name, () => {
  let ca: CertificateAuthority;
  const tmp = tempDir();
  beforeAll(() => {
    ca = createDevelopmentCa({ organisation: 'Exempelkommunen', now, crlUrl: 'http://127.0.0.1:9/issuing.crl' });
  });
  afterAll(() => tmp.cleanup());

  it('makes a root and an issuing CA that openssl accepts, with CA extensions', async () => {
    const root = tmp.file('root.pem', pem(ca.root.certificate));
    const issuing = tmp.file('issuing.pem', pem(ca.issuing.certificate));
    const r = await run('openssl', ['verify', '-attime', String(now.getTime() / 1000 + 60), '-CAfile', root, issuing]);
    expect(r.stdout).toContain(': OK');
    const text = (await run('openssl', ['x509', '-in', issuing, '-noout', '-text'])).stdout;
    expect(text).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    expect(text).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign/);
    expect(text).toContain('X509v3 Subject Key Identifier');
    expect(text).toContain('X509v3 Authority Key Identifier');
    expect(text).toContain('Public-Key: (3072 bit)');
    const rootX = new X509Certificate(ca.root.certificate);
    expect(new X509Certificate(ca.issuing.certificate).verify(rootX.publicKey)).toBe(true);
  });

  it('issues a one-day signer certificate: CN name, title role, O, non-repudiation, CRL DP, random serial', async () => {
    const a = issueSignerCertificate(ca, {
      name: 'Åsa Öberg',
      role: 'Ordförande',
      organisation: 'Exempelkommunen',
      email: 'asa@example.se',
      now,
    });
    const b = issueSignerCertificate(ca, { name: 'Åsa Öberg', role: 'Ordförande', organisation: 'Exempelkommunen', now });
    const xa = new X509Certificate(a.certificate);
    expect(xa.serialNumber).not.toEqual(new X509Certificate(b.certificate).serialNumber);
    expect(xa.subject).toContain('CN=Åsa Öberg');
    expect(xa.subject).toContain('title=Ordförande');
    expect(xa.subject).toContain('O=Exempelkommunen');
    expect(new Date(xa.validTo).getTime() - now.getTime()).toBeLessThanOrEqual(24 * 3600 * 1000);
    const f = tmp.file('signer.pem', pem(a.certificate));
    const text = (await run('openssl', ['x509', '-in', f, '-noout', '-text', '-nameopt', 'utf8'])).stdout;
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation/);
    expect(text).toContain('URI:http://127.0.0.1:9/issuing.crl');
    expect(text).toContain('email:asa@example.se');
    const root = tmp.file('root.pem', pem(ca.root.certificate));
    const untrusted = tmp.file('issuing.pem', pem(ca.issuing.certificate));
    const v = await run('openssl', ['verify', '-attime', String(now.getTime() / 1000 + 60), '-CAfile', root, '-untrusted', untrusted, f]);
    expect(v.stdout).toContain(': OK');
  });

  it('issues a long-lived seal certificate', () => {
    const seal = issueSealCertificate(ca, { organisation: 'Exempelkommunen', now, keyBits: 2048 });
    const x = new X509Certificate(seal.certificate);
    expect(x.subject).toContain('CN=Exempelkommunen elektronisk stämpel');
    expect(new Date(x.validTo).getTime() - now.getTime()).toBeGreaterThan(2 * 365 * 24 * 3600 * 1000);
    expect(x.checkIssued(new X509Certificate(ca.issuing.certificate))).toBe(true);
  });

  it('round-trips through the encrypted bundle, which holds no key in clear and refuses a wrong secret', () => {
    const secret = 'a-long-development-secret';
    const blob = encryptCaBundle(ca, secret);
    const keyDer = ca.issuing.privateKey.export({ type: 'pkcs8', format: 'der' });
    expect(blob.includes(keyDer.subarray(40, 80))).toBe(false);
    expect(blob.toString('latin1')).not.toContain(keyDer.subarray(40, 80).toString('base64').slice(0, 20));
    const back = decryptCaBundle(blob, secret);
    expect(back.issuing.certificate.equals(ca.issuing.certificate)).toBe(true);
    expect(back.issuing.privateKey.export({ type: 'pkcs8', format: 'der' }).equals(keyDer)).toBe(true);
    expect(() => decryptCaBundle(blob, 'another-long-secret-value')).toThrow(/cannot be decrypted/);
  });

  it('loads a production CA from an openssl-made PKCS#12', () => {
    const key = tmp.file('issuing.key', ca.issuing.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const cert = tmp.file('issuing.pem', pem(ca.issuing.certificate));
    const chain = tmp.file('root.pem', pem(ca.root.certificate));
    const p12 = tmp.file('ca.p12');
    execFileSync('openssl', ['pkcs12', '-export', '-inkey', key, '-in', cert, '-certfile', chain, '-out', p12, '-passout', 'pass:hemligt']);
    const loaded = loadCaFromPkcs12(require('node:fs').readFileSync(p12), 'hemligt');
    expect(loaded.issuing.certificate.equals(ca.issuing.certificate)).toBe(true);
    expect(loaded.root.certificate.equals(ca.root.certificate)).toBe(true);
    expect(loaded.organisation).toBe('Exempelkommunen');
    expect(() => loadCaFromPkcs12(require('node:fs').readFileSync(p12), 'fel')).toThrow();
  });
});
