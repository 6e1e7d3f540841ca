import { APPEAL_TEXT_SV, NoticeView } from '@justera/anslag';
import { formatDateSv, formatDateTimeSv } from '@justera/sv';
import { Layout } from './layout';
import { renderPage } from './render';

/** The organisation whose board it is, and the board's URL. */
export interface BoardRef {
  name: string;
  /** Absolute URL of /anslagstavla/<slug>. */
  url: string;
}

const day = (d: string) => formatDateSv(d, { weekday: false });

/** "2025-03-26" -> <time datetime="2025-03-26">26 mars 2025</time> */
function DateText({ d }: { d: string | null }) {
  return d ? <time datetime={d}>{day(d)}</time> : <>ej fastställt</>;
}

/** A notice's facts, the same list on the board and on the notice's own page. */
function Facts({ n }: { n: NoticeView }) {
  return (
    <dl class="facts">
      <dt>Organ</dt>
      <dd>{n.organName}</dd>
      <dt>Typ</dt>
      <dd>{n.type}</dd>
      <dt>Sammanträdesdatum</dt>
      <dd>
        <DateText d={n.meetingDate} />
      </dd>
      {n.paragraphs && (
        <>
          <dt>Paragrafer</dt>
          <dd>{n.paragraphs}</dd>
        </>
      )}
      <dt>Justeringsdatum</dt>
      <dd>
        <DateText d={n.justeradDate} />
      </dd>
      <dt>Anslaget uppsatt</dt>
      <dd>
        <DateText d={n.postedDate} />
      </dd>
      <dt>Sista dag att överklaga</dt>
      <dd>
        <DateText d={n.lastAppealDay} />
      </dd>
      <dt>Anslaget tas ned</dt>
      <dd>
        <DateText d={n.takeDownDate} />
      </dd>
      <dt>Förvaringsplats för protokollet</dt>
      <dd>{n.storagePlace}</dd>
      {n.contact && (
        <>
          <dt>Kontakt</dt>
          <dd>{n.contact}</dd>
        </>
      )}
    </dl>
  );
}

function AwaitingNote({ n }: { n: NoticeView }) {
  return n.awaitingPostings ? <p class="note">Anslaget sätts också upp på andra kommuners anslagstavlor. Tiden för överklagande räknas från det sista anslaget och kan flyttas fram.</p> : null;
}

function NoticeCard({ n }: { n: NoticeView }) {
  return (
    <article class="notice" aria-labelledby={`n-${n.id}`}>
      <h3 id={`n-${n.id}`}>
        <a href={n.noticeUrl}>
          {n.type}: {n.organName}, {day(n.meetingDate)}
        </a>
      </h3>
      <Facts n={n} />
      <AwaitingNote n={n} />
      <p>
        Möjlighet att överklaga till och med <DateText d={n.lastAppealDay} />. <a href="#overklaga">Så överklagar du</a>.
      </p>
    </article>
  );
}

function AppealSection({ level }: { level: 'h1' | 'h2' }) {
  const t = APPEAL_TEXT_SV;
  const H = level;
  return (
    <section id="overklaga" aria-labelledby="overklaga-rubrik">
      <H id="overklaga-rubrik">{t.heading}</H>
      {t.paragraphs.map((p) => (
        <p>{p}</p>
      ))}
      <ul>
        {t.points.map((p) => (
          <li>{p}</li>
        ))}
      </ul>
      {t.closing.map((p) => (
        <p>{p}</p>
      ))}
    </section>
  );
}

export interface BoardViewModel {
  board: BoardRef;
  current: NoticeView[];
  archive: NoticeView[];
}

