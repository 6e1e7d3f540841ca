import { createHash, X509Certificate } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOCAL_TSA_POLICY, LocalTimestampAuthority } from './local-tsa';
import { issueTsaCertificate, type CertificateAuthority } from './certificates';
import { parseTimestampToken, TsaClient } from './tsa';
import { testCa } from '../testing/ca-fixture';
import { pem, run, tempDir } from '../testing/tools';

jest.setTimeout(60_000);

describe(LocalTimestampAuthority.name, () => {
  let ca: CertificateAuthority;
  let tsu: LocalTimestampAuthority;
  const tmp = tempDir();
  beforeAll(() => {
    ca = testCa();
    tsu = new LocalTimestampAuthority(issueTsaCertificate(ca, { name: 'Lokal TSU', now: new Date() }));
  });
  afterAll(() => tmp.cleanup());

  it('makes a token that openssl ts -verify accepts against the root', async () => {
    const data = Buffer.from('signaturvärde');
    const digest = createHash('sha256').update(data).digest();
    const token = await tsu.timestamp(digest);
    const info = parseTimestampToken(token);
    expect(info.imprint.equals(digest)).toBe(true);
    expect(Math.abs(info.genTime.getTime() - Date.now())).toBeLessThan(5000);
    const root = tmp.file('root.pem', pem(ca.root.certificate));
    const untrusted = tmp.file('issuing.pem', pem(ca.issuing.certificate));
    const v = await run('openssl', ['ts', '-verify', '-token_in', '-in', tmp.file('t.der', token), '-data', tmp.file('d.bin', data), '-CAfile', root, '-untrusted', untrusted]);
    expect(v.stdout + v.stderr).toContain('Verification: OK');
    const text = await run('openssl', ['ts', '-reply', '-token_in', '-in', tmp.file('t.der'), '-token_out', '-text']);
    expect(text.stdout).toContain(LOCAL_TSA_POLICY.replace(/^2\.25\./, ''));
  });

  it('a token over other data fails openssl ts -verify', async () => {
    const token = await tsu.timestamp(createHash('sha256').update('a').digest());
    const root = tmp.file('root.pem', pem(ca.root.certificate));
    const v = await run('openssl', ['ts', '-verify', '-token_in', '-in', tmp.file('t2.der', token), '-data', tmp.file('d2.bin', 'b'), '-CAfile', root, '-untrusted', tmp.file('issuing.pem', pem(ca.issuing.certificate))]);
    expect(v.stdout + v.stderr).not.toContain('Verification: OK');
  });

  it('answers a TimeStampReq so that TsaClient accepts it (nonce and imprint checked)', async () => {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => void tsu.respond(Buffer.concat(chunks)).then((r) => res.writeHead(200, { 'Content-Type': 'application/timestamp-reply' }).end(r)));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const digest = createHash('sha256').update('x').digest();
      const token = await new TsaClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`).timestamp(digest);
      expect(parseTimestampToken(token).imprint.equals(digest)).toBe(true);
    } finally {
      server.close();
    }
  });

  it('refuses to stamp outside its certificate validity instead of using another clock', async () => {
    const unit = issueTsaCertificate(ca, { name: 'Kort TSU', now: new Date(), validityMs: 60_000 });
    const late = new LocalTimestampAuthority(unit, () => new Date(Date.now() + 3600_000));
    await expect(late.timestamp(Buffer.alloc(32))).rejects.toThrow(/not valid/);
  });

  it('its certificate is issued by the CA with the critical timeStamping usage', () => {
    const x = new X509Certificate(tsu.unit.certificate);
    expect(x.checkIssued(new X509Certificate(ca.issuing.certificate))).toBe(true);
    expect(x.keyUsage).toEqual(['1.3.6.1.5.5.7.3.8']);
    expect(x.toLegacyObject().ext_key_usage ?? x.keyUsage).toBeTruthy();
  });
});
