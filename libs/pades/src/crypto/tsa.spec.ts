import { createHash } from 'node:crypto';
import { parseTimestampToken, TsaClient } from './tsa';
import { testCa } from '../testing/ca-fixture';
import { startOpensslTsa, type TestTsa } from '../testing/openssl-tsa';
import { pem, run, tempDir } from '../testing/tools';
import type { CertificateAuthority } from './certificates';

// External checkers (openssl, pdfsig, qpdf) and key generation: slow on a busy machine.
jest.setTimeout(60_000);

describe(TsaClient.name, () => {
  let ca: CertificateAuthority;
  let tsa: TestTsa;
  const tmp = tempDir();
  beforeAll(async () => {
    ca = testCa();
    tsa = await startOpensslTsa(ca, new Date());
  });
  afterAll(async () => {
    await tsa.close();
    tmp.cleanup();
  });

  it('gets a token from openssl ts that covers the digest and verifies with openssl ts -verify', async () => {
    tsa.mode = 'ok';
    const data = Buffer.from('signaturvärde');
    const digest = createHash('sha256').update(data).digest();
    const before = Date.now();
    const token = await new TsaClient(tsa.url).timestamp(digest);
    const info = parseTimestampToken(token);
    expect(info.imprint.equals(digest)).toBe(true);
    expect(info.genTime.getTime()).toBeGreaterThanOrEqual(before - 2000);
    const chain = tmp.file('chain.pem', pem(ca.root.certificate) + pem(ca.issuing.certificate));
    const v = await run('openssl', ['ts', '-verify', '-token_in', '-in', tmp.file('t.der', token), '-data', tmp.file('d.bin', data), '-CAfile', chain]);
    expect(v.stdout).toContain('Verification: OK');
  });

  it('throws when the TSA answers HTTP 500 (no fallback to the local clock)', async () => {
    tsa.mode = 'http-500';
    await expect(new TsaClient(tsa.url).timestamp(Buffer.alloc(32, 1))).rejects.toMatchObject({ code: 'http-status' });
  });

  it('throws when the TSA replays an old response (other nonce and imprint)', async () => {
    tsa.mode = 'ok';
    await new TsaClient(tsa.url).timestamp(Buffer.alloc(32, 2));
    tsa.mode = 'replay';
    await expect(new TsaClient(tsa.url).timestamp(Buffer.alloc(32, 3))).rejects.toMatchObject({ code: 'imprint-mismatch' });
    await expect(new TsaClient(tsa.url).timestamp(Buffer.alloc(32, 2))).rejects.toMatchObject({ code: 'nonce-mismatch' });
  });

  it('throws when the TSA cannot be reached or is too slow', async () => {
    await expect(new TsaClient('http://127.0.0.1:9/tsa', { timeoutMs: 2000 }).timestamp(Buffer.alloc(32))).rejects.toMatchObject({ code: 'network' });
  });
});
