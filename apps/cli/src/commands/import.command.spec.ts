import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateProtocol } from '@justera/protocol';
import { seedDocx } from '../../../../libs/docx-import/src/testing/seed-docx';
import { runCli } from '../main';
import { importCommand, parseImportArgs } from './import.command';

// Only this command, so other people's commands (and their imports) do not affect this spec.
jest.mock('./index', () => ({ COMMANDS: [jest.requireActual('./import.command').importCommand] }));

async function capture(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => (out.push(String(c)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => (err.push(String(c)), true));
  try {
    const code = await runCli(['import', ...args]);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('import command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'justera-import-'));
  const kf = seedDocx('kommunforbundet-styrelse-2024-12-13', dir);
  const hr = seedDocx('halsingeradet-protokoll-627-638', dir);

  it('has a name and usage', () => expect(importCommand.name).toBe('import'));

  it('writes a valid protocol and exits 0 when the flags give what the document lacks', async () => {
    const out = join(dir, 'kf.json');
    const r = await runCaptured([
      kf,
      out,
      '--organisation',
      'Kommunförbundet Västernorrland',
      '--organ=Styrelsen',
      '--forvaringsplats',
      'Kansliet',
    ]);
    expect(r.code).toBe(0);
    const v = validateProtocol(JSON.parse(readFileSync(out, 'utf8')));
    expect(v.ok).toBe(true);
    expect(r.err).toContain('Känt igen');
    expect(r.err).toContain('§ 43 ”Ledningens information”');
    expect(r.err).toContain('Det är giltigt.');
  });

  it('writes the draft but exits 3 and lists what is missing when the document lacks required fields', async () => {
    const out = join(dir, 'hr.json');
    const r = await runCaptured([hr, out]);
    expect(r.code).toBe(3);
    expect(existsSync(out)).toBe(true);
    expect(r.err).toContain('Sammanträdesdatum hittades inte.');
    expect(r.err).toContain('inte ett giltigt protokoll');
    expect(JSON.parse(readFileSync(out, 'utf8')).paragraphs).toHaveLength(12);
  });

  it('exits 1 and writes nothing for a file that is not a .docx', async () => {
    const bad = join(dir, 'inte.docx');
    writeFileSync(bad, '%PDF-1.7 not a Word document');
    const out = join(dir, 'bad.json');
    const r = await runCaptured([bad, out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Filen är inte ett Word-dokument (.docx)');
    expect(r.err).toContain('Ingen fil skrevs.');
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 with the usage on wrong arguments', async () => {
    expect((await runCaptured([kf])).code).toBe(2);
    expect((await runCaptured([kf, join(dir, 'x.json'), '--datum', '13/12'])).err).toContain('--datum ska skrivas ÅÅÅÅ-MM-DD');
    expect(() => parseImportArgs([kf, 'x.json', '--okand'])).toThrow('Okänd flagga: --okand');
  });

  async function runCaptured(args: string[]) {
    return capture(args);
  }
});
