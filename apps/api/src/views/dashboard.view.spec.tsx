import { DashboardProtocol, renderCancelRoundPage, renderDashboardPage, renderDashboardProtocolPage } from './dashboard.view';

function protocol(deadline: string): DashboardProtocol {
  return {
    protocolId: 'p1',
    title: 'Kommunstyrelsen <2025>',
    organ: 'Kommunstyrelsen',
    meetingDate: '2025-11-27',
    protocolStatus: 'justering',
    rounds: [
      {
        id: 'r1',
        status: 'active',
        statusSv: 'pågår',
        order: 'sequential',
        paragraphs: null,
        deadline,
        deadlinePassed: false,
        signing: { pending: 0, error: null, failedAt: null, failures: 0 },
        version: { number: 1, sha256: 'ab'.repeat(32) },
        signatories: [],
      },
    ],
  };
}

const user = { name: 'Sekreteraren', csrf: 't' };

describe(renderDashboardProtocolPage.name, () => {
  it('counts the days to the deadline in Swedish time: at 00:30 on 11 December a deadline on the 12th is tomorrow', () => {
    // 23:30 UTC on 10 December is 00:30 on 11 December in Sweden; counted in UTC days it was "om 2 dagar".
    const html = renderDashboardProtocolPage({ user, protocol: protocol('2025-12-12'), now: new Date('2025-12-10T23:30:00Z') });
    expect(html).toContain('<span class="deadline-near">fredag 12 december 2025 (i morgon)</span>');
  });

  it('marks nothing when the deadline is more than two days away, and escapes the title', () => {
    const html = renderDashboardProtocolPage({ user, protocol: protocol('2025-12-20'), now: new Date('2025-12-10T12:00:00Z') });
    expect(html).toContain('<span>lördag 20 december 2025</span>');
    expect(html).toContain('<h1>Kommunstyrelsen &lt;2025></h1>');
  });

  it('shows the last day for justering only while someone still has to approve (trial: it stayed after justerat)', () => {
    const at = (status: string) => {
      const p = protocol('2025-12-20');
      p.rounds[0] = { ...p.rounds[0], status };
      return renderDashboardProtocolPage({ user, protocol: p, now: new Date('2025-12-10T12:00:00Z') });
    };
    expect(at('active')).toContain('Sista dag för justering');
    expect(at('change_requested')).toContain('Sista dag för justering');
    for (const status of ['signing', 'completed', 'cancelled']) {
      const html = at(status);
      expect(html).not.toContain('Sista dag för justering');
      expect(html).not.toContain('lördag 20 december 2025');
      expect(html).toMatch(/Ordning: i tur och ordning · Version 1/);
    }
  });

  it('during a change request: the correction link before the table, and no empty "Åtgärder" for a signatory who has approved', () => {
    const p = protocol('2025-12-20');
    const signatory = (id: string, state: string) => ({
      id,
      role: 'justerare',
      roleSv: 'Justerare',
      name: `Namn ${id}`,
      email: `${id}@example.se`,
      state,
      stateSv: state,
      turn: false,
      sentAt: null,
      openedAt: null,
      signedAt: null,
      remindersSent: 0,
      changeComment: null,
    });
    p.rounds[0] = { ...p.rounds[0], status: 'change_requested', signatories: [signatory('a', 'signed'), signatory('b', 'change_requested')] as never };
    const html = renderDashboardProtocolPage({ user, protocol: p, now: new Date('2025-12-10T12:00:00Z') });
    expect(html.indexOf('Rätta protokollet och frys en ny version')).toBeGreaterThan(0);
    expect(html.indexOf('Rätta protokollet och frys en ny version')).toBeLessThan(html.indexOf('<table'));
    const cells = [...html.matchAll(/<td[^>]*class="actions"[^>]*>/g)].map((m) => m[0]);
    expect(cells).toEqual(['<td class="actions">', '<td data-label="Åtgärder" class="actions">']);
    expect(html).toContain('<td class="actions"></td>');
  });

  it('links to the sealed Verifieringsunderlag beside the JSON audit trail (a new user found no way to it)', () => {
    const html = renderDashboardProtocolPage({ user, protocol: protocol('2025-12-20'), now: new Date('2025-12-10T12:00:00Z') });
    expect(html).toContain('<a href="/api/protocols/p1/evidence.pdf">Verifieringsunderlag (förseglad PDF)');
  });
});