/** The public board: current notices, the archive, the feeds and how to appeal. */
export function renderBoardPage({ board, current, archive }: BoardViewModel): string {
  const base = board.url;
  return renderPage(
    <Layout title={`Anslagstavla – ${board.name}`} page="page-anslag">
      <h1>Anslagstavla – {board.name}</h1>
      <p>Här tillkännages att protokoll har justerats. Ett anslag sitter uppe under hela tiden för överklagande. Sidan uppdateras automatiskt när ett protokoll justeras.</p>
      <p class="feeds">
        Prenumerera: <a href={`${base}/rss.xml`}>RSS</a> <a href={`${base}/atom.xml`}>Atom</a> <a href={`${base}/feed.json`}>JSON Feed</a> · <a href={`${base}/overklaga`}>Så överklagar du (laglighetsprövning)</a>
      </p>
      <section aria-labelledby="aktuella">
        <h2 id="aktuella">Aktuella anslag ({current.length})</h2>
        {current.length ? current.map((n) => <NoticeCard n={n} />) : <p>Det finns inga aktuella anslag just nu.</p>}
      </section>
      <section aria-labelledby="arkiv">
        <h2 id="arkiv">Arkiv: nedtagna anslag</h2>
        {archive.length ? (
          <table>
            <caption class="visually-hidden">Nedtagna anslag, senast uppsatta först</caption>
            <thead>
              <tr>
                <th scope="col">Anslag</th>
                <th scope="col">Sammanträdesdatum</th>
                <th scope="col">Uppsatt</th>
                <th scope="col">Sista dag att överklaga</th>
                <th scope="col">Nedtaget</th>
              </tr>
            </thead>
            <tbody>
              {archive.map((n) => (
                <tr>
                  <td>
                    <a href={n.noticeUrl}>
                      {n.type}: {n.organName}
                      {n.paragraphs ? ` ${n.paragraphs}` : ''}
                    </a>
                  </td>
                  <td>
                    <DateText d={n.meetingDate} />
                  </td>
                  <td>
                    <DateText d={n.postedDate} />
                  </td>
                  <td>
                    <DateText d={n.lastAppealDay} />
                  </td>
                  <td>
                    <DateText d={n.takeDownDate} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>Arkivet är tomt.</p>
        )}
      </section>
      <AppealSection level="h2" />
    </Layout>,
  );
}

export interface NoticeViewModel {
  board: BoardRef;
  notice: NoticeView;
  /** Whether the anslagsbevis PDF exists. */
  hasBevis: boolean;
  /** When Justera took the notice down (archived notices). */
  takenDownAt: Date | null;
}

/** One notice's own page. */
export function renderNoticePage({ board, notice: n, hasBevis, takenDownAt }: NoticeViewModel): string {
  const heading = `${n.type}: ${n.organName}, sammanträde ${day(n.meetingDate)}`;
  return renderPage(
    <Layout title={`${heading} – ${board.name}`} page="page-anslag">
      <p>
        <a href={board.url}>Till anslagstavlan – {board.name}</a>
      </p>
      <h1>{heading}</h1>
      <p>
        {n.state === 'archived' ? (
          <>
            <strong>Anslaget är nedtaget.</strong> Tiden för överklagande har gått ut.
            {takenDownAt && (
              <>
                {' '}
                Nedtaget av Justera <time datetime={takenDownAt.toISOString()}>{formatDateTimeSv(takenDownAt)}</time>.
              </>
            )}
          </>
        ) : (
          'Protokollet är justerat. Justeringen har tillkännagivits genom anslag.'
        )}
      </p>
      <Facts n={n} />
      <AwaitingNote n={n} />
      {n.postings.length > 1 && (
        <>
          <h2>Anslag per anslagstavla</h2>
          <ul>
            {n.postings.map((p) => (
              <li>
                {p.boardName}: {p.postedDate ? <DateText d={p.postedDate} /> : 'ännu inte registrerat'}
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>Dokument</h2>
      <ul>
        {n.pdfUrl ? (
          <li>
            <a href={n.pdfUrl}>Det justerade protokollet (PDF, elektroniskt underskrivet)</a>
          </li>
        ) : (
          <li>Protokollet publiceras inte här. Det finns på förvaringsplatsen: {n.storagePlace}.</li>
        )}
        {hasBevis && (
          <li>
            <a href={`${n.noticeUrl}/anslagsbevis.pdf`}>Anslagsbevis (PDF, med organisationens elektroniska stämpel)</a>
          </li>
        )}
      </ul>
      {n.protocolSha256 && (
        <p class="muted">
          Protokollets kontrollsumma (SHA-256): <code class="checksum">{n.protocolSha256}</code>
        </p>
      )}
      <AppealSection level="h2" />
    </Layout>,
  );
}

/** The permanent text on how to appeal, on a page of its own. */
export function renderAppealPage({ board }: { board: BoardRef }): string {
  return renderPage(
    <Layout title={`${APPEAL_TEXT_SV.heading} – ${board.name}`} page="page-anslag">
      <p>
        <a href={board.url}>Till anslagstavlan – {board.name}</a>
      </p>
      <AppealSection level="h1" />
    </Layout>,
  );
}
