import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { loadCertificateAuthority, loadOrganisationSeal, loadTimestampUnit, TSU_ROTATE_BEFORE_MS } from './keystore';
import { testCa, TEST_NOW } from './testing/ca-fixture';
import { issueSealCertificate, issueTsaCertificate } from './crypto/certificates';

// Counts the time-stamping unit certificates (and so the RSA keys) the keystore makes.
jest.mock('./crypto/certificates', () => {
  const actual = jest.requireActual<typeof import('./crypto/certificates')>('./crypto/certificates');
  return { ...actual, issueTsaCertificate: jest.fn(actual.issueTsaCertificate) };
});
const issued = issueTsaCertificate as jest.MockedFunction<typeof issueTsaCertificate>;
import { pem, tempDir } from './testing/tools';

// External checkers (openssl, pdfsig, qpdf) and key generation: slow on a busy machine.
jest.setTimeout(60_000);

describe(loadOrganisationSeal.name, () => {
  const tmp = tempDir('keystore-');
  afterAll(() => tmp.cleanup());
  const secret = 'development-secret-0123';

  it('creates the development bundle once (mode 0600), then loads the same CA and seal', () => {
    const env = { JUSTERA_CA_DIR: `${tmp.dir}/dev`, JUSTERA_SECRET: secret, JUSTERA_ORGANISATION: 'Testkommun' };
    expect(() => loadCertificateAuthority(env)).toThrow(/ca init/);
    const first = loadCertificateAuthority(env, { create: true });
    expect(first.created).toBe(true);
    expect(statSync(first.bundlePath!).mode & 0o777).toBe(0o600);
    const seal = loadOrganisationSeal(env);
    const again = loadCertificateAuthority(env);
    expect(again.created).toBe(false);
    expect(again.ca.root.certificate.equals(first.ca.root.certificate)).toBe(true);
    expect(seal.certificate.equals(first.ca.seal!.certificate)).toBe(true);
    expect(seal.chain).toHaveLength(2);
    expect(() => loadOrganisationSeal({ ...env, JUSTERA_SECRET: 'another-secret-0123456' })).toThrow(/cannot be decrypted/);
    expect(() => loadOrganisationSeal({ ...env, JUSTERA_SECRET: 'short' })).toThrow(/JUSTERA_SECRET/);
  });

  it('uses a production CA from JUSTERA_CA_P12 and keeps the seal it issues in an encrypted seal bundle', () => {
    const ca = testCa();
    const key = tmp.file('ca.key', ca.issuing.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const p12 = tmp.file('ca.p12');
    execFileSync('openssl', ['pkcs12', '-export', '-inkey', key, '-in', tmp.file('ca.pem', pem(ca.issuing.certificate)), '-certfile', tmp.file('root.pem', pem(ca.root.certificate)), '-out', p12, '-passout', 'pass:hemligt']);
    const env = { JUSTERA_CA_P12: p12, JUSTERA_CA_P12_PASSPHRASE: 'hemligt', JUSTERA_CA_DIR: `${tmp.dir}/prod`, JUSTERA_SECRET: secret };
    expect(loadCertificateAuthority(env).source).toBe('pkcs12');
    const seal = loadOrganisationSeal(env, { create: true, now: TEST_NOW });
    expect(seal.chain.map((c) => c.equals(ca.issuing.certificate) || c.equals(ca.root.certificate))).toEqual([true, true]);
    const again = loadOrganisationSeal(env);
    expect(again.certificate.equals(seal.certificate)).toBe(true);
    expect(readFileSync(`${tmp.dir}/prod/seal.bundle`).includes(seal.certificate)).toBe(false);
  });

  it('uses JUSTERA_SEAL_P12 when set', () => {
    const ca = testCa();
    const seal = issueSealCertificate(ca, { organisation: 'Testkommun', now: TEST_NOW, keyBits: 2048 });
    const p12 = tmp.file('seal.p12');
    execFileSync('openssl', ['pkcs12', '-export', '-inkey', tmp.file('seal.key', seal.privateKey.export({ type: 'pkcs8', format: 'pem' })), '-in', tmp.file('seal.pem', pem(seal.certificate)), '-certfile', tmp.file('chain.pem', pem(ca.issuing.certificate) + pem(ca.root.certificate)), '-out', p12, '-passout', 'pass:x']);
    const loaded = loadOrganisationSeal({ JUSTERA_SEAL_P12: p12, JUSTERA_SEAL_P12_PASSPHRASE: 'x' });
    expect(loaded.certificate.equals(seal.certificate)).toBe(true);
    expect(loaded.chain[0].equals(ca.issuing.certificate)).toBe(true);
    expect(loaded.chain[1].equals(ca.root.certificate)).toBe(true);
  });
});

describe(loadTimestampUnit.name, () => {
  const tmp = tempDir('keystore-tsu-');
  afterAll(() => tmp.cleanup());
  const secret = 'development-secret-0123';
  const YEAR = 365 * 24 * 3600_000;
  const notAfter = (der: Buffer) => new Date(new X509Certificate(der).validTo);
  beforeEach(() => issued.mockClear());

  it('creates the unit once, keeps it while fresh, and rotates it when a longer-lived one can be issued', () => {
    const ca = testCa();
    const env = { JUSTERA_CA_DIR: `${tmp.dir}/dev`, JUSTERA_SECRET: secret };
    expect(() => loadTimestampUnit(env, { now: TEST_NOW, ca })).toThrow(/tsu|tidsstämpelenhet/);
    const first = loadTimestampUnit(env, { create: true, now: TEST_NOW, ca });
    expect(new X509Certificate(first.certificate).keyUsage).toEqual(['1.3.6.1.5.5.7.3.8']);
    expect(loadTimestampUnit(env, { create: true, now: new Date(TEST_NOW.getTime() + YEAR / 2), ca }).certificate.equals(first.certificate)).toBe(true);
    expect(issued).toHaveBeenCalledTimes(1);
    // Less than TSU_ROTATE_BEFORE_MS left, and the development root (20 years) allows a longer one.
    const later = new Date(notAfter(first.certificate).getTime() - TSU_ROTATE_BEFORE_MS + 24 * 3600_000);
    const rotated = loadTimestampUnit(env, { create: true, now: later, ca });
    expect(rotated.certificate.equals(first.certificate)).toBe(false);
    expect(notAfter(rotated.certificate).getTime()).toBeGreaterThan(notAfter(first.certificate).getTime());
    expect(loadTimestampUnit(env, { now: later }).certificate.equals(rotated.certificate)).toBe(true);
  });

  it('makes no key when its issuer ends first (a production issuing CA): the current unit is kept without a new key', () => {
    const dev = testCa();
    // No root key, as with a PKCS#12 CA: the issuing CA (ten years) issues the unit and caps it.
    const ca = { ...dev, root: { certificate: dev.root.certificate } };
    const env = { JUSTERA_CA_DIR: `${tmp.dir}/prod`, JUSTERA_SECRET: secret };
    const first = loadTimestampUnit(env, { create: true, now: TEST_NOW, ca });
    expect(notAfter(first.certificate).getTime()).toBe(notAfter(ca.issuing.certificate).getTime());
    for (const days of [1, 2, 30]) {
      const again = loadTimestampUnit(env, { create: true, now: new Date(TEST_NOW.getTime() + days * 24 * 3600_000), ca });
      expect(again.certificate.equals(first.certificate)).toBe(true);
    }
    expect(issued).toHaveBeenCalledTimes(1);
  });
});