describe(renderDashboardPage.name, () => {
  it('lists a draft written in the editor that has no meeting date yet (the overview crashed on it)', () => {
    const draft: DashboardProtocol = { ...protocol('2025-12-20'), meetingDate: '', protocolStatus: 'draft', rounds: [] };
    const html = renderDashboardPage({ user, protocols: [draft], now: new Date('2025-12-10T12:00:00Z') });
    expect(html).toContain('Sammanträdesdatum saknas · Kommunstyrelsen · Utkast · ingen justering startad');
  });

  it('shows the justeringar under way in full, then drafts and justerade protocols one line each (the page grew to 8,000 px)', () => {
    const now = new Date('2025-12-10T12:00:00Z');
    const ongoing = protocol('2025-12-20');
    const done: DashboardProtocol = {
      ...protocol('2025-12-01'),
      protocolId: 'p2',
      title: 'Barn- och utbildningsnämnden',
      protocolStatus: 'justerat',
      rounds: [{ ...protocol('2025-12-01').rounds[0], id: 'r2', status: 'completed', statusSv: 'justerat' }],
      notices: [
        {
          id: 'n2',
          roundId: 'r2',
          storedState: 'current',
          state: 'current',
          postAt: null,
          postedDate: '2025-12-02',
          lastAppealDay: '2025-12-23',
          takeDownDate: '2025-12-24',
          awaitingPostings: false,
          noticeUrl: '/anslagstavla/k/anslag/n2',
        },
      ],
    };
    const cancelled: DashboardProtocol = {
      ...protocol('2025-12-01'),
      protocolId: 'p3',
      title: 'Miljönämnden <utkast>',
      protocolStatus: 'draft',
      rounds: [{ ...protocol('2025-12-01').rounds[0], id: 'r3', status: 'cancelled', statusSv: 'avbruten' }],
    };
    const html = renderDashboardPage({ user, protocols: [done, cancelled, ongoing], now });
    expect(html).toContain('<h1>Justeringar</h1>');
    expect(html).toContain('1 justering pågår. <a href="#utkast">Utkast: 1</a> <a href="#justerade">Justerade: 1</a>');
    // The one under way first and in full (its deadline and round), the others after it, one line each.
    const at = (text: string) => html.indexOf(text);
    expect(at('<a href="/justering/p1">Kommunstyrelsen &lt;2025></a>')).toBeGreaterThan(0);
    expect(at('Sista dag för justering')).toBeGreaterThan(at('<a href="/justering/p1">'));
    expect(at('<h2 id="utkast">Utkast</h2>')).toBeGreaterThan(at('Sista dag för justering'));
    expect(at('<h2 id="justerade">Justerade protokoll</h2>')).toBeGreaterThan(at('<h2 id="utkast">'));
    expect(html).toContain('<a href="/justering/p3">Miljönämnden &lt;utkast></a>');
    expect(html).toContain('Kommunstyrelsen · Utkast · justeringen avbröts');
    expect(html).toContain('Kommunstyrelsen · Justerat · sista dag att överklaga tisdag 23 december 2025');
    // Only the round under way is shown in full; the others' rounds are on their own pages.
    expect(html.match(/Ordning: i tur och ordning · Version 1/g)).toHaveLength(1);
  });
});

describe('confirmations and the cancellation page', () => {
  const withSigners = (): DashboardProtocol => {
    const p = protocol('2025-12-20');
    const sig = (id: string, roleSv: string, name: string, sentAt: string | null) => ({
      id,
      roleSv,
      name,
      email: `${id}@kommun.se`,
      state: sentAt ? 'sent' : 'waiting',
      stateSv: '',
      turn: false,
      changeComment: null,
      sentAt,
      openedAt: null,
      signedAt: null,
      remindersSent: 0,
    });
    p.rounds[0].signatories = [
      sig('s', 'Sekreterare', 'Sara', '2025-12-01T09:00:00Z'),
      sig('o', 'Ordförande', 'Olle <O>', '2025-12-01T10:00:00Z'),
      sig('j', 'Justerare', 'Jenny', null),
    ];
    return p;
  };

  it('says back what was done for a known code only, never the query text itself', () => {
    const now = new Date('2025-12-10T12:00:00Z');
    expect(renderDashboardProtocolPage({ user, protocol: protocol('2025-12-20'), now, done: 'paminnelse' })).toContain(
      '<p role="status" class="done">Påminnelsen är skickad.</p>',
    );
    for (const done of ['<script>x</script>', 'toString', '__proto__']) {
      const html = renderDashboardProtocolPage({ user, protocol: protocol('2025-12-20'), now, done });
      expect(html).not.toContain('role="status" class="done"');
      expect(html).not.toContain('<script>x');
    }
  });

  it('links to a confirmation page instead of cancelling in one click', () => {
    const html = renderDashboardProtocolPage({ user, protocol: protocol('2025-12-20'), now: new Date('2025-12-10T12:00:00Z') });
    expect(html).toContain('href="/justering/p1/rounds/r1/avbryt"');
    expect(html).not.toContain('action="/justering/p1/rounds/r1/cancel"');
  });

  it('lists who will be mailed (everyone who had a link), asks for the reason and shows its error', () => {
    const p = withSigners();
    const html = renderCancelRoundPage({ user, protocol: p, round: p.rounds[0], error: 'Skriv varför.', reason: 'för <tidigt>' });
    expect(html).toContain('Olle &lt;O> (Ordförande)');
    expect(html).toContain('Sara (Sekreterare)');
    expect(html).not.toContain('Jenny (Justerare)');
    expect(html).toContain('action="/justering/p1/rounds/r1/cancel"');
    expect(html).toMatch(/<textarea[^>]*name="reason"[^>]*required/);
    expect(html).toContain('för &lt;tidigt>');
    expect(html).toContain('<p class="error" role="alert" id="cancel-reason-error">Skriv varför.</p>');
  });
});

