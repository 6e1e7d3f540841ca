import { issueSignerCertificate } from './certificates';
import { X509Certificate } from 'node:crypto';
import { createCrl, crlToPem, dssDataFor } from './crl';
import { testCa, TEST_NOW } from '../testing/ca-fixture';
import { pem, run, tempDir } from '../testing/tools';

// External checkers (openssl, pdfsig, qpdf) and key generation: slow on a busy machine.
jest.setTimeout(60_000);

describe(createCrl.name, () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('makes a v2 CRL that openssl verifies against the issuing CA and that lists the revoked serial', async () => {
    const ca = testCa();
    const revoked = issueSignerCertificate(ca, { name: 'Per Persson', role: 'Justerare', organisation: 'X', now: TEST_NOW });
    const next = new Date(TEST_NOW.getTime() + 7 * 24 * 3600 * 1000);
    const crl = createCrl(ca.issuing, [{ serial: revoked.certificate, date: TEST_NOW, reason: 4 }], TEST_NOW, next, 7);
    const f = tmp.file('x.crl', crlToPem(crl));
    const issuing = tmp.file('issuing.pem', pem(ca.issuing.certificate));
    const v = await run('openssl', ['crl', '-in', f, '-noout', '-verify', '-CAfile', issuing]);
    expect(v.stderr + v.stdout).toContain('verify OK');
    const text = (await run('openssl', ['crl', '-in', f, '-noout', '-text'])).stdout;
    expect(text).toContain('Version 2');
    expect(text).toContain('sha256WithRSAEncryption');
    expect(text).toMatch(/X509v3 CRL Number:\s+7/);
    expect(text).toContain('X509v3 Authority Key Identifier');
    expect(text).toContain(`Serial Number: ${new X509Certificate(revoked.certificate).serialNumber}`);
    expect(text).toContain('Superseded');
    // A CRL signed by another CA fails verification: the check can fail.
    const other = testCa();
    const bad = tmp.file('other.pem', pem(other.issuing.certificate));
    const v2 = await run('openssl', ['crl', '-in', f, '-noout', '-verify', '-CAfile', bad]);
    expect(v2.stderr + v2.stdout).not.toContain('verify OK');
  });

  it('makes an empty CRL without a revokedCertificates field', async () => {
    const ca = testCa();
    const crl = createCrl(ca.issuing, [], TEST_NOW, new Date(TEST_NOW.getTime() + 86400000));
    const f = tmp.file('empty.crl', crlToPem(crl));
    const text = (await run('openssl', ['crl', '-in', f, '-noout', '-text'])).stdout;
    expect(text).toContain('No Revoked Certificates');
  });

  it('gives DSS data with the chain and both CRLs (issuing and, for a development CA, root), each verifying', async () => {
    const ca = testCa();
    const d = dssDataFor(ca, TEST_NOW);
    expect(d.certs).toHaveLength(2);
    expect(d.crls).toHaveLength(2);
    const [issuingCrl, rootCrl] = d.crls.map((c, i) => tmp.file(`d${i}.crl`, crlToPem(c)));
    const v1 = await run('openssl', ['crl', '-in', issuingCrl, '-noout', '-verify', '-CAfile', tmp.file('i.pem', pem(ca.issuing.certificate))]);
    const v2 = await run('openssl', ['crl', '-in', rootCrl, '-noout', '-verify', '-CAfile', tmp.file('r.pem', pem(ca.root.certificate))]);
    expect(v1.stderr + v1.stdout).toContain('verify OK');
    expect(v2.stderr + v2.stdout).toContain('verify OK');
    expect(dssDataFor({ ...ca, root: { certificate: ca.root.certificate } }, TEST_NOW).crls).toHaveLength(1);
  });
});
