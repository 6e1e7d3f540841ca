import { readFileSync } from 'node:fs';
import { listPersonNames, paragraphText, protocolBodyText, type Protocol } from '@justera/protocol';
import { importDocx } from './import';
import { fixture, SEED_NAMES, seedDocx, type SeedName } from './testing/seed-docx';

const norm = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

/** What each seed does not say; given as import defaults, the way the CLI's flags and the page's form give them. */
function defaultsFor(f: Protocol) {
  return { organisation: f.organisation, organ: f.organ, meetingDate: f.meeting.date, storagePlace: f.storagePlace };
}

describe.each(SEED_NAMES)('importing %s.docx (made by pandoc from the seed)', (name: SeedName) => {
  const expected: Protocol = fixture(name);
  let result: Awaited<ReturnType<typeof importDocx>>;
  beforeAll(async () => {
    result = await importDocx(readFileSync(seedDocx(name)), { defaults: defaultsFor(expected) });
  });

  it('gives a valid protocol', () => {
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('finds every § with its title and case number', () => {
    const got = result.protocol.paragraphs.map((p) => ({ number: p.number, title: p.title, caseNumber: p.caseNumber }));
    expect(got).toEqual(expected.paragraphs.map((p) => ({ number: p.number, title: p.title, caseNumber: p.caseNumber })));
  });

  it('finds every person of the seed, in the right block', () => {
    const got = result.protocol as Protocol;
    expect(listPersonNames(got, { includeReplaced: true })).toEqual(
      expect.arrayContaining(listPersonNames(expected, { includeReplaced: true })),
    );
    for (const key of ['members', 'substitutes', 'others', 'absent'] as const) {
      expect((got[key] ?? []).map((p) => p.name)).toEqual((expected[key] ?? []).map((p) => p.name));
    }
    expect(got.members.map((m) => m.replaces)).toEqual(expected.members.map((m) => m.replaces));
    expect((got.others ?? []).map((m) => m.paragraphs)).toEqual((expected.others ?? []).map((m) => m.paragraphs));
  });

  it('finds the adjusters, the signatories and the meeting', () => {
    expect(result.protocol.adjusters).toEqual(expected.adjusters);
    expect(result.protocol.signatories!.map((s) => [s.role, s.name])).toEqual(expected.signatories.map((s) => [s.role, s.name]));
    expect(result.protocol.meeting).toEqual(expected.meeting);
    if (expected.justering) expect(result.protocol.justering).toEqual(expected.justering);
  });

  it('keeps the text of every § (nothing lost)', () => {
    for (const p of expected.paragraphs) {
      const got = result.protocol.paragraphs.find((x) => x.number === p.number)!;
      const text = norm(paragraphText(got));
      for (const line of paragraphText(p).split('\n')) {
        const l = norm(line);
        // Section headings print from the kind; compare the body lines.
        if (l) expect({ paragraph: p.number, line: l, found: text.includes(l) }).toEqual({ paragraph: p.number, line: l, found: true });
      }
    }
  });

  it('keeps the body text in the order of the seed', () => {
    const body = norm(protocolBodyText(result.protocol as Protocol));
    const firstTitle = expected.paragraphs[0]!.title;
    expect(body.indexOf(firstTitle)).toBeGreaterThanOrEqual(0);
  });
});

describe('the closing "Bilagor" list (Hälsingerådet)', () => {
  it('becomes the attachments, not text of the last §', async () => {
    const expected: Protocol = fixture('halsingeradet-protokoll-627-638');
    const r = await importDocx(readFileSync(seedDocx('halsingeradet-protokoll-627-638')), { defaults: defaultsFor(expected) });
    expect(r.protocol.attachments!.map((a) => a.title).sort()).toEqual(expected.attachments!.map((a) => a.title).sort());
    const last = r.protocol.paragraphs[r.protocol.paragraphs.length - 1]!;
    expect(paragraphText(last)).not.toContain('Preliminärt ekonomiskt årsbokslut');
    expect(r.report.recognised.find((n) => n.paragraph === 638)!.message).toBe('§ 638 ”Mötets avslutande”.');
  });
});
