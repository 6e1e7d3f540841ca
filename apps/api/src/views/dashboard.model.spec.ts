import type { AuditTrailView, JusteringStatusView } from '@justera/justering';
import { dashboardProtocol, dashboardTimeline, type DashboardDocumentFacts } from './dashboard.model';
import type { DashboardNotice } from './dashboard.view';

/** The parts of a justering status these view models read (the rest passes through unchanged). */
const STATUS = {
  protocolId: 'p1',
  title: 'Kommunstyrelsen 2026-11-25',
  organ: 'Kommunstyrelsen',
  meetingDate: '2026-11-25',
  protocolStatus: 'justering',
  rounds: [
    {
      id: 'r1',
      status: 'active',
      signatories: [
        { id: 's1', name: 'Sara Sekreterare', roleSv: 'sekreterare' },
        { id: 'o1', name: 'Olle Ordförande', roleSv: 'ordförande' },
      ],
      versions: [
        { id: 'v1', number: 1 },
        { id: 'v2', number: 2 },
      ],
    },
  ],
} as unknown as JusteringStatusView;

const doc = (over: Partial<DashboardDocumentFacts>): DashboardDocumentFacts => ({
  kind: 'frozen',
  roundId: 'r1',
  titleSv: 'Fryst version 1',
  url: '/api/documents/d1',
  sha256: 'a'.repeat(64),
  size: 1000,
  relationSv: null,
  current: false,
  ...over,
});

describe(dashboardProtocol.name, () => {
  it('shows each document with its title, link and SHA-256, and says that a replaced version’s approvals no longer count', () => {
    const notice: DashboardNotice & Record<string, unknown> = {
      id: 'n1',
      roundId: 'r1',
      storedState: 'current',
      state: 'current',
      postAt: '2026-11-27T07:00:00.000Z' as DashboardNotice['postAt'],
      postedDate: '2026-11-27',
      lastAppealDay: '2026-12-18',
      takeDownDate: '2026-12-19',
      awaitingPostings: false,
      noticeUrl: 'https://justera.example/anslag/n1',
      postings: [{ board: 'not shown' }],
    };
    const p = dashboardProtocol(
      STATUS,
      [
        doc({}),
        doc({ titleSv: 'Fryst version 2', url: '/api/documents/d2', current: true }),
        doc({ kind: 'justerat', titleSv: 'Justerat protokoll', relationSv: 'innehåller version 2', current: undefined }),
      ],
      [notice],
    );
    expect(p.title).toBe('Kommunstyrelsen 2026-11-25');
    expect(p.documents!.map((d) => [d.title, d.href, d.relation, d.note])).toEqual([
      ['Fryst version 1', '/api/documents/d1', null, 'ersatt av en senare version; godkännanden av den gäller inte'],
      ['Fryst version 2', '/api/documents/d2', null, null],
      ['Justerat protokoll', '/api/documents/d1', 'innehåller version 2', null],
    ]);
    // Only what the page shows of a notice.
    expect(p.notices).toEqual([
      {
        id: 'n1',
        roundId: 'r1',
        storedState: 'current',
        state: 'current',
        postAt: notice.postAt,
        postedDate: '2026-11-27',
        lastAppealDay: '2026-12-18',
        takeDownDate: '2026-12-19',
        awaitingPostings: false,
        noticeUrl: 'https://justera.example/anslag/n1',
      },
    ]);
  });
});

describe(dashboardTimeline.name, () => {
  it('names the signatories, the versions and the staff who acted, and says where the chain breaks', () => {
    const event = (seq: number, type: string, actor: string, data: Record<string, unknown>) => ({
      seq,
      type,
      at: '2026-11-26T09:15:00Z',
      actor,
      roundId: 'r1',
      data,
    });
    const trail = {
      events: [
        event(1, 'version.frozen', 'user:u1', { number: 2, reason: 'Datum rättat.' }),
        event(2, 'signed', 'signatory:o1', { signatoryId: 'o1', versionId: 'v2' }),
        event(3, 'cancelled', 'apikey:k1', { reason: 'Fel protokoll.' }),
      ],
      verification: { ok: false, firstBad: { seq: 3 } },
    } as unknown as AuditTrailView;
    const t = dashboardTimeline(trail, STATUS, [{ id: 'u1', name: 'Hanna Handläggare' }], [{ id: 'k1', name: 'Ärendesystemet' }]);
    expect(t.items.map((i) => [i.what, i.who])).toEqual([
      ['Version 2 frystes', 'Hanna Handläggare'],
      ['Olle Ordförande (ordförande) godkände version 2', 'Olle Ordförande (ordförande)'],
      ['Justeringen avbröts', expect.stringContaining('Ärendesystemet')],
    ]);
    expect(t).toMatchObject({ ok: false, firstBadSeq: 3 });
  });
});
