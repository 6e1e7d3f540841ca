import { DashboardProtocol, renderDashboardProtocolPage } from './dashboard.view';

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
});
