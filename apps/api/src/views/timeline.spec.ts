import { timelineOf, TimelineEvent } from './timeline';

const people = new Map([
  ['s1', { name: 'Sara Sekreterare', roleSv: 'sekreterare' }],
  ['o1', { name: 'Olle Ordförande', roleSv: 'ordförande' }],
]);
const versions = new Map([
  ['v1', 1],
  ['v2', 2],
]);
const at = '2026-12-06T09:15:00Z';
const ev = (seq: number, type: string, actor: string, data: Record<string, unknown> = {}): TimelineEvent => ({
  seq,
  type,
  at,
  actor,
  roundId: 'r1',
  data,
});

describe(timelineOf.name, () => {
  it('reads each event as a Swedish line with who did it and the detail that matters', () => {
    const items = timelineOf(
      [
        ev(1, 'round.created', 'user:u1', { paragraphs: null }),
        ev(2, 'version.frozen', 'user:u1', { number: 1 }),
        ev(3, 'mail.queued', 'user:u1', { signatoryId: 's1', mail: 'invitation', to: 'sara@kommun.se' }),
        ev(4, 'link.opened', 'signatory:s1', { signatoryId: 's1', versionId: 'v1' }),
        ev(5, 'signed', 'signatory:s1', { signatoryId: 's1', versionId: 'v1' }),
        ev(6, 'change.requested', 'signatory:o1', { signatoryId: 'o1', versionId: 'v1', comment: 'Fel datum i § 3.' }),
        ev(7, 'version.frozen', 'apikey:k1', { number: 2, reason: 'Datum rättat.' }),
        ev(8, 'email.changed', 'user:u1', { signatoryId: 'o1', from: 'a@x.se', to: 'b@x.se' }),
        ev(9, 'signature.applied', 'system', { signatoryId: 's1', versionId: 'v2' }),
        ev(10, 'cancelled', 'user:u1', { reason: 'Fel protokoll.' }),
        ev(11, 'something.new', 'system'),
      ],
      people,
      versions,
    );
    expect(items.map((i) => [i.what, i.who, i.detail])).toEqual([
      ['Justeringen startades', 'Inloggad handläggare', undefined],
      ['Version 1 frystes', 'Inloggad handläggare', undefined],
      ['Inbjudan att justera till Sara Sekreterare (sekreterare)', 'Inloggad handläggare', 'sara@kommun.se'],
      ['Sara Sekreterare (sekreterare) öppnade länken till version 1', 'Sara Sekreterare (sekreterare)', undefined],
      ['Sara Sekreterare (sekreterare) godkände version 1', 'Sara Sekreterare (sekreterare)', undefined],
      ['Olle Ordförande (ordförande) begärde en ändring i version 1', 'Olle Ordförande (ordförande)', 'Fel datum i § 3.'],
      ['Version 2 frystes', 'API-nyckel', 'Datum rättat.'],
      ['E-postadressen för Olle Ordförande (ordförande) ändrades', 'Inloggad handläggare', 'a@x.se → b@x.se'],
      ['Underskriften av Sara Sekreterare (sekreterare) lades in i PDF:en', 'Justera (automatiskt)', undefined],
      ['Justeringen avbröts', 'Inloggad handläggare', 'Fel protokoll.'],
      ['Händelse: something.new', 'Justera (automatiskt)', undefined],
    ]);
  });

  it('names the staff user and the API key who acted, and falls back to the kind for an unknown one', () => {
    const staff = { users: new Map([['u1', 'Stina Sekreterare']]), apiKeys: new Map([['k1', 'Ärendesystemet']]) };
    const items = timelineOf(
      [
        ev(1, 'round.created', 'user:u1', {}),
        ev(2, 'version.frozen', 'apikey:apikey:k1', { number: 2 }),
        ev(3, 'version.frozen', 'apikey:k1', { number: 3 }),
        ev(4, 'cancelled', 'user:gone', {}),
        ev(5, 'cancelled', 'apikey:apikey:gone', {}),
      ],
      people,
      versions,
      staff,
    );
    expect(items.map((i) => i.who)).toEqual(['Stina Sekreterare', 'API-nyckeln ”Ärendesystemet”', 'API-nyckeln ”Ärendesystemet”', 'Inloggad handläggare', 'API-nyckel']);
  });

  it('does not fail on an unknown signatory or version, or on missing data', () => {
    const [a, b] = timelineOf(
      [ev(1, 'signed', 'signatory:gone', { signatoryId: 'gone', versionId: 'v9' }), ev(2, 'email.changed', 'user:u1', {})],
      people,
      versions,
    );
    expect(a.what).toBe('en undertecknare godkände versionen');
    expect(b).toMatchObject({ what: 'E-postadressen för en undertecknare ändrades', detail: undefined });
  });
});

describe('a failed signing in the timeline (issue 16)', () => {
  it('reads in Swedish, never the technical error (which stays in the JSON export)', () => {
    const [item] = timelineOf([ev(1, 'signing.failed', 'system', { error: 'TsaError: the TSA answered HTTP 500' })], people, versions);
    expect(item.detail).toBe('tidsstämpeltjänsten svarade med ett fel (HTTP-status 500)');
  });
});
