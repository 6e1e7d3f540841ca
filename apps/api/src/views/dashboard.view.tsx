import { daysUntil, formatDateSv, formatDateTimeSv, relativeDaysSv } from '@justera/sv';
import { signingErrorSv } from '@justera/justering';
import { DocumentList, type OfferedDocument } from './documents';
import type { TimelineItem } from './timeline';
import { Csrf, Layout, PageUser } from './layout';
import { renderPage } from './render';
import { DASHBOARD_SCRIPT } from './stylesheet';

type Instant = Date | string | null;

export interface DashboardSignatory {
  id: string;
  roleSv: string;
  name: string;
  email: string;
  state: string;
  stateSv: string;
  turn: boolean;
  changeComment: string | null;
  sentAt: Instant;
  openedAt: Instant;
  signedAt: Instant;
  remindersSent: number;
}

export interface DashboardRound {
  id: string;
  status: string;
  statusSv: string;
  order: string;
  paragraphs: number[] | null;
  deadline: string;
  deadlinePassed: boolean;
  signing: { pending: number; error: string | null; failedAt: Instant; failures: number };
  version: { number: number; sha256: string };
  signatories: DashboardSignatory[];
}

/** A document of a round (libs/justering `ProtocolDocumentsList`), offered with its own SHA-256. */
export interface DashboardDocument extends OfferedDocument {
  roundId: string;
}

/** A round's notice on the anslagstavla (libs/anslag `ListNoticesOfProtocols`). */
export interface DashboardNotice {
  id: string;
  roundId: string;
  /** scheduled (waiting for its posting hour), current or archived. */
  storedState: string;
  state: string;
  postAt: Instant;
  postedDate: string | null;
  lastAppealDay: string | null;
  takeDownDate: string | null;
  awaitingPostings: boolean;
  /** The public notice page. */
  noticeUrl: string;
}

/** One protocol's justering as the secretary follows it (the justering status read). */
export interface DashboardProtocol {
  protocolId: string;
  title: string;
  organ: string;
  meetingDate: string;
  protocolStatus: string;
  rounds: DashboardRound[];
  /** The protocol's documents, each with its round (empty when not read, e.g. before a start). */
  documents?: DashboardDocument[];
  notices?: DashboardNotice[];
}

export interface DashboardViewModel {
  user: PageUser;
  protocols: DashboardProtocol[];
  /** The instant "today" is taken from (Swedish time) for the days left to a deadline. */
  now: Date;
}

/** The deadline is "near" this many days ahead (and on the day itself). */
const NEAR_DAYS = 2;

/**
 * A signatory's times as a list, one event a line; each time stays on one line ("7 december 2026 kl. 19:51"),
 * so a narrow column breaks between the event and its time, not inside the date. Nothing when there is none
 * (an empty cell, which the phone layout hides).
 */
function Times({ g }: { g: DashboardSignatory }) {
  const events: [string, Instant][] = [
    ['Skickad', g.sentAt],
    ['Öppnad', g.openedAt],
    ['Signerad', g.signedAt],
  ];
  const shown = events.filter((e): e is [string, Date | string] => !!e[1]);
  if (!shown.length && !g.remindersSent) return null;
  return (
    <ul class="times">
      {shown.map(([what, at]) => (
        <li>
          {what} <time datetime={new Date(at).toISOString()}>{formatDateTimeSv(at)}</time>
        </li>
      ))}
      {g.remindersSent ? <li>{`${g.remindersSent} ${g.remindersSent === 1 ? 'påminnelse' : 'påminnelser'}`}</li> : null}
    </ul>
  );
}

