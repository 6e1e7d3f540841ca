import { renderHomePage } from './home.view';

describe(renderHomePage.name, () => {
  const user = { name: 'Sara Sekreterare', csrf: 'x' };

  it.each([
    ['without protocols', []],
    [
      'with protocols',
      [
        {
          id: '2b0d3c4e-5f60-4a1b-8c2d-3e4f5a6b7c8d',
          meetingDate: '2026-12-03',
          title: 'KS',
          statusSv: 'Utkast',
          draft: true,
          evidence: false,
        },
      ],
    ],
  ])('offers writing, importing and uploading a protocol in the workspace %s', (_what, protocols) => {
    const html = renderHomePage({ user, protocols });
    expect(html).toContain('<a href="/arbetsyta/skriv">Skriv ett protokoll</a>');
    expect(html).toContain('<a href="/arbetsyta/importera">Importera ett Word-dokument</a>');
    expect(html).toContain('<a href="/arbetsyta/ladda-upp">Ladda upp en PDF</a>');
  });

  it('links the workspace and the dashboard from the header of every signed-in page', () => {
    const html = renderHomePage({ user, protocols: [] });
    const nav = html.match(/<nav aria-label="Huvudmeny"[^>]*>(.*?)<\/nav>/)?.[1] ?? '';
    expect(nav).toContain('<a href="/arbetsyta">Arbetsyta</a>');
    expect(nav).toContain('<a href="/justering">Justeringar</a>');
    expect(nav).not.toContain('/admin');
  });
});
