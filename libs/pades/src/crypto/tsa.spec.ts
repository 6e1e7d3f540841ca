import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
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

  it('throws when the TSA cannot be reached', async () => {
    await expect(new TsaClient('http://127.0.0.1:9/tsa', { timeoutMs: 2000 }).timestamp(Buffer.alloc(32))).rejects.toMatchObject({ code: 'network' });
  });

  async function server(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
    const s = http.createServer(handler);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    return {
      url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/`,
      close: () =>
        new Promise<void>((r) => {
          s.closeAllConnections();
          s.close(() => r());
        }),
    };
  }

  it('throws when the TSA is too slow', async () => {
    const s = await server(() => undefined); // never answers
    try {
      await expect(new TsaClient(s.url, { timeoutMs: 300 }).timestamp(Buffer.alloc(32))).rejects.toMatchObject({ code: 'timeout' });
    } finally {
      await s.close();
    }
  });

  it('throws when the response is larger than the limit, or not a TimeStampResp', async () => {
    const big = await server((_, res) => res.writeHead(200).end(Buffer.alloc(300 * 1024, 0x30)));
    const junk = await server((_, res) => res.writeHead(200).end(Buffer.from('<html>nope</html>')));
    try {
      await expect(new TsaClient(big.url).timestamp(Buffer.alloc(32))).rejects.toMatchObject({ code: 'too-large' });
      await expect(new TsaClient(junk.url).timestamp(Buffer.alloc(32))).rejects.toMatchObject({ code: 'bad-response' });
    } finally {
      await big.close();
      await junk.close();
    }
  });
});
