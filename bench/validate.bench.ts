/**
 * Validation speed: a 40 MB PDF with three signatures (sekreterare, ordförande with a timestamp,
 * justerare), validated by our validator and by poppler's `pdfsig`, in the same run, side by side
 * (each round runs every variant once, so a busy neighbour slows all of them alike).
 * Reported: medians; in-process time of `validatePdf`, the bare work as a process (Node start-up +
 * `validatePdf`), and the processes a person runs: `node dist/apps/cli/src/main.js validate`,
 * `node scripts/cli.js validate` (what `npm run cli` runs, minus npm) and `npm run -s cli -- validate`,
 * against `pdfsig -nocert` (signatures only, as our CLI without --trust) and plain `pdfsig`.
 * Start-up alone: `cli help` against `node -e 0`.
 * Goal (issue 13): the `cli validate` process no slower than `pdfsig -nocert` on this file.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fuzzFixtures, testing, validatePdf } from '@justera/validation';
import type { BenchSection } from './run';

const { basePdf, signPdf, testPki } = testing;

const run = promisify(execFile);
const RUNS = 9;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** Runs a process to its end; a non-zero exit is fine (pdfsig exits 1 for an untrusted chain), a crash is not. */
async function proc(file: string, args: string[], opts: { cwd?: string } = {}): Promise<string> {
  try {
    return (await run(file, args, { maxBuffer: 1 << 24, ...opts })).stdout;
  } catch (e) {
    const err = e as { stdout?: string; code?: unknown };
    if (typeof err.code === 'number' && err.stdout !== undefined) return err.stdout;
    throw e;
  }
}

