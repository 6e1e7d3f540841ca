import type { NoticeView } from '@justera/anslag';
import { pageNumbers, renderArchivePage, renderBoardIndexPage, renderBoardPage, renderNoticePage } from './anslag.view';
import { renderSigningPage } from './signing.view';
import { renderOutboxListPage, renderOutboxMailPage } from './outbox.view';
import type { OutboxMail } from '@justera/mail';
import { renderErrorPage } from './error.view';
import { renderHomePage } from './home.view';
import { renderLoginPage } from './login.view';
import { renderPage, trusted, TrustedHtml } from './render';
import { STYLESHEET } from './stylesheet';

const EVIL = `<script>alert("x")</script><img src=x onerror='y'>`;

describe('view layer', () => {
  it('escapes every text and attribute value by default', () => {
    const html = renderHomePage({
      user: { name: EVIL, csrf: `"><script>` },
      protocols: [{ id: 'a"b', meetingDate: '2025-12-10', title: EVIL, statusSv: 'Utkast', draft: true, evidence: false }],
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script>alert(&quot;x&quot;)&lt;/script>');
    expect(html).toContain('value="&quot;>&lt;script>"');
    expect(html).toContain('href="/api/protocols/a&quot;b/pdf"');
  });

  it('lets HTML in only through TrustedHtml with a named source', () => {
    const page = renderPage(
      <html lang="sv">
        <body>
          <TrustedHtml as="section" class="protocol-html" html={trusted('<h2>§ 1</h2>', 'libs/protocol renderProtocolHtml')} />
        </body>
      </html>,
    );
    expect(page).toBe('<!doctype html>\n<html lang="sv"><body><section class="protocol-html"><h2>§ 1</h2></section></body></html>');
  });

  it('renders a full document that links the one stylesheet and carries no inline style', () => {
    const html = renderLoginPage({ next: '/justering', error: 'Fel e-postadress eller lösenord.', email: 'a@b.se' });
    expect(html.startsWith('<!doctype html>\n<html lang="sv">')).toBe(true);
    expect(html).toContain(`<link rel="stylesheet" href="${STYLESHEET.path}"/>`);
    expect(html).not.toMatch(/<style|style=/);
    expect(html).toContain('aria-describedby="login-error"');
    expect(renderLoginPage({ next: '/' })).not.toContain('aria-describedby');
  });

  it('offers single sign-on on the login page when configured, and the password form unless it is off everywhere', () => {
    const plain = renderLoginPage({ next: '/' });
    expect(plain).not.toContain('/login/sso');
    const both = renderLoginPage({ next: '/x', sso: { label: 'Kommunens inloggning' }, passwordForm: true });
    expect(both).toContain(
      '<form method="get" action="/login/sso" class="sso-login"><input type="hidden" name="next" value="/x"/><button type="submit">Logga in med organisationens inloggning</button></form>',
    );
    expect(both).toContain('action="/login" novalidate');
    const ssoOnly = renderLoginPage({ next: '/', sso: { label: 'Kommunens inloggning' }, passwordForm: false });
    expect(ssoOnly).toContain('Logga in med organisationens inloggning');
    expect(ssoOnly).not.toContain('type="password"');
    expect(ssoOnly).not.toContain('action="/login" ');
  });

  it('offers the way back to the login page on a failed single sign-on', () => {
    expect(renderErrorPage({ status: 403, message: 'Ditt konto finns inte i Justera.', loginLink: true })).toContain(
      '<a href="/login">Logga in</a>',
    );
    expect(renderErrorPage({ status: 403, message: 'x' })).not.toContain('href="/login"');
  });

  it('renders error pages with a Swedish title for the status and the request id', () => {
    const html = renderErrorPage({ status: 404, message: 'Protokollet finns inte.', requestId: 'req-1' });
    expect(html).toContain('<title>Sidan finns inte – Justera</title>');
    expect(html).toContain('<h1>Sidan finns inte</h1><p>Protokollet finns inte.</p>');
    expect(html).toContain('Begärans id (uppge det om du kontaktar support): req-1');
    expect(html).toContain('<a href="/anslagstavla">Till anslagstavlorna</a>');
    expect(html).toContain('<a href="/">Till startsidan');
    expect(renderErrorPage({ status: 400, message: 'Ogiltigt id.' })).toContain('<h1>Felaktig begäran</h1>');
    expect(renderErrorPage({ status: 401, message: 'Logga in.' })).toContain('<a href="/login">Logga in</a>');
    expect(renderErrorPage({ status: 409, message: 'x', title: 'Länken har gått ut' })).toContain('<h1>Länken har gått ut</h1>');
  });

  it('links the brand to the board index on public pages and to the start page for a logged-in user, with the icon', () => {
    const pub = renderErrorPage({ status: 404, message: 'x' });
    expect(pub).toContain('<a class="brand" href="/anslagstavla">Justera</a>');
    expect(pub).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml"/>');
    expect(renderHomePage({ user: { name: 'A', csrf: 'c' }, protocols: [] })).toContain('<a class="brand" href="/">Justera</a>');
  });

  it('lists the boards of the installation, escaped, with the organs that post there', () => {
    const html = renderBoardIndexPage({
      boards: [
        { organisation: `Mora ${EVIL}`, url: 'https://j.example/anslagstavla/mora', organs: ['Kommunstyrelsen', 'Socialnämnden'] },
        { organisation: 'Orsa', url: 'https://j.example/anslagstavla/orsa', organs: [] },
      ],
      total: 3,
    });
    expect(html).toContain('<h1>Anslagstavlor</h1>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<a href="https://j.example/anslagstavla/mora">Anslagstavla – Mora &lt;script>');
    expect(html).toContain('Anslag från Kommunstyrelsen, Socialnämnden');
    expect(html).toContain('Inga anslag har satts upp här ännu.');
    expect(html).toContain('Visar 2 av 3 organisationer.');
    expect(renderBoardIndexPage({ boards: [], total: 0 })).toContain('Det finns inga anslagstavlor här ännu.');
  });

  it("names the notice's contact, or the förvaringsplats when it has none, never an absent contact", () => {
    const board = { name: 'Mora', url: 'https://j.example/anslagstavla/mora' };
    const n = {
      id: 'n1',
      type: 'Justerat protokoll',
      organisationName: 'Mora',
      organName: 'Kommunstyrelsen',
      meetingDate: '2025-03-05',
      paragraphs: null,
      justeradDate: '2025-03-10',
      postingDeadline: '2025-03-12',
      postedDate: '2025-03-10',
      lastAppealDay: '2025-03-31',
      takeDownDate: '2025-04-01',
      storagePlace: 'Kommunkansliet',
      contact: null,
      state: 'current',
      awaitingPostings: false,
      postings: [],
      protocolSha256: null,
      pdfUrl: null,
      noticeUrl: 'https://j.example/anslagstavla/mora/anslag/n1',
      updatedAt: new Date(),
    } as unknown as NoticeView;
    const without = renderNoticePage({ board, notice: n, takenDownAt: null });
    expect(without).toContain('Har du frågor om anslaget, vänd dig till förvaringsplatsen för protokollet: Kommunkansliet.');
    expect(without).not.toContain('kontakta den som anges som kontakt');
    const withContact = renderNoticePage({
      board,
      notice: { ...n, contact: `Anna Berg, 0250-123 ${EVIL}` },
      takenDownAt: null,
    });
    expect(withContact).toContain('<dt>Kontakt</dt><dd>Anna Berg, 0250-123 &lt;script>');
    expect(withContact).toContain('Har du frågor om anslaget, kontakta Anna Berg, 0250-123 &lt;script>');
    const unposted = renderNoticePage({ board, notice: { ...n, lastAppealDay: null, takeDownDate: null }, takenDownAt: null });
    expect(unposted).toContain('<dt>Sista dag att överklaga</dt><dd>inte bestämt ännu</dd>');
    const page = { items: [], page: 1, pages: 1, total: 0 };
    expect(renderBoardPage({ board, current: page, archive: page })).toContain('Anges ingen kontakt, vänd dig till förvaringsplatsen');
  });

  it('speaks of the approval in the past tense once the signer has signed', () => {
    const doc = {
      token: 't',
      organ: 'Kommunstyrelsen',
      meetingDate: '2026-12-01',
      paragraphs: null,
      role: 'ordforande',
      signatoryId: 'o1',
      deadline: '2026-12-15',
      plannedJustering: null as string | null,
      version: { number: 1, sha256: 'ab'.repeat(32), size: 1000 },
      signers: [{ id: 'o1', name: 'Olle', role: 'ordforande', signedAt: '2026-12-02T10:00:00Z' }],
      protocolHtml: null,
    };
    const signed = renderSigningPage({ kind: 'signed', doc, signedAt: '2026-12-02T10:00:00Z', transactionId: 'x', inPdf: true });
    expect(signed).toContain('för den version du godkände:');
    expect(signed).not.toContain('du godkänner');
    const open = renderSigningPage({ kind: 'open', doc: { ...doc, signers: [{ ...doc.signers[0], signedAt: null }] }, contact: null });
    expect(open).toContain('för den version du godkänner:');
    expect(open).not.toContain('Justeringens plats och tid');
    // The justering the secretary planned (the protocol's words), beside the legal last day, escaped.
    const planned = renderSigningPage({ kind: 'open', doc: { ...doc, plannedJustering: `tisdag 8 december 2026 kl. 10:00, ${EVIL}` }, contact: null });
    expect(planned).toContain('<dt>Justeringens plats och tid</dt><dd>tisdag 8 december 2026 kl. 10:00, &lt;script>');
    expect(planned).toContain('<dt>Sista dag</dt>');
  });

  it("names the round's secretary and a mailto link on a signer's error pages, escaped", () => {
    const contact = { name: `Anna ${EVIL}`, email: 'anna.berg@mora.se' };
    const expired = renderSigningPage({ kind: 'expired', linkExpiresAt: '2025-03-20T12:00:00Z', deadline: '2025-03-19', contact });
    expect(expired).not.toContain('<script>');
    expect(expired).toContain('Kontakta sekreteraren Anna &lt;script>');
    expect(expired).toContain('<a class="email" href="mailto:anna.berg@mora.se">anna.berg@mora.se</a>, om du behöver en ny länk.');
    expect(expired).toContain('Länken gällde till 20 mars 2025 kl. 13:00.');
    expect(renderSigningPage({ kind: 'cancelled', contact })).toContain('Kontakta sekreteraren Anna');
    expect(renderSigningPage({ kind: 'superseded', reason: 'signatory_replaced', next: 'later', waitingFor: [], contact })).toContain('om det är fel');
    // The secretary's own link: no "kontakta sekreteraren".
    expect(
      renderSigningPage({ kind: 'expired', linkExpiresAt: '2025-03-20T12:00:00Z', deadline: '2025-03-19', contact: null }),
    ).not.toMatch(/[Kk]ontakta sekreteraren/);
    expect(renderSigningPage({ kind: 'invalid' })).toContain('den som skickade protokollet till dig för justering');
  });

  it('a superseded link points to the latest e-mail only once a newer link was mailed (issue 16)', () => {
    const contact = { name: 'Anna Berg', email: 'anna.berg@mora.se' };
    const waitingFor = [{ name: 'Thomas Norgren', role: 'sekreterare' }];
    const later = renderSigningPage({ kind: 'superseded', reason: 'replaced', next: 'later', waitingFor, contact });
    expect(later).not.toContain('senaste e-postmeddelandet');
    expect(later).toContain(
      'Du får ett e-postmeddelande med en ny länk när det är din tur att justera. Just nu väntar justeringen på Thomas Norgren (sekreterare).',
    );
    const mailed = renderSigningPage({ kind: 'superseded', reason: 'replaced', next: 'mailed', waitingFor: [], contact });
    expect(mailed).toContain('Använd länken i det senaste e-postmeddelandet');
    expect(renderSigningPage({ kind: 'superseded', reason: 'link', next: 'later', waitingFor: [], contact })).not.toContain('senaste e-postmeddelandet');
    expect(renderSigningPage({ kind: 'superseded', reason: 'link', next: 'mailed', waitingFor: [], contact })).toContain('En ny länk har skickats till dig');
    expect(renderSigningPage({ kind: 'superseded', reason: 'replaced', next: 'done', waitingFor: [], contact })).toContain('Du behöver inte göra något mer');
  });

  it('shows the outbox times in Swedish time, not ISO UTC', () => {
    const mail = {
      id: 'a'.repeat(32),
      messageId: 'm',
      createdAt: '2025-12-16T17:19:05.000Z',
      from: 'j@x.se',
      to: ['a@x.se'],
      subject: 'Hej',
      text: 'x',
      links: [],
    } as unknown as OutboxMail;
    for (const html of [renderOutboxListPage({ mails: [mail] }), renderOutboxMailPage({ mail })]) {
      expect(html).toContain('<time datetime="2025-12-16T17:19:05.000Z">2025-12-16 18:19:05 (svensk tid)</time>');
      // A way back to the service from the outbox (its links lead away from it).
      expect(html).toContain('<a href="/">Till Justera</a>');
    }
    // The list has no script: it says how to see a new message.
    expect(renderOutboxListPage({ mails: [] })).toContain('<a href="/dev/outbox">Uppdatera listan</a>');
  });

  it('numbers the pages of a list: first, last and the neighbours of the current, gaps as null', () => {
    expect(pageNumbers(1, 1)).toEqual([1]);
    expect(pageNumbers(1, 3)).toEqual([1, 2, 3]);
    expect(pageNumbers(5, 10)).toEqual([1, null, 4, 5, 6, null, 10]);
    expect(pageNumbers(3, 10)).toEqual([1, 2, 3, 4, null, 10]);
    expect(pageNumbers(10, 10)).toEqual([1, null, 9, 10]);
  });

  it('links the pages of the archive with rel=prev/next in a labelled nav, the current page marked', () => {
    const board = { name: 'Mora', url: 'https://j.example/anslagstavla/mora' };
    const html = renderArchivePage({ board, archive: { items: [], page: 2, pages: 3, total: 120 } });
    expect(html).toContain('<nav class="pagination" aria-label="Sidor i arkivet">');
    expect(html).toContain('<a href="https://j.example/anslagstavla/mora/arkiv" rel="prev">Föregående sida</a>');
    expect(html).toContain('<a href="https://j.example/anslagstavla/mora/arkiv?sida=3" rel="next">Nästa sida</a>');
    expect(html).toContain(
      '<a href="https://j.example/anslagstavla/mora/arkiv?sida=2" aria-current="page"><span class="visually-hidden">Sida </span>2</a>',
    );
    expect(html).toContain('Sida 2 av 3 · 120 nedtagna anslag');
    expect(renderArchivePage({ board, archive: { items: [], page: 1, pages: 1, total: 0 } })).not.toContain('<nav');
  });
});
