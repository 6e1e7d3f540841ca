import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { anslagsbevisRows, renderAnslagsbevisPdf, toWinAnsi, type AnslagsbevisContent } from './bevis';

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

describe(renderAnslagsbevisPdf.name, () => {
  it('draws every row, readable by pdftotext, structurally sound for qpdf', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bevis-'));
    const file = join(dir, 'bevis.pdf');
    writeFileSync(file, await renderAnslagsbevisPdf(content));
    await run('qpdf', ['--check', file]);
    const { stdout } = await run('pdftotext', ['-layout', file, '-']);
    const text = stdout.replace(/\s+/g, ' ');
    expect(text).toContain('ANSLAGSBEVIS');
    for (const [label] of anslagsbevisRows(content)) expect(text).toContain(label);
    for (const v of ['2020-02-13', '2020-02-21', '2020-02-24', '2020-03-16', 'Kommunledningskontoret, Mora', 'Gemensam nämnd för räddningstjänst', 'Uppsatt på Orsa kommun']) {
      expect(text).toContain(v);
    }
    // The hash is broken across lines only between characters; joined again it is all there.
    expect(stdout.replace(/\s+/g, '')).toContain(content.protocolSha256);
  });

  it('lists each board only for a gemensam nämnd', () => {
    expect(anslagsbevisRows(content).filter(([l]) => l.startsWith('Uppsatt på'))).toHaveLength(2);
    expect(anslagsbevisRows({ ...content, postings: [content.postings[0]] }).filter(([l]) => l.startsWith('Uppsatt på'))).toHaveLength(0);
  });
});

describe(toWinAnsi.name, () => {
  it.each([
    ['Räddningstjänst Åre Öland – § 5', 'Räddningstjänst Åre Öland – § 5'],
    ['Ŝami 😀 ǅ', '?ami ? ?'],
  ])('%j -> %j', (a, b) => expect(toWinAnsi(a)).toBe(b));
});
