import { daysUntil, formatDateSv, formatDateTimeSv, relativeDaysSv } from '@justera/sv';
import { Csrf, Layout, PageUser } from './layout';
import { renderPage } from './render';

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

/** One protocol's justering as the secretary follows it (the justering status read). */
export interface DashboardProtocol {
  protocolId: string;
  title: string;
  organ: string;
  meetingDate: string;
  protocolStatus: string;
  rounds: DashboardRound[];
}

export interface DashboardViewModel {
  user: PageUser;
  protocols: DashboardProtocol[];
  /** The instant "today" is taken from (Swedish time) for the days left to a deadline. */
  now: Date;
}

/** The deadline is "near" this many days ahead (and on the day itself). */
const NEAR_DAYS = 2;

function RoundBlock({ p, r, csrf, Sub, now }: { p: DashboardProtocol; r: DashboardRound; csrf: string; Sub: 'h2' | 'h3'; now: Date }) {
  const open = r.status === 'active' || r.status === 'change_requested';
  const days = daysUntil(r.deadline, now);
  const passed = open && r.deadlinePassed;
  const near = open && !passed && days <= NEAR_DAYS;
  const roundBase = `/justering/${p.protocolId}/rounds/${r.id}`;
  const label = r.paragraphs ? `Omedelbar justering § ${r.paragraphs.join(', ')}` : 'Justering av hela protokollet';
  return (
    <div class="round">
      <Sub>
        {label}: {r.statusSv}
      </Sub>
      <p>
        Sista dag för justering:{' '}
        <span class={passed ? 'deadline-passed' : near ? 'deadline-near' : undefined}>
          {formatDateSv(r.deadline)}
          {passed ? ' (passerad)' : near ? ` (${relativeDaysSv(days)})` : ''}
        </span>{' '}
        · Ordning: {r.order === 'parallel' ? 'samtidigt efter sekreteraren' : 'i tur och ordning'} · Version {r.version.number}, SHA-256{' '}
        <span class="hash">{r.version.sha256}</span> ·{' '}
        <a href={`/api/protocols/${p.protocolId}/justering/${r.id}/document.pdf`}>
          PDF<span class="visually-hidden"> version {r.version.number}</span>
        </a>
      </p>
      {r.status === 'signing' && (
        <p role="status" class={r.signing.error ? 'deadline-near' : undefined}>
          Alla har godkänt. De digitala underskrifterna läggs in i PDF:en ({r.signing.pending} kvar); därefter blir protokollet justerat och
          anslaget sätts upp.
          {r.signing.error &&
            ` Senaste försöket misslyckades ${r.signing.failedAt ? formatDateTimeSv(r.signing.failedAt) : ''} (${r.signing.failures} försök i rad): ${r.signing.error}. Tjänsten försöker igen automatiskt.`}
        </p>
      )}
      <table class="stack">
        <caption class="visually-hidden">Signatärer, {label}</caption>
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
                {g.sentAt && (
                  <>
                    Skickad {formatDateTimeSv(g.sentAt)}
                    <br />
                  </>
                )}
                {g.openedAt && (
                  <>
                    Öppnad {formatDateTimeSv(g.openedAt)}
                    <br />
                  </>
                )}
                {g.signedAt && (
                  <>
                    Signerad {formatDateTimeSv(g.signedAt)}
                    <br />
                  </>
                )}
                {g.remindersSent ? `${g.remindersSent} påminnelser` : ''}
              </td>
              {open && (
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
                  {g.state !== 'signed' && (
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
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {open && (
        <div class="actions">
          {r.status === 'change_requested' && (
            <p>
              <a href={`/arbetsyta/protokoll/${p.protocolId}`}>Rätta protokollet och frys en ny version i arbetsytan</a>
            </p>
          )}{' '}
          <form method="post" action={`${roundBase}/cancel`}>
            <Csrf token={csrf} />
            <button type="submit" class="secondary">
              Avbryt justeringen
            </button>
          </form>
        </div>
      )}
      <p>
        <a href={`/api/protocols/${p.protocolId}/audit`}>
          Händelselogg (JSON)<span class="visually-hidden"> för {p.title}</span>
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
        Sammanträde {formatDateSv(p.meetingDate)} · {p.organ}
      </p>
      {p.protocolStatus === 'draft' && (
        <form method="post" action={`${base}/start`} class="actions">
          <Csrf token={csrf} />
          <fieldset>
            <legend>Starta justering av {p.title}</legend>
            <label class="check">
              <input type="radio" name="order" value="sequential" checked /> I tur och ordning (sekreterare, ordförande, justerare)
            </label>
            <label class="check">
              <input type="radio" name="order" value="parallel" /> Ordförande och justerare samtidigt efter sekreteraren
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

/** /justering: every protocol's justering. */
export function renderDashboardPage({ user, protocols, now }: DashboardViewModel): string {
  return renderPage(
    <Layout title="Justering" user={user} page="page-dashboard">
      <h1>Justering</h1>
      {protocols.length === 0 ? (
        <p>Inga protokoll ännu.</p>
      ) : (
        protocols.map((p) => <ProtocolBlock p={p} csrf={user.csrf} level="h2" now={now} />)
      )}
    </Layout>,
  );
}

/** /justering/<protocol>: one protocol's justering. */
export function renderDashboardProtocolPage({ user, protocol, now }: { user: PageUser; protocol: DashboardProtocol; now: Date }): string {
  return renderPage(
    <Layout title={`Justering: ${protocol.title}`} user={user} page="page-dashboard">
      <p>
        <a href="/justering">Alla protokoll</a>
      </p>
      <ProtocolBlock p={protocol} csrf={user.csrf} level="h1" now={now} />
    </Layout>,
  );
}
