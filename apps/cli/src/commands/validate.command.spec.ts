import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fuzzFixtures } from '@justera/validation';
import { runCli } from '../main';
// Signed fixtures: the validation lib's fuzz fixtures (deterministic Ed25519 test PKI).
import { validateCommand } from './validate.command';

// Only this command, so other people's commands (and their imports) do not affect this spec.
jest.mock('./index', () => ({ COMMANDS: [jest.requireActual('./validate.command').validateCommand] }));


async function capture(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => (out.push(String(c)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => (err.push(String(c)), true));
  try {
    const code = await runCli(['validate', ...args]);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('validateCommand', () => {
  const dir = mkdtempSync(join(tmpdir(), 'justera-validate-'));
  const { list, anchors } = fuzzFixtures();
  const pdf = join(dir, 'signerad.pdf');
  const root = join(dir, 'rot.pem');
  writeFileSync(pdf, list[0]!.pdf);
  writeFileSync(root, anchors[0]!);

  it('has a name and usage', () => expect(validateCommand.name).toBe('validate'));

  it('exit code 0 and a Swedish report for a valid file with the root trusted', async () => {
    const r = await capture([pdf, '--trust', root]);
    expect(r.out).toMatch(/^Resultat: GILTIG\n/);
    expect(r.out).toContain('Undertecknare: Anna Sekreterare');
    expect(r.code).toBe(0);
  });

  it('exit code 1 without trust, with a note', async () => {
    const r = await capture([pdf]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Resultat: KAN INTE AVGÖRAS');
    expect(r.out).toContain('INDETERMINATE / NO_CERTIFICATE_CHAIN_FOUND');
    expect(r.out).toContain('inget betrott rotcertifikat');
    // and how to get the installation's root, which /validera trusts
    expect(r.out).toContain(`npm run -s cli -- ca export > rot.pem && npm run -s cli -- validate ${pdf} --trust rot.pem`);
  });

  it('--json prints the report', async () => {
    const r = await capture([pdf, `--trust=${root}`, '--json']);
    expect(JSON.parse(r.out).verdict).toBe('GILTIG');
  });

  it('exit code 1 for a tampered file', async () => {
    const bad = Buffer.from(list[0]!.pdf);
    bad[bad.indexOf('Protokoll')] = 0x70;
    const f = join(dir, 'andrad.pdf');
    writeFileSync(f, bad);
    const r = await capture([f, '--trust', root]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Resultat: OGILTIG');
  });

  it('--at judges at another time: years after the signer certificate ended, without a time-stamp, KAN INTE AVGÖRAS', async () => {
    const r = await capture([pdf, '--trust', root, '--at', '2200-01-01', '--json']);
    const j = JSON.parse(r.out);
    expect(j.validatedAt).toBe('2200-01-01T00:00:00.000Z');
    expect({ verdict: j.verdict, etsi: j.etsi }).toEqual({ verdict: 'KAN INTE AVGÖRAS', etsi: { indication: 'INDETERMINATE', subIndication: 'OUT_OF_BOUNDS_NO_POE' } });
    expect(r.code).toBe(1);
  });

  it('exit code 2 for a bad --at', async () => {
    expect((await capture([pdf, '--at', 'imorgon'])).code).toBe(2);
    expect((await capture([pdf, '--at'])).code).toBe(2);
    expect((await capture([pdf, '--at', '2035-13-45'])).code).toBe(2);
  });

  it('exit code 2 for usage errors', async () => {
    expect((await capture([])).code).toBe(2);
    expect((await capture([pdf, '--bogus'])).code).toBe(2);
    expect((await capture([join(dir, 'saknas.pdf')])).code).toBe(2);
    expect((await capture([pdf, '--trust'])).code).toBe(2);
  });
});
