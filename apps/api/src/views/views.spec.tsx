import { pageNumbers, renderArchivePage } from './anslag.view';
import { renderErrorPage } from './error.view';
import { renderHomePage } from './home.view';
import { renderLoginPage } from './login.view';
import { renderPage, trusted, TrustedHtml } from './render';
import { STYLESHEET } from './stylesheet';

const EVIL = `<script>alert("x")</script><img src=x onerror='y'>`;

describe('view layer', () => {
  it('escapes every text and attribute value by default', () => {
    const html = renderHomePage({ user: { name: EVIL, csrf: `"><script>` }, protocols: [{ id: 'a"b', meetingDate: '2025-12-10', title: EVIL, statusSv: 'Utkast', draft: true, evidence: false }] });
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

  it('renders error pages with a Swedish title for the status and the request id', () => {
    const html = renderErrorPage({ status: 404, message: 'Protokollet finns inte.', requestId: 'req-1' });
    expect(html).toContain('<title>Sidan finns inte – Justera</title>');
    expect(html).toContain('<h1>Sidan finns inte</h1><p>Protokollet finns inte.</p>');
    expect(html).toContain('Begärans id: req-1');
    expect(renderErrorPage({ status: 401, message: 'Logga in.' })).toContain('<a href="/login">Logga in</a>');
    expect(renderErrorPage({ status: 409, message: 'x', title: 'Länken har gått ut' })).toContain('<h1>Länken har gått ut</h1>');
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
    expect(html).toContain('<a href="https://j.example/anslagstavla/mora/arkiv?sida=2" aria-current="page"><span class="visually-hidden">Sida </span>2</a>');
    expect(html).toContain('Sida 2 av 3 · 120 nedtagna anslag');
    expect(renderArchivePage({ board, archive: { items: [], page: 1, pages: 1, total: 0 } })).not.toContain('<nav');
  });
});
