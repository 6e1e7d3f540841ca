import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { loadCertificateAuthority, loadOrganisationSeal } from './keystore';
import { testCa, TEST_NOW } from './testing/ca-fixture';
import { issueSealCertificate } from './crypto/certificates';
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