function RoundBlock({ p, r, csrf, Sub, now }: { p: DashboardProtocol; r: DashboardRound; csrf: string; Sub: 'h2' | 'h3'; now: Date }) {
  const open = r.status === 'active' || r.status === 'change_requested';
  const days = daysUntil(r.deadline, now);
  const passed = open && r.deadlinePassed;
  const near = open && !passed && days <= NEAR_DAYS;
  const roundBase = `/justering/${p.protocolId}/rounds/${r.id}`;
  const label = r.paragraphs ? `Omedelbar justering § ${r.paragraphs.join(', ')}` : 'Justering av hela protokollet';
  const docs = (p.documents ?? []).filter((d) => d.roundId === r.id);
  const notice = (p.notices ?? []).find((n) => n.roundId === r.id);
  const SubSub = Sub === 'h2' ? 'h3' : 'h4';
  return (
    <div class="round">
      <Sub>
        {label}: {r.statusSv}
      </Sub>
      <p>
        {/* The deadline matters only while someone still has to approve: not once all have, the round is justerat or cancelled. */}
        {open && (
          <>
            Sista dag för justering:{' '}
            <span class={passed ? 'deadline-passed' : near ? 'deadline-near' : undefined}>
              {formatDateSv(r.deadline)}
              {passed ? ' (passerad)' : near ? ` (${relativeDaysSv(days)})` : ''}
            </span>{' '}
            ·{' '}
          </>
        )}
        Ordning: {r.order === 'parallel' ? 'samtidigt efter sekreteraren' : 'i tur och ordning'} · Version {r.version.number}
      </p>
      {r.status === 'signing' && (
        <p role="status" class={r.signing.error ? 'deadline-near' : undefined}>
          Alla har godkänt. De digitala underskrifterna läggs in i PDF:en ({r.signing.pending} kvar); därefter blir protokollet justerat och
          anslaget sätts upp.
          {r.signing.error &&
            ` Senaste försöket misslyckades ${r.signing.failedAt ? formatDateTimeSv(r.signing.failedAt) : ''} (${r.signing.failures} försök i rad): ${signingErrorSv(r.signing.error)}. Tjänsten försöker igen automatiskt.`}
        </p>
      )}
      {/* The secretary's next step comes first, above the table and its e-mail boxes (a new user looked past it). */}
      {r.status === 'change_requested' && (
        <p class="next-step">
          <a href={`/arbetsyta/protokoll/${p.protocolId}`}>Rätta protokollet och frys en ny version i arbetsytan</a>
        </p>
      )}
      <table class="stack">
        <caption class="visually-hidden">Undertecknare, {label}</caption>
        <thead>
          <tr>
            <th scope="col">Roll</th>
            <th scope="col">Namn</th>
            <th scope="col">Status</th>
            <th scope="col">Tider</th>
            {open && <th scope="col">Åtgärder</th>}
          </tr>
        </thead>
        <tbody>
          {r.signatories.map((g) => (
            <tr>
              <td data-label="Roll">{g.roleSv}</td>
              <td data-label="Namn">
                {g.name}
                <br />
                <span class="muted email">{g.email}</span>
              </td>
              <td data-label="Status" class={`state-${g.state}`}>
                {g.stateSv}
                {g.turn ? ' (tur nu)' : ''}
                {g.changeComment && g.state === 'change_requested' && (
                  <>
                    <br />
                    <q>{g.changeComment}</q>
                  </>
                )}
              </td>
              <td data-label="Tider">
                <Times g={g} />
              </td>
              {/* A signatory who has approved has nothing to do: an empty cell, which the phone layout hides (no bare "Åtgärder:"). */}
              {open && g.state === 'signed' && <td class="actions"></td>}
              {open && g.state !== 'signed' && (
                <td data-label="Åtgärder" class="actions">
                  {g.turn && r.status === 'active' && (
                    <>
                      <form method="post" action={`${roundBase}/signatories/${g.id}/remind`}>
                        <Csrf token={csrf} />
                        <button type="submit">
                          Påminn nu<span class="visually-hidden"> {g.name}</span>
                        </button>
                      </form>
                      <form method="post" action={`${roundBase}/signatories/${g.id}/resend`}>
                        <Csrf token={csrf} />
                        <button type="submit" class="secondary">
                          Skicka ny länk<span class="visually-hidden"> till {g.name}</span>
                        </button>
                      </form>
                    </>
                  )}{' '}
                  <form method="post" action={`${roundBase}/signatories/${g.id}/email`}>
                    <Csrf token={csrf} />
                    <label for={`email-${g.id}`} class="visually-hidden">
                      Ny e-postadress för {g.name}
                    </label>
                    <input type="email" id={`email-${g.id}`} name="email" required placeholder="ny e-postadress" />
                    <button type="submit" class="secondary">
                      Byt e-post<span class="visually-hidden"> för {g.name}</span>
                    </button>
                  </form>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {open && (
        <div class="actions">
          <a class="button secondary-link" href={`${roundBase}/avbryt`}>
            Avbryt justeringen …<span class="visually-hidden"> {label}</span>
          </a>
        </div>
      )}
      {notice && <NoticeBlock p={p} n={notice} Sub={Sub === 'h2' ? 'h3' : 'h4'} />}
      {docs.length > 0 && (
        <>
          <SubSub>Dokument</SubSub>
          <DocumentList docs={docs} label={`Dokument, ${label}`} />
        </>
      )}
      <p>
        <a href={`/api/protocols/${p.protocolId}/evidence.pdf`}>
          Verifieringsunderlag (förseglad PDF)<span class="visually-hidden"> för {p.title}</span>
        </a>
        {' · '}
        <a href={`/api/protocols/${p.protocolId}/audit`}>
          Händelselogg (maskinläsbar, JSON)<span class="visually-hidden"> för {p.title}</span>
        </a>
      </p>
    </div>
  );
}

const day = (d: string) => formatDateSv(d, { weekday: false });

/** After justering: the notice on the anslagstavla with its dates, and where external postings are recorded. */
function NoticeBlock({ p, n, Sub }: { p: DashboardProtocol; n: DashboardNotice; Sub: 'h3' | 'h4' }) {
  return (
    <div class="notice-summary">
      <Sub>Anslag</Sub>
      <p>
        {n.storedState === 'scheduled' ? (
          <>Anslaget sätts upp automatiskt {n.postAt ? formatDateTimeSv(n.postAt) : ''}.</>
        ) : n.state === 'archived' ? (
          <>
            <a href={n.noticeUrl}>Anslaget på anslagstavlan</a> är nedtaget.
          </>
        ) : (
          <>
            <a href={n.noticeUrl}>Anslaget på anslagstavlan</a> sitter uppe.
          </>
        )}
      </p>
      <dl class="notice-dates">
        <dt>Uppsatt</dt>
        <dd>{n.postedDate ? day(n.postedDate) : 'ännu inte'}</dd>
        <dt>Sista dag att överklaga</dt>
        <dd>{n.lastAppealDay ? day(n.lastAppealDay) : 'inte bestämt ännu'}</dd>
        <dt>Tas ned</dt>
        <dd>{n.takeDownDate ? day(n.takeDownDate) : 'inte bestämt ännu'}</dd>
      </dl>
      {n.awaitingPostings && n.storedState !== 'scheduled' && (
        <p class="deadline-near">Anslaget väntar på att andra kommuners anslag registreras; datumen kan flyttas fram.</p>
      )}
      <p>
        <a href={`/anslag/protokoll/${p.protocolId}`}>
          Anslaget per anslagstavla<span class="visually-hidden"> för {p.title}</span>
        </a>
      </p>
    </div>
  );
}

function ProtocolBlock({ p, csrf, level, now }: { p: DashboardProtocol; csrf: string; level: 'h1' | 'h2'; now: Date }) {
  const base = `/justering/${p.protocolId}`;
  return (
    <section aria-label={p.title}>
      {level === 'h1' ? (
        <h1>{p.title}</h1>
      ) : (
        <h2>
          <a href={base}>{p.title}</a>
        </h2>
      )}
      <p>
        {/* A draft written in the editor may have no meeting date yet. */}
        {p.meetingDate ? `Sammanträde ${formatDateSv(p.meetingDate)}` : 'Sammanträdesdatum saknas (utkast)'} · {p.organ}
      </p>
      {p.protocolStatus === 'draft' && (
        <form method="post" action={`${base}/start`} class="actions">
          <Csrf token={csrf} />
          <fieldset>
            <legend>Starta justering av {p.title}</legend>
            <label class="check">
              <input type="radio" name="order" value="sequential" checked /> I tur och ordning: sekreterare, ordförande, justerare
            </label>
            <label class="check">
              <input type="radio" name="order" value="parallel" /> Samtidigt efter sekreteraren: ordförande och justerare samtidigt
            </label>
            <button type="submit">Starta justering</button>
          </fieldset>
        </form>
      )}
      {p.rounds.length === 0 && <p class="muted">Ingen justering har startats.</p>}
      {[...p.rounds].reverse().map((r) => (
        <RoundBlock p={p} r={r} csrf={csrf} Sub={level === 'h1' ? 'h2' : 'h3'} now={now} />
      ))}
    </section>
  );
}

/** A finished or not yet started protocol in the list: one line, its justering on its own page. */
function CompactItem({ p }: { p: DashboardProtocol }) {
  const last = p.rounds[p.rounds.length - 1];
  const notice = last && (p.notices ?? []).find((n) => n.roundId === last.id);
  const state =
    p.protocolStatus === 'justerat'
      ? notice?.lastAppealDay
        ? `Justerat · sista dag att överklaga ${formatDateSv(notice.lastAppealDay)}`
        : 'Justerat'
      : last?.status === 'cancelled'
        ? 'Utkast · justeringen avbröts'
        : 'Utkast · ingen justering startad';
  return (
    <li>
      <a href={`/justering/${p.protocolId}`}>{p.title}</a>
      <br />
      <span class="muted">
        {p.meetingDate ? `Sammanträde ${formatDateSv(p.meetingDate)}` : 'Sammanträdesdatum saknas'} · {p.organ} · {state}
      </span>
    </li>
  );
}

/**
 * /justering: the protocols under justering in full (signatories, deadlines, actions), first; then the
 * drafts and the justerade protocols one line each, their details on /justering/:id. With every
 * protocol in full the page grew to thousands of pixels (a new user's trial: 8,000 px for seven).
 */
export function renderDashboardPage({ user, protocols, now }: DashboardViewModel): string {
  const ongoing = protocols.filter((p) => p.protocolStatus === 'justering');
  const drafts = protocols.filter((p) => p.protocolStatus !== 'justering' && p.protocolStatus !== 'justerat');
  const done = protocols.filter((p) => p.protocolStatus === 'justerat');
  return renderPage(
    <Layout title="Justeringar" user={user} page="page-dashboard">
      <h1>Justeringar</h1>
      {protocols.length === 0 ? (
        <p>Inga protokoll ännu.</p>
      ) : (
        <>
          <p class="dashboard-counts">
            {ongoing.length === 0 ? 'Ingen justering pågår.' : `${ongoing.length} ${ongoing.length === 1 ? 'justering pågår' : 'justeringar pågår'}.`}
            {drafts.length > 0 && (
              <>
                {' '}
                <a href="#utkast">Utkast: {drafts.length}</a>
              </>
            )}
            {done.length > 0 && (
              <>
                {' '}
                <a href="#justerade">Justerade: {done.length}</a>
              </>
            )}
          </p>
          {ongoing.map((p) => (
            <ProtocolBlock p={p} csrf={user.csrf} level="h2" now={now} />
          ))}
          {drafts.length > 0 && (
            <section aria-labelledby="utkast">
              <h2 id="utkast">Utkast</h2>
              <ul class="compact">
                {drafts.map((p) => (
                  <CompactItem p={p} />
                ))}
              </ul>
            </section>
          )}
          {done.length > 0 && (
            <section aria-labelledby="justerade">
              <h2 id="justerade">Justerade protokoll</h2>
              <ul class="compact">
                {done.map((p) => (
                  <CompactItem p={p} />
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </Layout>,
  );
}

/**
 * What the secretary just did, said back after the redirect (`?klart=<code>`). Only these fixed texts
 * are shown: the query string never reaches the page as text.
 */
export const DONE_SV: Record<string, string> = {
  startad: 'Justeringen är startad. Undertecknarna får sina länkar med e-post när det är deras tur.',
  paminnelse: 'Påminnelsen är skickad.',
  'ny-lank': 'En ny länk är skickad. Den tidigare länken fungerar inte längre.',
  epost: 'E-postadressen är ändrad och en ny länk skickad dit. Den tidigare länken fungerar inte längre.',
  'ny-version': 'En ny version är fryst. Alla undertecknare får en ny länk; tidigare godkännanden gäller inte längre.',
  avslutad: 'Justeringen är redan avslutad eller avbruten; den kan inte avbrytas nu.',
  avbruten: 'Justeringen är avbruten och protokollet är ett utkast igen. Undertecknare som hade fått en länk får ett mejl med anledningen.',
};

/**
 * One frozen version of a round, with what led to it: the change request (who, role, comment; from the
 * audit event `version.frozen`, so only for a user who may read the trail) and the secretary's answer
 * (the reason given when freezing it, and what changed).
 */
export interface DashboardVersion {
  roundId: string;
  number: number;
  sha256: string;
  createdAt: Date | string;
  current: boolean;
  reason: string | null;
  changeRequest?: { name: string; roleSv: string; comment: string } | null;
  changes?: string[];
}

/** Versionshistorik: every version of every round, oldest first, each with its change request and the answer. */
function VersionHistory({ versions }: { versions: DashboardVersion[] }) {
  return (
    <section aria-labelledby="versions-heading" class="versions">
      <h2 id="versions-heading">Versioner</h2>
      <ol class="versions">
        {versions.map((v) => (
          <li>
            <strong>Version {v.number}</strong> {v.current ? '(aktuell)' : '(ersatt; godkännanden av den gäller inte)'}, fryst{' '}
            {formatDateTimeSv(v.createdAt)}. SHA-256 <span class="hash">{v.sha256}</span>
            {v.changeRequest && (
              <>
                <br />
                Ändring begärd av {v.changeRequest.name} ({v.changeRequest.roleSv}): <q>{v.changeRequest.comment}</q>
              </>
            )}
            {v.number > 1 && (
              <>
                <br />
                Svar: {v.reason ? <q>{v.reason}</q> : 'ingen kommentar'}
                {v.changes && v.changes.length > 0 && (
                  <ul>
                    {v.changes.map((c) => (
                      <li>{c}</li>
                    ))}
                  </ul>
                )}
              </>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** /justering/<protocol>: one protocol's justering. */
export function renderDashboardProtocolPage({
  user,
  protocol,
  now,
  done,
  timeline,
  versions,
  liveStamp,
}: {
  user: PageUser;
  protocol: DashboardProtocol;
  now: Date;
  done?: string;
  /** The audit trail as read lines, with the chain's verification; absent for a user who may not read it. */
  timeline?: { items: TimelineItem[]; ok: boolean; firstBadSeq?: number };
  /** Every version with its change request and answer (shown when there is more than one). */
  versions?: DashboardVersion[];
  /** The live status's stamp when the page was rendered: the page's script polls for a newer one. */
  liveStamp?: string;
}): string {
  const message = done && Object.prototype.hasOwnProperty.call(DONE_SV, done) ? DONE_SV[done] : undefined;
  return renderPage(
    <Layout
      title={`Justering: ${protocol.title}`}
      user={user}
      page="page-dashboard"
      scripts={liveStamp ? [DASHBOARD_SCRIPT.path] : undefined}
    >
      <p>
        <a href="/justering">Alla protokoll</a> · <a href={`/arbetsyta/protokoll/${protocol.protocolId}`}>Öppna protokollet i arbetsytan</a>
      </p>
      {message && (
        <p role="status" class="done">
          {message}
        </p>
      )}
      {/* Filled by the live-status script (dashboard-live.js) when it updates the part below. */}
      <p id="live-status" role="status" class="live-status"></p>
      <div class="live" data-live-url={liveStamp ? `/api/protocols/${protocol.protocolId}/live` : undefined} data-live-stamp={liveStamp}>
        <ProtocolBlock p={protocol} csrf={user.csrf} level="h1" now={now} />
        {versions && versions.length > 1 && <VersionHistory versions={versions} />}
        {timeline && timeline.items.length > 0 && <Timeline protocolId={protocol.protocolId} timeline={timeline} />}
      </div>
    </Layout>,
  );
}

/** The audit trail, newest last, folded: what happened, when (Swedish time) and who did it. */
function Timeline({
  protocolId,
  timeline,
}: {
  protocolId: string;
  timeline: { items: TimelineItem[]; ok: boolean; firstBadSeq?: number };
}) {
  return (
    <section aria-labelledby="timeline-heading" class="timeline">
      <h2 id="timeline-heading">Händelser</h2>
      <p class={timeline.ok ? 'ok' : 'error'}>
        {timeline.ok
          ? `Händelseloggen är obruten: alla ${timeline.items.length} händelser är kontrollerade mot sin kedja av kontrollsummor.`
          : `Händelseloggen är bruten från händelse ${timeline.firstBadSeq ?? '?'}: någon har ändrat, tagit bort eller flyttat en händelse i databasen.`}
      </p>
      <details>
        <summary>Visa alla {timeline.items.length} händelser</summary>
        <ol class="events">
          {timeline.items.map((e) => (
            <li>
              <span class="muted">{formatDateTimeSv(e.at)}</span> · {e.what}
              <span class="muted"> · {e.who}</span>
              {e.detail && (
                <>
                  <br />
                  <q>{e.detail}</q>
                </>
              )}
            </li>
          ))}
        </ol>
      </details>
      <p>
        <a href={`/api/protocols/${protocolId}/audit`}>Exportera händelseloggen (JSON, med kontrollsummor)</a>
      </p>
    </section>
  );
}

/** /justering/<protocol>/rounds/<round>/avbryt: confirm the cancellation and give the reason. */
export function renderCancelRoundPage({
  user,
  protocol,
  round,
  error,
  reason,
}: {
  user: PageUser;
  protocol: DashboardProtocol;
  round: DashboardRound;
  error?: string;
  reason?: string;
}): string {
  const told = round.signatories.filter((g) => g.sentAt);
  return renderPage(
    <Layout title={`Avbryt justeringen: ${protocol.title}`} user={user} page="page-dashboard">
      <p>
        <a href={`/justering/${protocol.protocolId}`}>Tillbaka till justeringen</a>
      </p>
      <h1>Avbryt justeringen av {protocol.title}</h1>
      <p>
        Sammanträde {protocol.meetingDate ? formatDateSv(protocol.meetingDate) : '(datum saknas)'} · {protocol.organ} · Version {round.version.number}
      </p>
      <p>
        När justeringen avbryts slutar alla länkar att fungera, godkännanden som redan gjorts upphör att gälla och protokollet blir ett
        utkast igen.
      </p>
      {told.length > 0 ? (
        <>
          <p>De här undertecknarna har fått en länk och får ett mejl om att justeringen är avbruten, med din anledning:</p>
          <ul>
            {told.map((g) => (
              <li>
                {g.name} ({g.roleSv}), <span class="email">{g.email}</span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>Ingen undertecknare har fått en länk ännu, så inget mejl skickas.</p>
      )}
      <form method="post" action={`/justering/${protocol.protocolId}/rounds/${round.id}/cancel`}>
        <Csrf token={user.csrf} />
        <label for="cancel-reason">Anledning (skickas till undertecknarna och sparas i händelseloggen)</label>
        {error && (
          <p class="error" role="alert" id="cancel-reason-error">
            {error}
          </p>
        )}
        <textarea
          id="cancel-reason"
          name="reason"
          rows={4}
          maxLength={2000}
          required
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'cancel-reason-error' : undefined}
        >
          {reason ?? ''}
        </textarea>
        <button type="submit">Ja, avbryt justeringen</button>{' '}
        <a class="button secondary-link" href={`/justering/${protocol.protocolId}`}>
          Nej, gå tillbaka
        </a>
      </form>
    </Layout>,
  );
}
