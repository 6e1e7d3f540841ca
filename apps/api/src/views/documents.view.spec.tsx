import type { NoticeView } from '@justera/anslag';
import { renderNoticePage } from './anslag.view';
import { DashboardProtocol, renderDashboardProtocolPage } from './dashboard.view';

const FROZEN = 'a'.repeat(64);
const JUSTERAT = 'b'.repeat(64);
const POSTED = 'c'.repeat(64);
const BEVIS = 'd'.repeat(64);

/** Every link to a PDF and the SHA-256 printed in its list item (the checksum beside the download). */
function linksWithChecksums(html: string): { href: string; sha256: string }[] {
  return [
    ...html.matchAll(
      /<li class="document[^"]*"><a href="([^"]+)" type="application\/pdf">[\s\S]*?<code class="checksum">([0-9a-f]{64})<\/code>/g,
    ),
  ].map((m) => ({ href: m[1], sha256: m[2] }));
}

describe('documents on the pages', () => {
  it("the public notice page prints the posted PDF's own checksum beside it, and the justerat PDF it contains with its own", () => {
    const n: NoticeView = {
      id: 'n1',
      type: 'Justerat protokoll',
      organisationName: 'Kommunen',
      organName: 'Kommunstyrelsen',
      meetingDate: '2026-11-20',
      paragraphs: null,
      justeradDate: '2026-11-21',
      postingDeadline: '2026-11-24',
      postedDate: '2026-11-21',
      lastAppealDay: '2026-12-14',
      takeDownDate: '2026-12-15',
      storagePlace: 'Stadshuset',
      contact: null,
      state: 'current',
      awaitingPostings: false,
      postings: [],
      protocolSha256: JUSTERAT,
      protocolSize: 2048,
      protocolPdfUrl: 'https://j.example/anslagstavla/k/anslag/n1/justerat-protokoll.pdf',
      pdfUrl: 'https://j.example/anslagstavla/k/anslag/n1/protokoll.pdf',
      pdf: { kind: 'posted', sha256: POSTED, size: 4096 },
      bevis: { url: 'https://j.example/anslagstavla/k/anslag/n1/anslagsbevis.pdf', sha256: BEVIS, size: 1024 },
      noticeUrl: 'https://j.example/anslagstavla/k/anslag/n1',
      updatedAt: new Date(),
    };
    const html = renderNoticePage({ board: { name: 'Kommunen', url: 'https://j.example/anslagstavla/k' }, notice: n, takenDownAt: null });
    expect(linksWithChecksums(html)).toEqual([
      { href: n.pdfUrl, sha256: POSTED },
      { href: n.protocolPdfUrl, sha256: JUSTERAT },
      { href: n.bevis!.url, sha256: BEVIS },
    ]);
    expect(html).toContain(
      `Innehåller det justerade protokollet oförändrat (de första ${(2048).toLocaleString('sv-SE')} byten, SHA-256 ${JUSTERAT})`,
    );
    expect(html).toContain('Protokoll med anslagsuppgifter');
    // Where to check them (a new user's trial found no way from the notice to /validera).
    expect(html).toContain('<a href="/validera">Kontrollera den på valideringssidan</a>');
  });

  it('the dashboard of a justerat protocol offers each document with its own checksum, and the notice with its dates', () => {
    const p: DashboardProtocol = {
      protocolId: 'p1',
      title: 'Kommunstyrelsen',
      organ: 'Kommunstyrelsen',
      meetingDate: '2026-11-20',
      protocolStatus: 'justerat',
      rounds: [
        {
          id: 'r1',
          status: 'completed',
          statusSv: 'justerat',
          order: 'sequential',
          paragraphs: null,
          deadline: '2026-12-04',
          deadlinePassed: false,
          signing: { pending: 0, error: null, failedAt: null, failures: 0 },
          version: { number: 1, sha256: FROZEN },
          signatories: [],
        },
      ],
      documents: [
        {
          roundId: 'r1',
          kind: 'frozen',
          title: 'Version 1 att justera (osignerad)',
          href: '/api/protocols/p1/documents/f',
          sha256: FROZEN,
          size: 100,
          relation: null,
        },
        {
          roundId: 'r1',
          kind: 'justerat',
          title: 'Justerat protokoll',
          href: '/api/protocols/p1/documents/j',
          sha256: JUSTERAT,
          size: 200,
          relation: 'Innehåller den osignerade versionen oförändrad.',
        },
        {
          roundId: 'r1',
          kind: 'posted',
          title: 'Protokoll med anslagsuppgifter',
          href: '/api/protocols/p1/documents/p',
          sha256: POSTED,
          size: 300,
          relation: 'Innehåller det justerade protokollet oförändrat.',
        },
        {
          roundId: 'r1',
          kind: 'anslagsbevis',
          title: 'Anslagsbevis',
          href: '/api/protocols/p1/documents/b',
          sha256: BEVIS,
          size: 50,
          relation: null,
        },
      ],
      notices: [
        {
          id: 'n1',
          roundId: 'r1',
          storedState: 'current',
          state: 'current',
          postAt: new Date(),
          postedDate: '2026-11-21',
          lastAppealDay: '2026-12-14',
          takeDownDate: '2026-12-15',
          awaitingPostings: false,
          noticeUrl: 'https://j.example/anslagstavla/k/anslag/n1',
        },
      ],
    };
    const html = renderDashboardProtocolPage({ user: { name: 'S', csrf: 't' }, protocol: p, now: new Date('2026-11-22T10:00:00Z') });
    expect(linksWithChecksums(html)).toEqual(p.documents!.map((d) => ({ href: d.href, sha256: d.sha256 })));
    expect(html).toContain('<a href="https://j.example/anslagstavla/k/anslag/n1">Anslaget på anslagstavlan</a> sitter uppe.');
    expect(html).toContain(
      '<dt>Uppsatt</dt><dd>21 november 2026</dd><dt>Sista dag att överklaga</dt><dd>14 december 2026</dd><dt>Tas ned</dt><dd>15 december 2026</dd>',
    );
    expect(html).toContain('href="/anslag/protokoll/p1"');
    // The frozen hash is no longer printed beside a link to another file.
    expect(html).not.toContain('/justering/r1/document.pdf');
  });
});
