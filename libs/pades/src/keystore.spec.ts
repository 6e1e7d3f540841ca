import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import {
  loadCertificateAuthority,
  loadOrganisationSeal,
  loadTimestampUnit,
  organisationSeal,
  SEAL_RENEW_BEFORE_MS,
  TSU_ROTATE_BEFORE_MS,
} from './keystore';
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
    execFileSync('openssl', [
      'pkcs12',
      '-export',
      '-inkey',
      key,
      '-in',
      tmp.file('ca.pem', pem(ca.issuing.certificate)),
      '-certfile',
      tmp.file('root.pem', pem(ca.root.certificate)),
      '-out',
      p12,
      '-passout',
      'pass:hemligt',
    ]);
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
    execFileSync('openssl', [
      'pkcs12',
      '-export',
      '-inkey',
      tmp.file('seal.key', seal.privateKey.export({ type: 'pkcs8', format: 'pem' })),
      '-in',
      tmp.file('seal.pem', pem(seal.certificate)),
      '-certfile',
      tmp.file('chain.pem', pem(ca.issuing.certificate) + pem(ca.root.certificate)),
      '-out',
      p12,
      '-passout',
      'pass:x',
    ]);
    const loaded = loadOrganisationSeal({ JUSTERA_SEAL_P12: p12, JUSTERA_SEAL_P12_PASSPHRASE: 'x' });
    expect(loaded.certificate.equals(seal.certificate)).toBe(true);
    expect(loaded.chain[0].equals(ca.issuing.certificate)).toBe(true);
    expect(loaded.chain[1].equals(ca.root.certificate)).toBe(true);
  });
});

describe(organisationSeal.name, () => {
  const tmp = tempDir('keystore-orgseal-');
  afterAll(() => tmp.cleanup());
  const secret = 'development-secret-0123';
  const subject = (der: Buffer) => new X509Certificate(der).subject;
  const ORG = '0b7e2a52-3c1d-4f6e-9a8b-1c2d3e4f5a6b';

  it('issues each organisation its own seal naming it, keeps it, and reissues it when the name changes', () => {
    const ca = testCa();
    const env = { JUSTERA_CA_DIR: `${tmp.dir}/orgs`, JUSTERA_SECRET: secret, JUSTERA_ORGANISATION: 'Utvecklingskommunen' };
    expect(() => organisationSeal(env, { organisation: { id: ORG, name: 'Demo kommun' }, ca, now: TEST_NOW })).toThrow(/no seal bundle/);
    const demo = loadOrganisationSeal(env, { create: true, organisation: { id: ORG, name: 'Demo kommun' }, ca, now: TEST_NOW });
    expect(subject(demo.certificate)).toMatch(/^O=Demo kommun$/m);
    expect(subject(demo.certificate)).toMatch(/^CN=Demo kommun elektronisk stämpel$/m);
    expect(subject(demo.certificate)).not.toContain('Utvecklingskommunen');
    expect(new X509Certificate(demo.certificate).checkIssued(new X509Certificate(ca.issuing.certificate))).toBe(true);
    expect(demo.chain.map((c) => c.equals(ca.issuing.certificate) || c.equals(ca.root.certificate))).toEqual([true, true]);
    // The same name: the same seal, also without `create` (another process reads it).
    expect(
      organisationSeal(env, { organisation: { id: ORG, name: ' Demo kommun ' }, now: TEST_NOW }).certificate.equals(demo.certificate),
    ).toBe(true);
    // Renamed: a new seal naming the new name, from the same CA; the earlier name's seal is kept.
    const renamed = organisationSeal(env, { create: true, organisation: { id: ORG, name: 'Nämndkommunen Öst' }, ca, now: TEST_NOW });
    expect(renamed.certificate.equals(demo.certificate)).toBe(false);
    expect(subject(renamed.certificate)).toMatch(/^O=Nämndkommunen Öst$/m);
    expect(new X509Certificate(renamed.certificate).checkIssued(new X509Certificate(ca.issuing.certificate))).toBe(true);
    expect(
      organisationSeal(env, { organisation: { id: ORG, name: 'Demo kommun' }, now: TEST_NOW }).certificate.equals(demo.certificate),
    ).toBe(true);
    // Another organisation of the installation (a gemensam nämnd's partner): its own seal and name.
    const other = organisationSeal(env, {
      create: true,
      organisation: { id: 'a1b2c3d4-0000-4000-8000-000000000001', name: 'Grannkommunen' },
      ca,
      now: TEST_NOW,
    });
    expect(subject(other.certificate)).toMatch(/^O=Grannkommunen$/m);
    // Kept encrypted, never in clear.
    const files = execFileSync('find', [`${tmp.dir}/orgs/seals`, '-type', 'f'], { encoding: 'utf8' })
      .trim()
      .split('\n');
    expect(files).toHaveLength(3);
    for (const f of files) {
      expect(statSync(f).mode & 0o777).toBe(0o600);
      expect(readFileSync(f).includes(Buffer.from('Demo kommun'))).toBe(false);
    }
  });

  it('reissues a seal that is about to expire, and refuses an id that is not a plain identifier', () => {
    const ca = testCa();
    const env = { JUSTERA_CA_DIR: `${tmp.dir}/renew`, JUSTERA_SECRET: secret };
    const organisation = { id: ORG, name: 'Demo kommun' };
    const first = organisationSeal(env, { create: true, organisation, ca, now: TEST_NOW });
    const end = new Date(new X509Certificate(first.certificate).validTo).getTime();
    const late = new Date(end - SEAL_RENEW_BEFORE_MS - 24 * 3600_000);
    expect(organisationSeal(env, { create: true, organisation, ca, now: late }).certificate.equals(first.certificate)).toBe(true);
    const due = new Date(end - SEAL_RENEW_BEFORE_MS + 24 * 3600_000);
    const next = organisationSeal(env, { create: true, organisation, ca, now: due });
    expect(next.certificate.equals(first.certificate)).toBe(false);
    expect(new Date(new X509Certificate(next.certificate).validTo).getTime()).toBeGreaterThan(end);
    expect(() => organisationSeal(env, { create: true, organisation: { id: '../ca', name: 'X' }, ca })).toThrow(/organisation id/);
    expect(() => organisationSeal(env, { create: true, organisation: { id: ORG, name: '  ' }, ca })).toThrow(/no name/);
  });

  it('JUSTERA_SEAL_P12 is the seal of every organisation', () => {
    const ca = testCa();
    const seal = issueSealCertificate(ca, { organisation: 'Förbundet', now: TEST_NOW, keyBits: 2048 });
    const p12 = tmp.file('seal-all.p12');
    execFileSync('openssl', [
      'pkcs12',
      '-export',
      '-inkey',
      tmp.file('seal-all.key', seal.privateKey.export({ type: 'pkcs8', format: 'pem' })),
      '-in',
      tmp.file('seal-all.pem', pem(seal.certificate)),
      '-out',
      p12,
      '-passout',
      'pass:x',
    ]);
    const loaded = loadOrganisationSeal(
      { JUSTERA_SEAL_P12: p12, JUSTERA_SEAL_P12_PASSPHRASE: 'x' },
      { organisation: { id: ORG, name: 'Demo kommun' } },
    );
    expect(loaded.certificate.equals(seal.certificate)).toBe(true);
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
    expect(
      loadTimestampUnit(env, { create: true, now: new Date(TEST_NOW.getTime() + YEAR / 2), ca }).certificate.equals(first.certificate),
    ).toBe(true);
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
