import { PROTOCOL_DOCUMENT_SV } from '@justera/sv';
import { sizeSv } from './documents';
import { Layout, PageUser } from './layout';
import { renderPage } from './render';

export interface HomeProtocolRow {
  id: string;
  meetingDate: string;
  title: string;
  /** Swedish status text ("Under justering"). */
  statusSv: string;
  draft: boolean;
  /** The link to the sealed evidence PDF, when the user may read it. */
  evidence: boolean;
  /** A justerat protocol's justerat PDF (libs/justering `ProtocolDocumentsList`), offered instead of the unsigned preview. */
  justerat?: { href: string; sha256: string; size: number } | null;
}

export interface HomeViewModel {
  user: PageUser;
  protocols: HomeProtocolRow[];
}

/** The secretary's start page after login: the three ways to a new protocol (in the workspace) and the protocol list. */
export function renderHomePage({ user, protocols }: HomeViewModel): string {
  return renderPage(
    <Layout title="Protokoll" user={user}>
      <h1>Protokoll</h1>
      <section aria-labelledby="new-heading" class="new-protocol">
        <h2 id="new-heading">Nytt protokoll</h2>
        <p>
          Allt du gör med ett protokoll gör du i <a href="/arbetsyta">arbetsytan</a>:
        </p>
        <ul>
          <li>
            <a href="/arbetsyta/skriv">Skriv ett protokoll</a> – i Justera, med paragrafer, närvaro och undertecknare; Justera gör PDF:en.
          </li>
          <li>
            <a href="/arbetsyta/importera">Importera ett Word-dokument</a> – ett protokoll skrivet i Word (.docx) läses in och granskas
            innan det sparas.
          </li>
          <li>
            <a href="/arbetsyta/ladda-upp">Ladda upp en PDF</a> – ett protokoll skrivet i Word eller ett mötessystem och sparat som PDF.
          </li>
        </ul>
        <p>
          Justeringarna följer du i <a href="/justering">justeringsöversikten</a>. Integrationer kan använda <a href="/api/docs">API:t</a>.
        </p>
      </section>
      <h2>Alla protokoll</h2>
      {protocols.length === 0 ? (
        <p>Inga protokoll ännu. Börja med att skriva, importera eller ladda upp ett protokoll ovan.</p>
      ) : (
        <>
          <table class="stack">
            <caption class="visually-hidden">Protokoll</caption>
            <thead>
              <tr>
                <th scope="col">Sammanträdesdatum</th>
                <th scope="col">Titel</th>
                <th scope="col">Status</th>
                <th scope="col">Dokument</th>
                <th scope="col">Justering</th>
              </tr>
            </thead>
            <tbody>
              {protocols.map((p) => (
                <tr>
                  <td data-label="Sammanträdesdatum">{p.meetingDate || 'saknas'}</td>
                  <td data-label="Titel">{p.title}</td>
                  <td data-label="Status">{p.statusSv}</td>
                  <td data-label="Dokument">
                    {p.justerat ? (
                      <>
                        <a href={p.justerat.href} type="application/pdf">
                          {PROTOCOL_DOCUMENT_SV.justerat.name}
                          <span class="visually-hidden"> {p.title}</span>
                        </a>{' '}
                        (PDF, {sizeSv(p.justerat.size)})
                        <br />
                        SHA-256: <code class="checksum">{p.justerat.sha256}</code>
                      </>
                    ) : (
                      <a href={`/api/protocols/${p.id}/pdf`}>
                        Förhandsgranska (PDF)<span class="visually-hidden"> {p.title}</span>
                      </a>
                    )}
                  </td>
                  <td data-label="Justering">
                    <a href={`/arbetsyta/protokoll/${p.id}`}>
                      {p.draft ? 'Starta' : 'Följ'}
                      <span class="visually-hidden"> justeringen av {p.title}</span>
                    </a>
                    {p.evidence && (
                      <>
                        {' · '}
                        <a href={`/api/protocols/${p.id}/evidence.pdf`}>
                          Verifieringsunderlag<span class="visually-hidden"> för {p.title}</span>
                        </a>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Layout>,
  );
}
