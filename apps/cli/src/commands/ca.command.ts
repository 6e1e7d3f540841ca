/**
 * `npm run cli -- ca init|export|crl`: the organisation's signing CA.
 *
 * - `ca init`   creates the development CA bundle (./data/ca/ca.bundle, encrypted with JUSTERA_SECRET)
 *               unless it exists or a production CA (JUSTERA_CA_P12) is configured.
 * - `ca export` prints the root certificate (PEM) on stdout: what auditors and validators trust.
 *               `--chain` prints the issuing CA certificate first, then the root.
 * - `ca crl`    prints a current, empty CRL of the issuing CA (PEM), valid for `--days N` (default 7);
 *               `--root` prints the root's CRL instead (development CA only: needs the root key).
 *
 * Configuration: the same validated AppConfig as the api and the worker (libs/config), so after
 * `npm run quickstart` the CLI finds the quick start's data directory, secret and CA by itself.
 * Variables: docs/operations.md and docs/signatures.md.
 */
import { CliCommand, UsageError } from './command';

const usage = [
  'Användning: npm run cli -- ca <init|export|crl> [flaggor]',
  '',
  '  ca init               skapar en utvecklings-CA i ./data/ca (krypterad med JUSTERA_SECRET eller data/secret)',
  '  ca export [--chain]   skriver rotcertifikatet (PEM) på stdout',
  '  ca crl [--days N] [--root]',
  '                        skriver en aktuell spärrlista (CRL, PEM) på stdout; --root: rotens lista',
].join('\n');

export const caCommand: CliCommand = {
  name: 'ca',
  summary: 'Organisationens certifikatutfärdare: skapa (utveckling), exportera rotcertifikatet, spärrlista',
  usage,
  async run(args: string[]): Promise<number> {
    // Loaded here, not at the top, so other commands start without node-forge.
    const { certificateToPem, createCrl, crlToPem, loadCertificateAuthority } = await import('@justera/pades');
    const [sub, ...rest] = args;
    if (sub !== 'init' && sub !== 'export' && sub !== 'crl') throw new UsageError(sub ? `Okänt underkommando: ${sub}` : 'Ange ett underkommando.');
    const { keystoreInput, loadConfig } = await import('@justera/config');
    const env = keystoreInput(loadConfig());
    switch (sub) {
      case 'init': {
        if (rest.length) throw new UsageError(`Okänt argument: ${rest[0]}`);
        const loaded = loadCertificateAuthority(env, { create: true });
        if (loaded.source === 'pkcs12') process.stderr.write('En produktions-CA är konfigurerad (JUSTERA_CA_P12); inget skapades.\n');
        else if (loaded.created) process.stderr.write(`Utvecklings-CA skapad: ${loaded.bundlePath}\n`);
        else process.stderr.write(`Utvecklings-CA finns redan: ${loaded.bundlePath}\n`);
        return 0;
      }
      case 'export': {
        const chain = rest.includes('--chain');
        const unknown = rest.filter((a) => a !== '--chain');
        if (unknown.length) throw new UsageError(`Okänt argument: ${unknown[0]}`);
        const loaded = loadCertificateAuthority(env, { create: true });
        if (loaded.created) process.stderr.write(`Utvecklings-CA skapad: ${loaded.bundlePath}\n`);
        const { ca } = loaded;
        process.stdout.write((chain ? certificateToPem(ca.issuing.certificate) : '') + certificateToPem(ca.root.certificate));
        return 0;
      }
      case 'crl': {
        let days = 7;
        let root = false;
        for (let i = 0; i < rest.length; i++) {
          if (rest[i] === '--days' && /^\d+$/.test(rest[i + 1] ?? '')) days = Number(rest[++i]);
          else if (rest[i] === '--root') root = true;
          else throw new UsageError(`Okänt argument: ${rest[i]}`);
        }
        const { ca } = loadCertificateAuthority(env);
        const now = new Date();
        const next = new Date(now.getTime() + days * 86400000);
        if (root) {
          if (!ca.root.privateKey) {
            process.stderr.write('Rotnyckeln finns inte här (produktions-CA): rotens spärrlista publiceras av den som har rotnyckeln.\n');
            return 1;
          }
          process.stdout.write(crlToPem(createCrl({ certificate: ca.root.certificate, privateKey: ca.root.privateKey }, [], now, next)));
          return 0;
        }
        process.stdout.write(crlToPem(createCrl(ca.issuing, [], now, next)));
        return 0;
      }
      default:
        throw new UsageError(sub ? `Okänt underkommando: ${sub}` : 'Ange ett underkommando.');
    }
  },
};
