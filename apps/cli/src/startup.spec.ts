/**
 * What each command loads (issue 13, "Command-line start-up"): a command pays only for the libraries it
 * uses. Every heavy module is replaced by a recording pass-through (jest.doMock), the command runs through
 * `runCli` on a fresh module registry, and the test asserts which of them were loaded. No timing.
 * docs/benchmarks.md has the whole-process times.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Modules that cost tens to hundreds of milliseconds to load, or pull in such modules. (libs/legal-dates,
 * a few small files that the dates command imports at start-up, is not among them.)
 */
const WATCHED = [
  'node:crypto',
  'crypto',
  'pdf-lib',
  '@pdf-lib/fontkit',
  'node-forge',
  'typeorm',
  '@nestjs/common',
  '@nestjs/core',
  'pg',
  'better-sqlite3',
  'bullmq',
  'ioredis',
  '@justera/config',
  '@justera/pades',
  '@justera/pdf',
  '@justera/persistence',
  '@justera/validation',
  'mammoth',
  '@justera/docx-import',
] as const;
type Watched = (typeof WATCHED)[number];

/** Runs the CLI in a fresh registry and returns its exit code and which watched modules it loaded. */
async function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; loaded: Watched[]; out: string; err: string }> {
  jest.resetModules();
  const loaded = new Set<Watched>();
  for (const m of WATCHED) {
    jest.doMock(m, () => {
      loaded.add(m);
      return jest.requireActual(m);
    });
  }
  const out: string[] = [];
  const err: string[] = [];
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => (out.push(String(c)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => (err.push(String(c)), true));
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const { runCli } = require('./main') as typeof import('./main');
    const code = await runCli(args);
    return { code, loaded: WATCHED.filter((m) => loaded.has(m)), out: out.join(''), err: err.join('') };
  } finally {
    process.env = saved;
    o.mockRestore();
    e.mockRestore();
  }
}

/** A one-page PDF with a correct cross-reference table. */
function tinyPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Count 1 /Kids [3 0 R] >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let pdf = '%PDF-1.7\n';
  const offsets = objects.map((body, i) => {
    const at = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f\r\n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n\r\n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

describe('CLI start-up: each command loads only what it needs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'justera-cli-startup-'));
  let signed: string;
  let root: string;

  beforeAll(() => {
    // Fixtures before any watching: a signed PDF with its root, and a seal key as PKCS#12.
    const { fuzzFixtures } = jest.requireActual<typeof import('@justera/validation')>('@justera/validation');
    const { list, anchors } = fuzzFixtures();
    signed = join(dir, 'signerad.pdf');
    root = join(dir, 'rot.pem');
    writeFileSync(signed, list[0]!.pdf);
    writeFileSync(root, anchors[0]!);
    writeFileSync(join(dir, 'in.pdf'), tinyPdf());
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'k.pem'),
        '-out',
        join(dir, 'c.pem'),
        '-subj',
        '/CN=Testkommunen/O=Testkommunen',
        '-days',
        '2',
      ],
      { stdio: 'ignore' },
    );
    execFileSync(
      'openssl',
      [
        'pkcs12',
        '-export',
        '-inkey',
        join(dir, 'k.pem'),
        '-in',
        join(dir, 'c.pem'),
        '-out',
        join(dir, 'seal.p12'),
        '-passout',
        'pass:test',
      ],
      { stdio: 'ignore' },
    );
  });

  const sealEnv = () => ({
    JUSTERA_SEAL_P12: join(dir, 'seal.p12'),
    JUSTERA_SEAL_P12_PASSPHRASE: 'test',
    JUSTERA_DATA_DIR: join(dir, 'data'),
    NODE_ENV: 'development',
  });

  it('help loads none of them (not even node:crypto)', async () => {
    const r = await run(['help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('validate');
    expect(r.loaded).toEqual([]);
  });

  it('validate loads the validator, not the signer, the renderer, the fonts, the database or Nest', async () => {
    const r = await run(['validate', signed, '--trust', root]);
    expect(r.out).toMatch(/^Resultat: GILTIG\n/);
    expect(r.code).toBe(0);
    expect(r.loaded.filter((m) => !m.endsWith('crypto'))).toEqual(['@justera/validation']);
  });

  it('seal (invisible) loads the signer and the configuration, not fontkit, pdf-lib, the database or Nest', async () => {
    const out = join(dir, 'osynlig.pdf');
    const r = await run(['seal', join(dir, 'in.pdf'), out], sealEnv());
    expect(r.err).toContain('Stämplad');
    expect(r.code).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(r.loaded.filter((m) => !m.endsWith('crypto'))).toEqual(['node-forge', '@justera/config', '@justera/pades']);
  });

  it('seal --visible loads fontkit for the appearance text (the watch sees a lazily loaded module)', async () => {
    const r = await run(['seal', join(dir, 'in.pdf'), join(dir, 'synlig.pdf'), '--visible'], sealEnv());
    expect(r.code).toBe(0);
    expect(r.loaded).toContain('@pdf-lib/fontkit');
    expect(r.loaded).not.toContain('pdf-lib');
    expect(r.loaded).not.toContain('@nestjs/common');
  });
});
