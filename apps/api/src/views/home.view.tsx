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
  /** A justerat protocol's justerat PDF (ProtocolDocumentsService), offered instead of the unsigned preview. */
  justerat?: { href: string; sha256: string; size: number } | null;
}

export interface HomeViewModel {
  user: PageUser;
  protocols: HomeProtocolRow[];
}

/** The secretary's start page: the protocol list. */
export function renderHomePage({ user, protocols }: HomeViewModel): string {
  return renderPage(
    <Layout title="Protokoll" user={user}>
      <h1>Protokoll</h1>
      {protocols.length === 0 ? (
        <>
          <p>Inga protokoll ännu.</p>
          <ul>
            <li>
              <a href="/arbetsyta/ladda-upp">Ladda upp ett protokoll (PDF)</a> – skrivet i Word eller ett mötessystem
            </li>
          </ul>
          <p>
            Allt du gör med protokollen finns i <a href="/arbetsyta">arbetsytan</a>. Integrationer kan använda <a href="/api/docs">API:t</a>
            .
          </p>
        </>
      ) : (
        <>
          <p>
            <a href="/arbetsyta">Öppna arbetsytan</a> · <a href="/arbetsyta/ladda-upp">Ladda upp ett protokoll (PDF)</a>
          </p>
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
                  <td data-label="Sammanträdesdatum">{p.meetingDate}</td>
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
