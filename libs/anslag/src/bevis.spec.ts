import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { anslagsbevisRows, renderAnslagsbevisPdf, type AnslagsbevisContent } from './bevis';

// External checkers on a busy machine can take seconds per document.
jest.setTimeout(30_000);

const run = promisify(execFile);

const content: AnslagsbevisContent = {
  organisationName: 'Mora kommun',
  organName: 'Gemensam nämnd för räddningstjänst',
  type: 'Justerat protokoll',
  meetingDate: '2020-02-13',
  paragraphs: '§§ 1–12',
  justeradDate: '2020-02-21',
  protocolSha256: '0123456789abcdef'.repeat(4),
  postings: [
    { boardName: 'Mora kommun', postedDate: '2020-02-24' },
    { boardName: 'Orsa kommun', postedDate: '2020-02-24' },
  ],
  postedDate: '2020-02-24',
  lastAppealDay: '2020-03-16',
  takeDownDate: '2020-03-16',
  storagePlace: 'Kommunledningskontoret, Mora',
  issuedAt: new Date('2020-02-24T08:00:00Z'),
  noticeUrl: 'https://justera.example/anslagstavla/mora/anslag/0f8e4c1a-6b6e-4a3e-9a57-1f0a5d8c9e11',
};

/** Names with characters outside WinAnsi (Ł, Ż, ő… and ř), which the standard 14 fonts cannot draw. */
const european: AnslagsbevisContent = {
  ...content,
  organisationName: 'Ærø Kommune',
  organName: 'Nämnden för Łukasz Żółć och Dvořák',
  postings: [
    { boardName: 'Ærø Kommune', postedDate: '2020-02-24' },
    { boardName: 'Dvořákova obec', postedDate: null },
  ],
  storagePlace: 'Arkivet hos Łukasz Żółć, Ærøskøbing',
};

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();

let dir: string;
const files = new Map<string, string>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bevis-'));
  for (const [name, c] of [
    ['swedish', content],
    ['european', european],
  ] as const) {
    const file = join(dir, `${name}.pdf`);
    writeFileSync(file, await renderAnslagsbevisPdf(c));
    files.set(name, file);
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(renderAnslagsbevisPdf.name, () => {
  describe.each([
    ['swedish', content],
    ['european', european],
  ] as const)('%s names', (name, c) => {
    const file = (): string => files.get(name)!;

    it('pdftotext reads the heading, every row label and value and the issued-at note', async () => {
      const { stdout } = await run('pdftotext', [file(), '-']);
      const text = norm(stdout);
      expect(text).toContain('ANSLAGSBEVIS');
      expect(text).toContain(c.organisationName);
      expect(text).toContain('Protokollet är justerat. Justeringen har tillkännagivits genom anslag.');
      // A long value (the hash, the URL) may be cut between characters at the end of a line.
      const joined = stdout.replace(/\s+/g, '');
      for (const [label, value] of anslagsbevisRows(c)) {
        expect(text).toContain(`${label}:`);
        expect(joined).toContain(`${label}:${value}`.replace(/\s+/g, ''));
      }
      expect(text).toContain('Utfärdat 2020-02-24 09:00:00 av Justera');
      expect(text).not.toContain('?');
    });

    it('pdffonts lists only embedded fonts (emb = yes)', async () => {
      const { stdout } = await run('pdffonts', [file()]);
      const rows = stdout
        .split('\n')
        .slice(2)
        .filter((l) => l.trim());
      expect(rows.length).toBeGreaterThanOrEqual(2);
      for (const row of rows) {
        expect(row).toMatch(/NotoSans-/);
        const cols = row.trim().split(/\s+/);
        // name type... encoding emb sub uni objID gen: emb is the 5th column from the end.
        expect(cols[cols.length - 5]).toBe('yes');
      }
    });

    it('qpdf --check reports no errors and no warnings', async () => {
      const { stdout, stderr } = await run('qpdf', ['--check', file()]);
      expect(stdout).toContain('No syntax or stream encoding errors found');
      expect(`${stdout}\n${stderr}`).not.toMatch(/WARNING|error:/i);
    });
  });

  it('draws the names outside WinAnsi as themselves, not as "?"', async () => {
    const { stdout } = await run('pdftotext', [files.get('european')!, '-']);
    const text = norm(stdout);
    for (const s of ['Ærø Kommune', 'Łukasz Żółć', 'Dvořák', 'Uppsatt på Dvořákova obec: ej registrerat', 'Ærøskøbing'])
      expect(text).toContain(s);
  });

  it('gives the same bytes for the same content (issuedAt is the document date)', async () => {
    const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
    const [a, b] = await Promise.all([
      renderAnslagsbevisPdf(european),
      renderAnslagsbevisPdf({ ...european, issuedAt: new Date(european.issuedAt) }),
    ]);
    expect(sha(a)).toBe(sha(b));
    const { stdout } = await run('pdfinfo', [files.get('european')!]);
    expect(stdout).toMatch(/CreationDate:.*2020/);
    expect(stdout).toMatch(/Title:\s+Anslagsbevis Nämnden för Łukasz Żółć och Dvořák 2020-02-13/);
  });

  it('lists each board only for a gemensam nämnd', () => {
    expect(anslagsbevisRows(content).filter(([l]) => l.startsWith('Uppsatt på'))).toHaveLength(2);
    expect(anslagsbevisRows({ ...content, postings: [content.postings[0]] }).filter(([l]) => l.startsWith('Uppsatt på'))).toHaveLength(0);
  });
});
