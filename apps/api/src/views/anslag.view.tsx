import { APPEAL_TEXT_SV, NoticeView, questionsTextSv } from '@justera/anslag';
import { formatDateSv, formatDateTimeSv, protocolDocumentRelationSv, protocolDocumentTitleSv } from '@justera/sv';
import { DocumentList, type OfferedDocument } from './documents';
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
  return d ? <time datetime={d}>{day(d)}</time> : <>inte bestämt ännu</>;
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
  return n.awaitingPostings ? (
    <p class="note">
      Anslaget sätts också upp på andra kommuners anslagstavlor. Tiden för överklagande räknas från det sista anslaget och kan flyttas fram.
    </p>
  ) : null;
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

/** How to appeal, and where to turn with questions (the notice's contact on its own page). */
function AppealSection({ level, notice }: { level: 'h1' | 'h2'; notice?: NoticeView }) {
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
      <p>{questionsTextSv(notice)}</p>
    </section>
  );
}

/** One page of a list of notices (the service's `Paged`). */
export interface NoticePage {
  items: NoticeView[];
  /** From 1. */
  page: number;
  pages: number;
  total: number;
}

/** The page numbers to link: the first, the last and the neighbours of the current one; null is a gap. */
export function pageNumbers(page: number, pages: number): (number | null)[] {
  const shown = [...new Set([1, page - 1, page, page + 1, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  const out: (number | null)[] = [];
  for (const n of shown) {
    const prev = out[out.length - 1];
    if (typeof prev === 'number' && n - prev > 1) out.push(n - prev === 2 ? prev + 1 : null);
    out.push(n);
  }
  return out;
}

/** Links to the other pages of a list: plain links (no JavaScript), rel=prev/next, the current page marked. */
function Pagination({ label, list, href }: { label: string; list: NoticePage; href: (page: number) => string }) {
  if (list.pages <= 1) return null;
  const { page, pages } = list;
  return (
    <nav class="pagination" aria-label={label}>
      <ul>
        {page > 1 && (
          <li>
            <a href={href(page - 1)} rel="prev">
              Föregående sida
            </a>
          </li>
        )}
        {pageNumbers(page, pages).map((n) =>
          n === null ? (
            <li class="gap">…</li>
          ) : (
            <li>
              <a href={href(n)} aria-current={n === page ? 'page' : undefined}>
                <span class="visually-hidden">Sida </span>
                {n}
              </a>
            </li>
          ),
        )}
        {page < pages && (
          <li>
            <a href={href(page + 1)} rel="next">
              Nästa sida
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}

/** "?sida=N" on a list's URL; page 1 is the URL itself. */
const pageHref = (url: string) => (page: number) => (page === 1 ? url : `${url}?sida=${page}`);

/** "Sida 2 av 3 · 45 anslag" when a list has more than one page. */
function PageStatus({ list, what }: { list: NoticePage; what: string }) {
  return list.pages > 1 ? (
    <p class="muted">
      Sida {list.page} av {list.pages} · {list.total} {what}
    </p>
  ) : null;
}

function ArchiveTable({ notices }: { notices: NoticeView[] }) {
  return (
    <div class="table-wrap">
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
          {notices.map((n) => (
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
    </div>
  );
}

export interface BoardIndexViewModel {
  boards: { organisation: string; url: string; organs: string[] }[];
  /** All organisations of the installation (more than listed when the index is cut). */
  total: number;
}

/** GET /anslagstavla: the installation's public boards, one per organisation. */
export function renderBoardIndexPage({ boards, total }: BoardIndexViewModel): string {
  return renderPage(
    <Layout title="Anslagstavlor" page="page-anslag">
      <h1>Anslagstavlor</h1>
      <p>
        Här finns de digitala anslagstavlor som publiceras med Justera. På en anslagstavla tillkännages att protokoll har justerats, med
        sista dag att överklaga.
      </p>
      {boards.length ? (
        <ul class="board-index">
          {boards.map((b) => (
            <li>
              <a href={b.url}>Anslagstavla – {b.organisation}</a>
              <br />
              <span class="muted">{b.organs.length ? `Anslag från ${b.organs.join(', ')}` : 'Inga anslag har satts upp här ännu.'}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p>Det finns inga anslagstavlor här ännu.</p>
      )}
      {total > boards.length && (
        <p class="muted">
          Visar {boards.length} av {total} organisationer.
        </p>
      )}
    </Layout>,
  );
}

export interface BoardViewModel {
  board: BoardRef;
  /** One page of the current notices. */
  current: NoticePage;
  /** The first page of the archive (its newest notices). */
  archive: NoticePage;
}

/** The public board: current notices a page at a time, the newest of the archive, the feeds and how to appeal. */
export function renderBoardPage({ board, current, archive }: BoardViewModel): string {
  const base = board.url;
  const title = current.page > 1 ? `Anslagstavla – ${board.name}, sida ${current.page}` : `Anslagstavla – ${board.name}`;
  return renderPage(
    <Layout title={title} page="page-anslag">
      <h1>Anslagstavla – {board.name}</h1>
      <p>
        Här tillkännages att protokoll har justerats. Ett anslag sitter uppe under hela tiden för överklagande. Sidan uppdateras automatiskt
        när ett protokoll justeras.
      </p>
      <p class="feeds">
        Prenumerera: <a href={`${base}/rss.xml`}>RSS</a> <a href={`${base}/atom.xml`}>Atom</a> <a href={`${base}/feed.json`}>JSON Feed</a> ·{' '}
        <a href={`${base}/overklaga`}>Så överklagar du (laglighetsprövning)</a>
      </p>
      <section aria-labelledby="aktuella">
        <h2 id="aktuella">Aktuella anslag ({current.total})</h2>
        <PageStatus list={current} what="aktuella anslag, senast uppsatta först" />
        {current.items.length ? current.items.map((n) => <NoticeCard n={n} />) : <p>Det finns inga aktuella anslag just nu.</p>}
        <Pagination label="Sidor med aktuella anslag" list={current} href={pageHref(base)} />
      </section>
      <section aria-labelledby="arkiv">
        <h2 id="arkiv">Arkiv: nedtagna anslag</h2>
        {archive.items.length ? (
          <>
            <ArchiveTable notices={archive.items} />
            {archive.pages > 1 && (
              <p>
                <a href={`${base}/arkiv`}>Hela arkivet ({archive.total} nedtagna anslag)</a>
              </p>
            )}
          </>
        ) : (
          <p>Arkivet är tomt.</p>
        )}
      </section>
      <AppealSection level="h2" />
    </Layout>,
  );
}

export interface ArchiveViewModel {
  board: BoardRef;
  archive: NoticePage;
}

/** Every taken-down notice, a page at a time, newest posting first. */
export function renderArchivePage({ board, archive }: ArchiveViewModel): string {
  const title = archive.page > 1 ? `Arkiv, sida ${archive.page} – ${board.name}` : `Arkiv – ${board.name}`;
  return renderPage(
    <Layout title={`${title} – Anslagstavla`} page="page-anslag">
      <p>
        <a href={board.url}>Till anslagstavlan – {board.name}</a>
      </p>
      <h1>Arkiv: nedtagna anslag – {board.name}</h1>
      <PageStatus list={archive} what="nedtagna anslag, senast uppsatta först" />
      {archive.items.length ? <ArchiveTable notices={archive.items} /> : <p>Arkivet är tomt.</p>}
      <Pagination label="Sidor i arkivet" list={archive} href={pageHref(`${board.url}/arkiv`)} />
    </Layout>,
  );
}

export interface NoticeViewModel {
  board: BoardRef;
  notice: NoticeView;
  /** When Justera took the notice down (archived notices). */
  takenDownAt: Date | null;
}

/**
 * The notice's documents, each with its own SHA-256 next to its own download: the published PDF (the
 * posted PDF, which contains the justerat PDF unchanged, or the justerat PDF itself), the justerat PDF
 * as a file of its own, and the anslagsbevis.
 */
export function NoticeDocuments({
  n,
}: {
  n: Pick<NoticeView, 'pdfUrl' | 'pdf' | 'protocolSha256' | 'protocolSize' | 'protocolPdfUrl' | 'bevis' | 'storagePlace'>;
}) {
  const justerat = n.protocolSha256 && n.protocolSize !== null ? { sha256: n.protocolSha256, size: n.protocolSize } : null;
  const docs: OfferedDocument[] = [];
  if (n.pdfUrl && n.pdf) {
    docs.push({
      kind: n.pdf.kind,
      title: protocolDocumentTitleSv(n.pdf.kind),
      href: n.pdfUrl,
      sha256: n.pdf.sha256,
      size: n.pdf.size,
      relation: protocolDocumentRelationSv(n.pdf.kind === 'posted' ? 'posted' : 'justerat', n.pdf.kind === 'posted' ? justerat : null),
    });
  }
  if (n.protocolPdfUrl && justerat)
    docs.push({
      kind: 'justerat',
      title: protocolDocumentTitleSv('justerat'),
      href: n.protocolPdfUrl,
      sha256: justerat.sha256,
      size: justerat.size,
      relation: null,
    });
  if (n.bevis)
    docs.push({
      kind: 'anslagsbevis',
      title: protocolDocumentTitleSv('anslagsbevis'),
      href: n.bevis.url,
      sha256: n.bevis.sha256,
      size: n.bevis.size,
      relation: protocolDocumentRelationSv('anslagsbevis', justerat),
    });
  return (
    <>
      {!n.pdfUrl && (
        <p>
          Protokollet publiceras inte här. Det finns på förvaringsplatsen: {n.storagePlace}.
          {n.protocolSha256 && (
            <>
              {' '}
              Det justerade protokollets kontrollsumma (SHA-256): <code class="checksum">{n.protocolSha256}</code>
            </>
          )}
        </p>
      )}
      {docs.length > 0 && (
        <>
          <DocumentList docs={docs} label="Anslagets dokument" />
          <p>
            Vill du kontrollera att en PDF är äkta och oförändrad? <a href="/validera">Kontrollera den på valideringssidan</a>: den
            visar vem som har undertecknat och om något har ändrats efteråt.
          </p>
        </>
      )}
    </>
  );
}

/** One notice's own page. */
export function renderNoticePage({ board, notice: n, takenDownAt }: NoticeViewModel): string {
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
      <NoticeDocuments n={n} />
      <AppealSection level="h2" notice={n} />
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