export default async function (): Promise<BenchSection> {
  fuzzFixtures(); // warm the crypto code paths once
  const pki = testPki(); // ECDSA P-256: pdfsig's NSS does not verify the Ed25519 fuzz PKI
  const t = new Date('2026-05-01T10:00:00Z');
  let pdf = basePdf({ pages: 3, padBytes: 40 * 2 ** 20 });
  pdf = signPdf(pdf, { signer: pki.sekreterare, chain: [pki.root], field: 'Sekreterare', crls: [pki.crl], signingTime: t });
  pdf = signPdf(pdf, {
    signer: pki.ordforande,
    chain: [pki.root],
    field: 'Ordforande',
    crls: [pki.crl],
    signingTime: t,
    tsa: { cert: pki.tsa, chain: [pki.root], time: t },
  });
  pdf = signPdf(pdf, { signer: pki.justerare, chain: [pki.root], field: 'Justerare', crls: [pki.crl], signingTime: t });
  const dir = mkdtempSync(join(tmpdir(), 'justera-bench-'));
  const file = join(dir, 'protokoll-40mb.pdf');
  const root = join(dir, 'root.pem');
  writeFileSync(file, pdf);
  writeFileSync(root, pki.root.pem);
  const repo = join(__dirname, '..', '..');
  const cli = join(__dirname, '..', 'apps', 'cli', 'src', 'main.js');
  const wrapper = join(repo, 'scripts', 'cli.js');
  const lib = join(__dirname, '..', 'libs', 'validation', 'src', 'index.js');
  const script = `const v=require(${JSON.stringify(lib)});const fs=require('fs');const r=v.validatePdf(fs.readFileSync(process.argv[1]),{trustAnchors:[fs.readFileSync(process.argv[2],'utf8')]});process.stdout.write(r.verdict);`;
  const args = ['validate', file, '--trust', root];
  const verdictOf = (out: string) => /^Resultat: (\S+)/.exec(out)?.[1] ?? `?? ${out.slice(0, 80)}`;
  const rows = {
    inProcess: [] as number[],
    bare: [] as number[],
    cli: [] as number[],
    wrapper: [] as number[],
    npm: [] as number[],
    pdfsigNocert: [] as number[],
    pdfsig: [] as number[],
    node: [] as number[],
    help: [] as number[],
  };
  const verdicts = new Set<string>();
  let pdfsigValid = 0;
  let nocertValid = 0;
  // Warm the page cache and every program once, unmeasured.
  await proc(process.execPath, [cli, ...args]);
  await proc('pdfsig', ['-nocert', file]);
  for (let i = 0; i < RUNS; i++) {
    rows.inProcess.push(await time(() => verdicts.add(validatePdf(pdf, { trustAnchors: [pki.root.pem] }).verdict)));
    rows.bare.push(await time(async () => verdicts.add(await proc(process.execPath, ['-e', script, file, root]))));
    rows.cli.push(await time(async () => verdicts.add(verdictOf(await proc(process.execPath, [cli, ...args])))));
    rows.wrapper.push(await time(async () => verdicts.add(verdictOf(await proc(process.execPath, [wrapper, ...args])))));
    rows.npm.push(await time(async () => verdicts.add(verdictOf(await proc('npm', ['run', '-s', 'cli', '--', ...args], { cwd: repo })))));
    rows.pdfsigNocert.push(
      await time(async () => {
        nocertValid = ((await proc('pdfsig', ['-nocert', file])).match(/Signature is Valid\./g) ?? []).length;
      }),
    );
    rows.pdfsig.push(
      await time(async () => {
        pdfsigValid = ((await proc('pdfsig', [file])).match(/Signature is Valid\./g) ?? []).length;
      }),
    );
    rows.node.push(await time(() => proc(process.execPath, ['-e', '0'])));
    rows.help.push(await time(() => proc(process.execPath, [cli, 'help'])));
  }
  rmSync(dir, { recursive: true, force: true });
  const m = Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, median(v)])) as Record<keyof typeof rows, number>;
  const allGiltig = verdicts.size === 1 && verdicts.has('GILTIG');
  const goalMet = m.cli <= m.pdfsigNocert && allGiltig && nocertValid === 3 && pdfsigValid === 3;
  const row = (what: string, ms: number) => `| ${what} | ${ms.toFixed(0)} | ${(ms / m.pdfsigNocert).toFixed(2)} |`;
  const markdown = [
    `A ${(pdf.length / 2 ** 20).toFixed(1)} MiB PDF with 3 signatures in 4 revisions (one with an RFC 3161 timestamp, each with a CRL).`,
    `Median of ${RUNS} rounds; each round runs every row once, in this order, page cache warm. Our verdict in every row: ${allGiltig ? 'GILTIG' : [...verdicts].join(', ')};`,
    `pdfsig: ${nocertValid}/3 "Signature is Valid." with -nocert, ${pdfsigValid}/3 without.`,
    '',
    '| Validator | Median ms | Ratio to `pdfsig -nocert` |',
    '| --- | ---: | ---: |',
    row('ours, in process (`validatePdf`)', m.inProcess),
    row('ours, bare process (`node -e` + `validatePdf`)', m.bare),
    row('**`node dist/apps/cli/src/main.js validate`** (the CLI process)', m.cli),
    row('`node scripts/cli.js validate` (what `npm run cli` runs)', m.wrapper),
    row('`npm run -s cli -- validate` (npm itself included)', m.npm),
    row('**poppler `pdfsig -nocert`** 22.12 (signatures, no certificate checks)', m.pdfsigNocert),
    row('poppler `pdfsig` (NSS certificate checks as well)', m.pdfsig),
    '',
    `Start-up alone, same rounds: \`node -e 0\` ${m.node.toFixed(0)} ms, \`node dist/apps/cli/src/main.js help\` ${m.help.toFixed(0)} ms`,
    `(+${(m.help - m.node).toFixed(0)} ms for the CLI: help loads only apps/cli and libs/legal-dates; \`apps/cli/src/startup.spec.ts\``,
    'checks what each command loads).',
    '',
    `Goal (issue 13): the \`cli validate\` process no slower than \`pdfsig -nocert\` (ratio ≤ 1.00): ${goalMet ? 'met' : 'NOT met'}.`,
    'Our CLI row checks more than `pdfsig -nocert`: it is given the root (--trust) and checks the chain, the CRLs, the',
    'time-stamp and every later revision object by object, and renders the Swedish report. Both verify the digest of',
    'every signed byte range (≈ 3 × 40 MiB); ours continues each signature digest from the kept SHA-256 state of its',
    'one pass over the file (libs/validation/src/digest.ts), so it hashes the file about once. `scripts/cli.js` adds its',
    'staleness check of the sources (a directory walk) to the CLI process; `npm run` adds npm itself.',
  ].join('\n');
  return { title: 'Validation of a 40 MB, 3-signature PDF (ours vs pdfsig)', markdown, goalMet };
}
