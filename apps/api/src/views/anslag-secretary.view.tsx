import type { NoticeView } from '@justera/anslag';
import { formatDateSv, formatDateTimeSv } from '@justera/sv';
import { NoticeDocuments } from './anslag.view';
import { Csrf, Layout, PageUser } from './layout';
import { renderPage } from './render';

/** A notice as the secretary sees it: the public view plus its stored state and posting time. */
export interface SecretaryNotice extends Omit<NoticeView, 'postings'> {
  postings: { boardId: string; boardName: string; kind: string; postedDate: string | null }[];
  storedState: string;
  postAt: Date | string;
}

export interface AnslagSecretaryViewModel {
  /** Absent when the page is read with an API key (no logout form then). */
  user?: PageUser;
  csrf: string;
  notices: SecretaryNotice[];
  /** Today in the organisation's time zone: the latest date a posting can be recorded for. */
  today: string;
}

const day = (d: string) => formatDateSv(d, { weekday: false });

/** /anslag/protokoll/<id>: a protocol's notices, and recording a posting on another board. */
export function renderAnslagSecretaryPage({ user, csrf, notices, today }: AnslagSecretaryViewModel): string {
  return renderPage(
    <Layout title="Anslag" user={user} page="page-anslag-secretary">
      <h1>Anslag för protokollet</h1>
      {notices.length === 0 && <p>Inget anslag ännu: det sätts upp automatiskt när justeringen är klar.</p>}
      {notices.map((n) => (
        <section class="notice" aria-labelledby={`h-${n.id}`}>
          <h2 id={`h-${n.id}`}>
            {n.type}
            {n.paragraphs ? ` ${n.paragraphs}` : ''}
          </h2>
          <p>
            {n.storedState === 'scheduled' ? (
              `Sätts upp ${formatDateTimeSv(n.postAt)}.`
            ) : (
              <a href={n.noticeUrl}>Anslaget på anslagstavlan</a>
            )}
            {n.lastAppealDay ? ` · Sista dag att överklaga ${day(n.lastAppealDay)}` : ''}
            {n.takeDownDate ? ` · Tas ned ${day(n.takeDownDate)}` : ''}
            {n.awaitingPostings && (
              <>
                {' · '}
                <strong>Väntar på anslag hos andra kommuner</strong>
              </>
            )}
          </p>
          {n.storedState !== 'scheduled' && <NoticeDocuments n={n} />}
          <table>
            <caption>Anslag per anslagstavla</caption>
            <thead>
              <tr>
                <th scope="col">Anslagstavla</th>
                <th scope="col">Uppsatt</th>
              </tr>
            </thead>
            <tbody>
              {n.postings.map((p) => (
                <tr>
                  <td>{p.boardName}</td>
                  <td>
                    {p.postedDate ? (
                      day(p.postedDate)
                    ) : p.kind === 'external' && n.storedState !== 'scheduled' ? (
                      <form method="post" action={`/anslag/anslag/${n.id}/uppsatt`}>
                        <Csrf token={csrf} />
                        <input type="hidden" name="boardId" value={p.boardId} />
                        <label for={`d-${n.id}-${p.boardId}`}>Datum då anslaget sattes upp på {p.boardName}</label>
                        <input type="date" id={`d-${n.id}-${p.boardId}`} name="postedDate" required max={today} min={n.justeradDate} />
                        <button type="submit">
                          Registrera<span class="visually-hidden"> anslaget på {p.boardName}</span>
                        </button>
                      </form>
                    ) : (
                      'ännu inte'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </Layout>,
  );
}
