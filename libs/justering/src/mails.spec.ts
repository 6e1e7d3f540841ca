import { linkMail, paragraphLabel } from './mails';

describe('paragraphLabel', () => {
  it.each([
    [null, undefined],
    [[], undefined],
    [[628], '§ 628'],
    [[630, 628], '§§ 628, 630'],
  ])('%j → %s', (input, out) => expect(paragraphLabel(input as number[] | null)).toBe(out));
});

describe('linkMail', () => {
  const base = { recipientName: 'Åsa', role: 'justerare' as const, protocol: { organ: 'Kommunstyrelsen', meetingDate: '2025-03-05', documentSha256: 'ab'.repeat(32) }, deadline: '2025-03-19', link: 'https://justera.example/sign/abc' };
  it.each([
    ['invitation', 'Protokoll att justera'],
    ['resent', 'Protokoll att justera'],
    ['reminder', 'Påminnelse'],
    ['replaced', 'Ny version att justera'],
  ] as const)('%s → "%s…", with the link on its own line and the hash', (kind, subject) => {
    const m = linkMail({ ...base, kind, reason: 'Rättat datum' });
    expect(m.subject.startsWith(subject)).toBe(true);
    expect(m.text.split('\n')).toContain(base.link);
    expect(m.text).toContain('ab'.repeat(32));
  });
});
