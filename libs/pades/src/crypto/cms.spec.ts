import { createHash, randomBytes } from 'node:crypto';
import { buildCadesDetached } from './cms';
import { TsaClient } from './tsa';
import { testCa, testSigner } from '../testing/ca-fixture';
import { startOpensslTsa, type TestTsa } from '../testing/openssl-tsa';
import { pem, run, tempDir } from '../testing/tools';
import type { CertificateAuthority } from './certificates';

// External checkers (openssl, pdfsig, qpdf) and key generation: slow on a busy machine.
jest.setTimeout(60_000);

describe(buildCadesDetached.name, () => {
  const tmp = tempDir();
  let ca: CertificateAuthority;
  let tsa: TestTsa;
  beforeAll(async () => {
    ca = testCa();
    tsa = await startOpensslTsa(ca, new Date());
  });
  afterAll(async () => {
    await tsa.close();
    tmp.cleanup();
  });

  async function verify(cms: Buffer, content: Buffer) {
    const root = tmp.file('root.pem', pem(ca.root.certificate));
    const c = tmp.file('content.bin', content);
    const s = tmp.file('sig.der', cms);
    // -purpose any: our signer certificates carry documentSigning, not S/MIME's emailProtection only.
    return run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', s, '-content', c, '-CAfile', root, '-purpose', 'any', '-attime', String(Math.floor(Date.parse('2025-03-05T10:00:00Z') / 1000)), '-out', '/dev/null']);
  }

  it('produces a detached SignedData that openssl verifies, with exactly the three signed attributes', async () => {
    const content = randomBytes(5000);
    const signer = testSigner(ca, 'Åsa Öberg', 'Ordförande');
    const cms = await buildCadesDetached({
      digest: createHash('sha256').update(content).digest(),
      signerCert: signer.certificate,
      signerKey: signer.privateKey,
      chain: signer.chain,
    });
    const v = await verify(cms, content);
    expect(v.stderr).toContain('Verification successful');
    const printed = (await run('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', tmp.file('sig.der')])).stdout;
    expect(printed).toMatch(/version: 1\b/);
    expect(printed).toContain('eContentType: pkcs7-data');
    expect(printed).toContain('eContent: <ABSENT>');
    expect(printed).toContain('object: contentType');
    expect(printed).toContain('object: messageDigest');
    expect(printed).toMatch(/object: (id-smime-aa-signingCertificateV2|signingCertificateV2|undefined \(1\.2\.840\.113549\.1\.9\.16\.2\.47\))/);
    expect(printed).not.toContain('signingTime');
    expect(printed).toMatch(/unsignedAttrs:\s+<ABSENT>/);
    expect((printed.match(/cert_info:/g) ?? []).length).toBe(3);
    // One changed byte of content: verification fails.
    content[10] ^= 1;
    const bad = await verify(cms, content);
    expect(bad.stderr).not.toContain('Verification successful');
  });

  it('adds the signature time-stamp token from an RFC 3161 TSA as an unsigned attribute', async () => {
    const content = randomBytes(100);
    const signer = testSigner(ca, 'Per Persson', 'Justerare');
    const cms = await buildCadesDetached({
      digest: createHash('sha256').update(content).digest(),
      signerCert: signer.certificate,
      signerKey: signer.privateKey,
      chain: signer.chain,
      tsa: new TsaClient(tsa.url),
    });
    expect((await verify(cms, content)).stderr).toContain('Verification successful');
    const printed = (await run('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', tmp.file('sig.der')])).stdout;
    expect(printed).toMatch(/object: (id-smime-aa-timeStampToken|undefined \(1\.2\.840\.113549\.1\.9\.16\.2\.14\))/);
  });
});