describe('the timeline on the protocol page', () => {
  const items = [
    { seq: 1, at: '2026-12-06T09:15:00Z', who: 'Inloggad handläggare', what: 'Justeringen startades' },
    { seq: 2, at: '2026-12-06T09:20:00Z', who: 'Olle <O>', what: 'Olle begärde en ändring i version 1', detail: 'Fel <datum>' },
  ];

  it('lists the events in Swedish time, escaped, folded, with the JSON export and the chain verdict', () => {
    const html = renderDashboardProtocolPage({
      user,
      protocol: protocol('2026-12-20'),
      now: new Date('2026-12-06T12:00:00Z'),
      timeline: { items, ok: true },
    });
    expect(html).toContain('<h2 id="timeline-heading">Händelser</h2>');
    expect(html).toContain('Händelseloggen är obruten: alla 2 händelser är kontrollerade');
    expect(html).toContain('<summary>Visa alla 2 händelser</summary>');
    expect(html).toContain('6 december 2026 kl. 10:15');
    expect(html).toContain('<q>Fel &lt;datum></q>');
    expect(html).toContain('Olle &lt;O>');
    expect(html).toContain('href="/api/protocols/p1/audit"');
    // The link says what it is in plain Swedish (the trial read "Händelselogg (JSON)" as jargon).
    expect(html).toMatch(/href="\/api\/protocols\/p1\/audit">\s*Händelselogg \(maskinläsbar, JSON\)/);
  });

  it('says where a broken chain breaks, and shows nothing without a timeline', () => {
    const broken = renderDashboardProtocolPage({
      user,
      protocol: protocol('2026-12-20'),
      now: new Date(),
      timeline: { items, ok: false, firstBadSeq: 2 },
    });
    expect(broken).toContain('Händelseloggen är bruten från händelse 2');
    expect(renderDashboardProtocolPage({ user, protocol: protocol('2026-12-20'), now: new Date() })).not.toContain('timeline-heading');
  });
});

describe('the version history (issue 16)', () => {
  it('lists every version with the change request that led to it and the answer, escaped; a single version shows none', () => {
    const versions = [
      {
        roundId: 'r1',
        number: 1,
        sha256: 'aa'.repeat(32),
        createdAt: '2025-12-01T09:00:00Z',
        current: false,
        reason: null,
        changeRequest: null,
      },
      {
        roundId: 'r1',
        number: 2,
        sha256: 'bb'.repeat(32),
        createdAt: '2025-12-02T09:00:00Z',
        current: true,
        reason: 'Datumet är rättat <b>.',
        changeRequest: { name: 'Olle <Ordförande>', roleSv: 'ordförande', comment: '§ 628: fel datum.' },
        changes: ['§ 628 Budget: ändrad'],
      },
    ];
    const html = renderDashboardProtocolPage({ user, protocol: protocol('2025-12-20'), now: new Date('2025-12-10T12:00:00Z'), versions });
    expect(html).toContain('<h2 id="versions-heading">Versioner</h2>');
    expect(html).toContain('<strong>Version 1</strong> (ersatt; godkännanden av den gäller inte), fryst 1 december 2025 kl. 10:00.');
    expect(html).toContain('Ändring begärd av Olle &lt;Ordförande> (ordförande): <q>§ 628: fel datum.</q>');
    expect(html).toContain('Svar: <q>Datumet är rättat &lt;b>.</q>');
    expect(html).toContain('<li>§ 628 Budget: ändrad</li>');
    expect(
      renderDashboardProtocolPage({ user, protocol: protocol('2025-12-20'), now: new Date(), versions: versions.slice(0, 1) }),
    ).not.toContain('Versioner');
  });
});
