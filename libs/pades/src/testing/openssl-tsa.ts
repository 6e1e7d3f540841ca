/**
 * A real RFC 3161 TSA on loopback for tests: a tiny node:http server that hands every request to
 * `openssl ts -reply` with a generated configuration, TSA key and certificate.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { issueTsaCertificate, type CertificateAuthority } from '../crypto/certificates';
import { pem, tempDir } from './tools';

export interface TestTsa {
  url: string;
  /** Number of requests answered. */
  count(): number;
  /** Makes the next responses misbehave. */
  mode: 'ok' | 'http-500' | 'replay';
  close(): Promise<void>;
}

export async function startOpensslTsa(ca: CertificateAuthority, now: Date): Promise<TestTsa> {
  const tmp = tempDir('tsa-');
  const tsa = issueTsaCertificate(ca, { name: 'Justera test-TSA', now });
  tmp.file('tsa.pem', pem(tsa.certificate));
  tmp.file('tsa.key', tsa.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  tmp.file('chain.pem', pem(ca.issuing.certificate) + pem(ca.root.certificate));
  tmp.file('serial', '01\n');
  const cnf = tmp.file(
    'tsa.cnf',
    [
      '[ tsa ]',
      'default_tsa = tsa_config1',
      '[ tsa_config1 ]',
      `dir = ${tmp.dir}`,
      'serial = $dir/serial',
      'crypto_device = builtin',
      'signer_cert = $dir/tsa.pem',
      'certs = $dir/chain.pem',
      'signer_key = $dir/tsa.key',
      'signer_digest = sha256',
      'default_policy = 1.2.752.99.1',
      'digests = sha256',
      'accuracy = secs:1',
      'ordering = no',
      'tsa_name = yes',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  let n = 0;
  let last: Buffer | undefined;
  const state = { mode: 'ok' as TestTsa['mode'] };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (state.mode === 'http-500') {
        res.writeHead(500).end();
        return;
      }
      if (state.mode === 'replay' && last) {
        res.writeHead(200, { 'Content-Type': 'application/timestamp-reply' }).end(last);
        return;
      }
      const id = ++n;
      const q = tmp.file(`q${id}.tsq`, Buffer.concat(chunks));
      const out = tmp.file(`r${id}.tsr`);
      execFile('openssl', ['ts', '-reply', '-config', cnf, '-queryfile', q, '-out', out], (err) => {
        if (err) {
          res.writeHead(500).end(String(err));
          return;
        }
        last = readFileSync(out);
        res.writeHead(200, { 'Content-Type': 'application/timestamp-reply' }).end(last);
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    count: () => n,
    get mode() {
      return state.mode;
    },
    set mode(m) {
      state.mode = m;
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => {
          tmp.cleanup();
          r();
        });
      }),
  };
}
