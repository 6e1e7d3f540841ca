/**
 * One protocol: edit the metadata and signatories before the start (job 5), start the round, follow
 * it live (the live status is polled, docs/justering.md "Live status"), change a signatory's e-mail or
 * replace them with a substitute during the round (job 5), after a change request read the comment
 * beside the document and freeze a corrected version (job 4), and once justerat find the documents
 * (each with its own SHA-256), the notice with its dates and every version with its change request.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiFailure, failure, multipart, unwrap } from '../api/client';
import {
  ROLE_SV,
  STATUS_SV,
  type Notice,
  type ProtocolDocument,
  type ProtocolView,
  type Round,
  type RoundSignatory,
  type Status,
  type Substitute,
  type VersionEntry,
} from '../api/types';
import { ErrorSummary, Field } from '../components/Field';
import {
  MetadataForm,
  metadataFields,
  metadataLabels,
  metadataState,
  withoutChangedErrors,
  type MetadataState,
} from '../components/MetadataForm';
import { PdfDrop, PdfPreview } from '../components/PdfDrop';
import { SignatoriesEditor } from '../components/SignatoriesEditor';
import { flash, takeFlash } from '../flash';
import { BASE, Link, setLeaveGuard } from '../router';
import { bySigningOrder } from '../../../../libs/justering/src/signing-order';

function asFailure(err: unknown): ApiFailure {
  return err instanceof ApiFailure ? err : failure(0, { message: 'Det gick inte att nå servern. Försök igen.' });
}

/** How often the page asks for the live status while it is visible. */
const LIVE_INTERVAL_MS = 5000;

const dayFormat = new Intl.DateTimeFormat('sv-SE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const instantFormat = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Stockholm' });
const timeFormat = new Intl.DateTimeFormat('sv-SE', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Stockholm' });
/** "9 december 2026" for a calendar date (YYYY-MM-DD). */
const daySv = (d: string) => dayFormat.format(new Date(`${d}T00:00:00Z`));
/** "9 december 2026 kl. 14:05" (Swedish time) for an instant. */
const instantSv = (at: string) => instantFormat.format(new Date(at));
/** "412 kB". */
const sizeSv = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('sv-SE')} kB`;

/**
 * Polls GET /api/protocols/:id/live while the tab is visible, with the last stamp as If-None-Match (an
 * unchanged status is a 304 without a body), and calls `onChange` when the stamp changes. Returns what
 * the page says about it (a polite status message).
 */
function useLiveStatus(id: string, onChange: () => Promise<void>): { said: string; resync: () => Promise<void> } {
  const [said, setSaid] = useState('');
  const changed = useRef(onChange);
  changed.current = onChange;
  const known = useRef<string | null>(null);
  /** Moves at the start and the end of every resync: a poll that overlapped one is the secretary's own change. */
  const generation = useRef(0);
  // After the page has loaded again itself (the secretary's own action): take the current stamp as
  // known, so that her own change is not announced as one from elsewhere — nor by a poll that was
  // already on its way with the old stamp (it cleared her "Version 2 är fryst" now and then).
  const resync = useCallback(async () => {
    generation.current++;
    try {
      const res = await fetch(`/api/protocols/${id}/live`, { credentials: 'same-origin', cache: 'no-store' });
      if (res.ok) known.current = ((await res.json()) as { stamp: string }).stamp;
    } catch {
      // The next poll finds the change and loads again: harmless.
    } finally {
      generation.current++;
    }
  }, [id]);
  useEffect(() => {
    known.current = null;
    let stopped = false;
    let timer = 0;
    const schedule = (ms = LIVE_INTERVAL_MS) => {
      if (!stopped && !timer) timer = window.setTimeout(tick, ms);
    };
    const tick = async () => {
      timer = 0;
      if (stopped) return;
      if (document.hidden) return schedule();
      let wait = LIVE_INTERVAL_MS;
      const asked = generation.current;
      try {
        const res = await fetch(`/api/protocols/${id}/live`, {
          credentials: 'same-origin',
          cache: 'no-store',
          headers: known.current ? { 'if-none-match': `"${known.current}"` } : {},
        });
        if (res.status === 200) {
          const live = (await res.json()) as { stamp: string };
          const first = known.current === null;
          const own = asked !== generation.current || live.stamp === known.current;
          if (!own || first) known.current = live.stamp;
          if (!first && !own && !stopped) {
            await changed.current();
            setSaid(`Läget uppdaterades ${timeFormat.format(new Date())}.`);
          }
        } else if (res.status === 429) {
          wait = Math.max(LIVE_INTERVAL_MS, (Number(res.headers.get('retry-after')) || 60) * 1000);
        } else if (res.status !== 304) {
          stopped = true;
          setSaid(
            res.status === 401
              ? 'Du har loggats ut, så läget uppdateras inte längre. Logga in igen och ladda om sidan.'
              : 'Läget kunde inte uppdateras. Ladda om sidan.',
          );
        }
      } catch {
        // The network or the server is away for a moment: try again at the next tick.
      }
      schedule(wait);
    };
    const visible = () => {
      if (!document.hidden && timer) {
        window.clearTimeout(timer);
        timer = 0;
        void tick();
      }
    };
    void tick();
    document.addEventListener('visibilitychange', visible);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      document.removeEventListener('visibilitychange', visible);
    };
  }, [id]);
  return { said, resync };
}

interface Extras {
  documents: ProtocolDocument[];
  notices: Notice[];
  versions: VersionEntry[];
}

export function ProtocolPage({ id }: { id: string }) {
  const [p, setP] = useState<ProtocolView | null>(null);
  const [status, setStatus] = useState<Status | null>(null);
  const [extras, setExtras] = useState<Extras>({ documents: [], notices: [], versions: [] });
  const [notice, setNotice] = useState<string | null>(() => takeFlash());
  const [loadError, setLoadError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [pr, st] = await Promise.all([
        api.GET('/api/protocols/{id}', { params: { path: { id } } }),
        api.GET('/api/protocols/{id}/status', { params: { path: { id } } }),
      ]);
      const s = unwrap(st) as unknown as Status;
      // The documents, notices and versions exist once a round has started.
      const more: Extras = { documents: [], notices: [], versions: [] };
      if (s.rounds.length > 0) {
        const [docs, notices, versions] = await Promise.all([
          api.GET('/api/protocols/{id}/documents', { params: { path: { id } } }),
          // The query's DTO is not in the OpenAPI document (ListNoticesQuery has no decorators for it).
          api.GET('/api/anslag/notices', { params: { query: { protocolId: id } as never } }),
          api.GET('/api/protocols/{id}/versions', { params: { path: { id } } }),
        ]);
        more.documents = unwrap(docs) as unknown as ProtocolDocument[];
        more.notices = unwrap(notices) as unknown as Notice[];
        more.versions = unwrap(versions) as unknown as VersionEntry[];
      }
      setP(unwrap(pr) as unknown as ProtocolView);
      setStatus(s);
      setExtras(more);
    } catch (err) {
      setLoadError(asFailure(err).message);
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);
  // A change from elsewhere: the confirmation of the secretary's own last action no longer describes the page.
  const live = useLiveStatus(id, async () => {
    await load();
    setNotice(null);
  });

  const done = async (message: string) => {
    flash(message);
    await Promise.all([load(), live.resync()]);
    setNotice(takeFlash());
    window.scrollTo(0, 0);
  };

  if (loadError)
    return (
      <p className="error" role="alert">
        {loadError}
      </p>
    );
  if (!p || !status) return <p>Laddar …</p>;
  const open = status.rounds.find((r) => r.status === 'active' || r.status === 'change_requested' || r.status === 'signing');
  const latest = open ?? status.rounds[0];
  const documents = latest ? extras.documents.filter((d) => d.roundId === latest.id) : [];
  const roundNotice = latest ? extras.notices.find((n) => n.roundId === latest.id) : undefined;
  const versions = latest ? extras.versions.filter((v) => v.roundId === latest.id) : [];
  return (
    <>
      <h1>{p.title}</h1>
      <p className="muted">
        {STATUS_SV[p.status] ?? p.status} · {p.meetingDate ? `sammanträdet ${daySv(p.meetingDate)}` : 'Sammanträdesdatum saknas'} ·{' '}
        {p.source === 'uploaded' ? 'uppladdad PDF' : 'skrivet i Justera'}
      </p>
      {notice && (
        <p className="ok" role="status">
          {notice}
        </p>
      )}
      <p className="live-status" role="status">
        {live.said}
      </p>
      {p.status === 'draft' && !open && <DraftPanel p={p} onSaved={(m) => done(m)} onStarted={(m) => done(m)} />}
      {latest && <RoundPanel p={p} round={latest} versions={versions} onDone={(m) => done(m)} />}
      {roundNotice && <NoticePanel p={p} n={roundNotice} />}
      {documents.length > 0 && <DocumentsPanel protocolId={p.id} documents={documents} />}
      <p>
        <a href={`/justering/${p.id}`}>Justeringsöversikten (påminnelser, ny länk, avbryt, händelser)</a>
      </p>
    </>
  );
}

/** The round's documents, each with its own SHA-256 beside its own download (docs/glossary.md). */
function DocumentsPanel({ protocolId, documents }: { protocolId: string; documents: ProtocolDocument[] }) {
  return (
    <section aria-labelledby="documents-heading">
      <h2 id="documents-heading">Dokument</h2>
      <ul className="documents">
        {documents.map((d) => (
          <li key={d.documentId} className={`document document-${d.kind}`}>
            <a href={d.url} type="application/pdf">
              {d.titleSv}
            </a>{' '}
            (PDF, {sizeSv(d.size)})
            {d.kind === 'frozen' && !d.current ? ' – ersatt av en senare version; godkännanden av den gäller inte' : ''}
            <br />
            <span className="muted">{d.descriptionSv}</span>
            <br />
            SHA-256: <code className="checksum">{d.sha256}</code>
            {d.relationSv && (
              <>
                <br />
                <span className="relation">{d.relationSv}</span>
              </>
            )}
          </li>
        ))}
      </ul>
      <p>
        <a href={`/api/protocols/${protocolId}/evidence.pdf`} type="application/pdf">
          Verifieringsunderlag (förseglad PDF)
        </a>
        <br />
        <span className="muted">
          Vad som har hänt med protokollet, vilka dokument det har och deras kontrollsummor, för revisorer och arkiv.
        </span>
      </p>
    </section>
  );
}

/** The notice on the anslagstavla with its dates, once the protocol is justerat. */
function NoticePanel({ p, n }: { p: ProtocolView; n: Notice }) {
  return (
    <section aria-labelledby="notice-heading">
      <h2 id="notice-heading">Anslag</h2>
      <p>
        {n.storedState === 'scheduled' ? (
          <>Anslaget sätts upp automatiskt {n.postAt ? instantSv(n.postAt) : ''}.</>
        ) : (
          <>
            <a href={n.noticeUrl}>Anslaget på anslagstavlan</a> {n.storedState === 'archived' ? 'är nedtaget.' : 'sitter uppe.'}
          </>
        )}
      </p>
      <dl className="notice-dates">
        <dt>Uppsatt</dt>
        <dd>{n.postedDate ? daySv(n.postedDate) : 'ännu inte'}</dd>
        <dt>Sista dag att överklaga</dt>
        <dd>{n.lastAppealDay ? daySv(n.lastAppealDay) : 'inte bestämt ännu'}</dd>
        <dt>Tas ned</dt>
        <dd>{n.takeDownDate ? daySv(n.takeDownDate) : 'inte bestämt ännu'}</dd>
      </dl>
      {n.awaitingPostings && n.storedState !== 'scheduled' && (
        <p>Anslaget väntar på att andra kommuners anslag registreras; datumen kan flyttas fram.</p>
      )}
      <p>
        <a href={`/anslag/protokoll/${p.id}`}>Anslaget per anslagstavla</a>
      </p>
    </section>
  );
}

/** Before the start: the metadata (uploaded) or signatories (structured), and the start button. */
function DraftPanel({ p, onSaved, onStarted }: { p: ProtocolView; onSaved: (m: string) => void; onStarted: (m: string) => void }) {
  const [meta, setMeta] = useState<MetadataState | null>(() => (p.metadata ? metadataState(p.organId, p.title, p.metadata) : null));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const dirty = useRef(false);

  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (dirty.current) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    setLeaveGuard(() => (dirty.current ? 'Ändringarna är inte sparade. Vill du lämna sidan ändå?' : null));
    return () => {
      window.removeEventListener('beforeunload', warn);
      setLeaveGuard(null);
    };
  }, []);

  const [failed, setFailed] = useState<'save' | 'start'>('save');
  // Each refused press, for the summary to take focus again on the same message.
  const [attempt, setAttempt] = useState(0);
  const fail = (err: unknown, what: 'save' | 'start' = 'save') => {
    setAttempt((n) => n + 1);
    setFailed(what);
    const f = asFailure(err);
    setErrors(f.fields);
    setMessage(f.message);
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!meta) return;
    setBusy(true);
    // A failure again with the same message is a new answer too: the summary takes focus once more.
    setMessage(null);
    try {
      unwrap(
        await api.PUT('/api/protocols/{id}/metadata', {
          params: { path: { id: p.id } },
          body: { ...metadataFields(meta), rowVersion: p.rowVersion } as never,
        }),
      );
      dirty.current = false;
      setErrors({});
      setMessage(null);
      onSaved('Ändringarna är sparade.');
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const [confirming, setConfirming] = useState(false);
  // In the order the links go out (the round's own order): sekreterare, ordförande, justerare.
  const signers = bySigningOrder((p.metadata?.signatories ?? p.protocol?.signatories ?? []).filter((s) => s.name.trim()));
  const noEmail = signers.filter((s) => !s.email?.trim());
  const order = p.metadata?.order ?? 'sequential';

  /** The first press asks: the start freezes version 1 and mails the signers, which cannot be undone. */
  const askStart = () => {
    if (dirty.current) {
      setAttempt((n) => n + 1);
      setMessage('Spara ändringarna innan du startar justeringen.');
      return;
    }
    setMessage(null);
    setConfirming(true);
    setTimeout(() => document.getElementById('confirm-start')?.focus(), 0);
  };

  const start = async () => {
    if (dirty.current) {
      setConfirming(false);
      setAttempt((n) => n + 1);
      setMessage('Spara ändringarna innan du startar justeringen.');
      return;
    }
    setBusy(true);
    try {
      unwrap(
        await api.POST('/api/protocols/{id}/justering', {
          params: { path: { id: p.id } },
          body: { order: p.metadata?.order ?? 'sequential' } as never,
        }),
      );
      onStarted('Justeringen är startad. Den första undertecknaren har fått sin länk med e-post.');
    } catch (err) {
      setConfirming(false);
      fail(err, 'start');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="draft-heading">
      <h2 id="draft-heading">Innan justeringen startar</h2>
      <ErrorSummary
        message={message}
        fields={errors}
        labels={metadataLabels()}
        heading={failed === 'start' ? 'Justeringen kunde inte startas' : undefined}
        attempt={attempt}
      />
      <div className="split">
        <div className="split-main">
          {p.source === 'structured' && (
            <p>
              <Link className="button-link" href={`${BASE}/protokoll/${p.id}/redigera`}>
                Redigera protokollet
              </Link>
            </p>
          )}
          {meta ? (
            <form onSubmit={save} noValidate>
              <MetadataForm
                value={meta}
                onChange={(m) => {
                  dirty.current = true;
                  setErrors((e) => withoutChangedErrors(e, meta, m));
                  setMeta(m);
                }}
                errors={errors}
              />
              <div className="buttons">
                <button type="submit" className="secondary" disabled={busy}>
                  Spara ändringar
                </button>
              </div>
            </form>
          ) : (
            <SignatoriesEditor
              p={p}
              onDirty={(d) => (dirty.current = d)}
              onSaved={() => {
                dirty.current = false;
                onSaved('Undertecknarna är sparade.');
              }}
            />
          )}
          <div className="start">
            <h3>Starta justeringen</h3>
            <p>Dokumentet fryses som version 1 och undertecknarna får sina personliga länkar med e-post, i den ordning du har valt.</p>
            {confirming ? (
              <div id="confirm-start" className="confirm" role="group" aria-labelledby="confirm-start-heading" tabIndex={-1}>
                <p id="confirm-start-heading">
                  <strong>Vill du starta justeringen nu?</strong> Version 1 kan inte ändras efteråt; en rättelse blir en ny version.
                </p>
                {noEmail.length > 0 && (
                  <p className="field-error">
                    E-postadress saknas för {noEmail.map((s) => `${s.name} (${ROLE_SV[s.role].toLowerCase()})`).join(', ')}. Varje
                    undertecknare behöver en adress för sin länk: lägg till den och spara, starta sedan.
                  </p>
                )}
                {signers.length > 0 && (
                  <>
                    <p>
                      Länkarna skickas{' '}
                      {order === 'parallel' ? 'först till sekreteraren, sedan till de andra samtidigt' : 'i tur och ordning'} till:
                    </p>
                    <ul>
                      {signers.map((s, i) => (
                        <li key={i}>
                          {s.name}, {ROLE_SV[s.role].toLowerCase()}
                          {s.email ? <> ({s.email})</> : null}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
                <div className="buttons">
                  <button type="button" onClick={start} disabled={busy || noEmail.length > 0}>
                    {busy ? 'Startar …' : 'Ja, starta och skicka länkarna'}
                  </button>
                  <button type="button" className="secondary" onClick={() => setConfirming(false)} disabled={busy}>
                    Avbryt
                  </button>
                </div>
              </div>
            ) : (
              <button type="button" onClick={askStart} disabled={busy}>
                Starta justeringen
              </button>
            )}
          </div>
        </div>
        <aside className="split-side" aria-label="Förhandsgranskning">
          <h2>Förhandsgranskning</h2>
          {p.source === 'structured' ? (
            <DraftPreview p={p} />
          ) : (
            <PdfPreview src={`/api/protocols/${p.id}/pdf`} title={`Förhandsgranskning av ${p.title}`} />
          )}
        </aside>
      </div>
    </section>
  );
}

/**
 * The preview of a protocol written in Justera. Until the draft has all it needs the api answers its
 * PDF with an error, which a frame showed as raw JSON: the PDF is fetched first, and an incomplete
 * draft gets a sentence and a link to the editor instead.
 */
function DraftPreview({ p }: { p: ProtocolView }) {
  const [file, setFile] = useState<File | null | undefined>(undefined);
  useEffect(() => {
    let current = true;
    void fetch(`/api/protocols/${p.id}/pdf`, { credentials: 'same-origin' })
      .then(async (res) => (res.ok ? new File([await res.blob()], 'protokoll.pdf', { type: 'application/pdf' }) : null))
      .catch(() => null)
      .then((f) => current && setFile(f));
    return () => {
      current = false;
    };
  }, [p.id, p.rowVersion]);
  if (file === undefined) return <p className="preview-empty">Laddar förhandsgranskningen …</p>;
  if (file === null)
    return (
      <p className="preview-empty">
        PDF:en visas här när protokollet har allt som behövs. <Link href={`${BASE}/protokoll/${p.id}/redigera`}>Redigera protokollet</Link>{' '}
        för att se vad som saknas.
      </p>
    );
  return <PdfPreview file={file} title={`Förhandsgranskning av ${p.title}`} />;
}

/** A round: the signatories and what the secretary can do now. */
function RoundPanel({
  p,
  round,
  versions,
  onDone,
}: {
  p: ProtocolView;
  round: Round;
  versions: VersionEntry[];
  onDone: (m: string) => void;
}) {
  const requested = round.signatories.find((s) => s.state === 'change_requested');
  const substitutes: Substitute[] =
    p.metadata?.substitutes ?? ((p.protocol?.substitutes as { name: string }[] | undefined) ?? []).map((s) => ({ name: s.name }));
  const open = round.status === 'active' || round.status === 'change_requested';
  // A substitute who already signs in this round (after a replacement) is not offered again.
  const signing = (x: Substitute) =>
    round.signatories.some((r) => r.name === x.name || (!!x.email && r.email.toLowerCase() === x.email.toLowerCase()));
  const available = substitutes.filter((x) => !signing(x));
  return (
    <section aria-labelledby="round-heading">
      <h2 id="round-heading">Justeringen: {round.statusSv}</h2>
      <p>
        Version {round.version.number} ·{' '}
        {round.status === 'completed' && round.completedAt ? (
          <>justerat {instantSv(round.completedAt)}</>
        ) : round.status === 'cancelled' && round.cancelledAt ? (
          <>avbruten {instantSv(round.cancelledAt)}</>
        ) : (
          <>
            sista dag för justering {daySv(round.deadline)}
            {round.deadlinePassed ? ' (har passerat)' : ''}
          </>
        )}{' '}
        · ordning: {round.order === 'parallel' ? 'samtidigt efter sekreteraren' : 'i tur och ordning'}
      </p>
      {round.status === 'signing' && (
        <p>
          Alla har godkänt. De digitala underskrifterna läggs in i PDF:en ({round.signing.pending} kvar); därefter blir protokollet justerat
          och anslaget sätts upp.
          {round.signing.error ? ' Det senaste försöket misslyckades; tjänsten försöker igen automatiskt.' : ''}
        </p>
      )}
      {round.status === 'change_requested' && requested && <CorrectionPanel p={p} round={round} requested={requested} onDone={onDone} />}
      <h3>Undertecknare</h3>
      <ul className="signers">
        {round.signatories.map((s) => (
          <li key={s.id}>
            <p className="signer-head">
              <strong>{s.name}</strong>, {s.roleSv} – {s.stateSv}
              {s.turn ? ' (tur att signera)' : ''}
            </p>
            <p className="muted">{s.email}</p>
            {/* Keyed on the person: after a change the forms start closed and empty, not with the old values. */}
            {open && s.state !== 'signed' && (
              <SignatoryActions key={`${s.id}:${s.name}:${s.email}`} p={p} round={round} s={s} substitutes={available} onDone={onDone} />
            )}
          </li>
        ))}
      </ul>
      {versions.length > 1 && (
        <>
          <h3>Versioner</h3>
          <ol className="versions">
            {versions.map((v) => (
              <li key={v.number}>
                <strong>Version {v.number}</strong> {v.current ? '(aktuell)' : '(ersatt; godkännanden av den gäller inte)'}, fryst{' '}
                {instantSv(v.createdAt)}. SHA-256 <code className="checksum">{v.sha256}</code>
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
                        {v.changes.map((c, i) => (
                          <li key={i}>{c}</li>
                        ))}
                      </ul>
                    )}
                  </>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

/** Change e-mail, or replace with a substitute (ersättare): both audited by the api. */
function SignatoryActions({
  p,
  round,
  s,
  substitutes,
  onDone,
}: {
  p: ProtocolView;
  round: Round;
  s: RoundSignatory;
  substitutes: Substitute[];
  onDone: (m: string) => void;
}) {
  const [email, setEmail] = useState(s.email);
  const [sub, setSub] = useState({ name: '', email: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const path = { id: p.id, roundId: round.id, signatoryId: s.id };
  const pre = `s-${s.id.slice(0, 8)}`;

  const run = async (call: () => Promise<{ response: Response; error?: unknown }>, ok: string) => {
    try {
      const r = await call();
      if (!r.response.ok) throw failure(r.response.status, r.error);
      setErrors({});
      setMessage(null);
      onDone(ok);
    } catch (err) {
      const f = asFailure(err);
      setErrors(f.fields);
      setMessage(f.message);
    }
  };

  return (
    <div className="signer-actions">
      {message && (
        <p className="error" role="alert">
          {message}
        </p>
      )}
      <details>
        <summary>Ändra e-postadress för {s.name}</summary>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void run(
              () =>
                api.POST('/api/protocols/{id}/justering/{roundId}/signatories/{signatoryId}/email', {
                  params: { path },
                  body: { email } as never,
                }),
              `E-postadressen för ${s.name} är ändrad.`,
            );
          }}
        >
          <Field
            path={`${pre}.email`}
            label="Ny e-postadress"
            type="email"
            value={email}
            onChange={setEmail}
            error={errors.email}
            required
          />
          <button type="submit">Spara e-postadressen</button>
        </form>
      </details>
      {s.role !== 'sekreterare' && (
        <details>
          <summary>Ersätt {s.name} med en ersättare</summary>
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void run(
                () =>
                  api.POST('/api/protocols/{id}/justering/{roundId}/signatories/{signatoryId}/replace', {
                    params: { path },
                    body: sub as never,
                  }),
                `${sub.name} ersätter ${s.name} som ${ROLE_SV[s.role].toLowerCase()}.`,
              );
            }}
          >
            {substitutes.length > 0 && (
              <p className="quick">
                Ersättare i protokollet:{' '}
                {substitutes.map((x) => (
                  <button
                    key={x.name}
                    type="button"
                    className="secondary small"
                    onClick={() => setSub({ name: x.name, email: x.email ?? '' })}
                  >
                    Välj {x.name}
                  </button>
                ))}
              </p>
            )}
            <Field
              path={`${pre}.sub-name`}
              label="Ersättarens namn"
              value={sub.name}
              onChange={(x) => setSub({ ...sub, name: x })}
              error={errors.name}
              required
            />
            <Field
              path={`${pre}.sub-email`}
              label="Ersättarens e-postadress"
              type="email"
              value={sub.email}
              onChange={(x) => setSub({ ...sub, email: x })}
              error={errors.email}
              required
            />
            <button type="submit">Ersätt {s.name}</button>
          </form>
        </details>
      )}
    </div>
  );
}

/** Job 4: the change request beside the document, and the corrected version. */
function CorrectionPanel({
  p,
  round,
  requested,
  onDone,
}: {
  p: ProtocolView;
  round: Round;
  requested: RoundSignatory;
  onDone: (m: string) => void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const freeze = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    // A failure again with the same message is a new answer too: the summary takes focus once more.
    setMessage(null);
    const form = new FormData();
    if (file) form.set('file', file, file.name);
    if (reason.trim()) form.set('reason', reason.trim());
    try {
      const r = await api.POST('/api/protocols/{id}/justering/{roundId}/versions/upload', {
        params: { path: { id: p.id, roundId: round.id } },
        body: form as never,
        ...multipart,
      });
      if (!r.response.ok) throw failure(r.response.status, r.error);
      onDone(`Version ${round.version.number + 1} är fryst. Undertecknarna får den nya länken med ändringsbegäran och vad som ändrats.`);
    } catch (err) {
      const f = asFailure(err);
      setErrors({ ...f.fields, ...(!file && !f.fields.file ? { file: 'Välj den rättade PDF-filen.' } : {}) });
      setMessage(f.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="correction">
      <div className="split">
        <div className="split-main">
          <div className="change-request" role="note" aria-labelledby="cr-heading">
            <h3 id="cr-heading">
              {requested.name} ({requested.roleSv}) begärde en ändring
            </h3>
            <blockquote>{requested.changeComment}</blockquote>
          </div>
          {p.source === 'uploaded' ? (
            <form onSubmit={freeze} noValidate>
              <h3>Rätta och skicka en ny version</h3>
              <p>
                Rätta protokollet där det skrevs, spara det som PDF och ladda upp det här. Alla undertecknare får en ny länk; godkännanden
                av den tidigare versionen upphör att gälla.
              </p>
              <ErrorSummary message={message} fields={errors} labels={{ file: 'Rättad PDF', reason: 'Kommentar' }} />
              <PdfDrop
                label="Den rättade PDF-filen"
                file={file}
                error={errors.file}
                problem={fileProblem}
                onProblem={setFileProblem}
                onFile={(f) => {
                  setFile(f);
                  setErrors({});
                  setMessage(null);
                }}
              />
              <div className={`field${errors.reason ? ' has-error' : ''}`}>
                <label htmlFor="f-reason">Kommentar till undertecknarna (vad du har ändrat)</label>
                <textarea id="f-reason" value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} rows={3} />
              </div>
              <button type="submit" disabled={busy}>
                {busy ? 'Fryser …' : 'Frys ny version och skicka'}
              </button>
            </form>
          ) : (
            <div>
              <h3>Rätta och skicka en ny version</h3>
              <p>Rätta protokollet i redigeraren. Du ser ändringarna paragraf för paragraf innan du fryser den nya versionen.</p>
              <p>
                <Link href={`${BASE}/protokoll/${p.id}/rattelse/${round.id}`}>Rätta i redigeraren</Link>
              </p>
            </div>
          )}
        </div>
        <aside className="split-side" aria-label="Dokumentet som granskades">
          <h3>Version {round.version.number} (den som granskades)</h3>
          <PdfPreview
            src={`/api/protocols/${p.id}/justering/${round.id}/document.pdf`}
            title={`Version ${round.version.number} av ${p.title}`}
          />
          {file && (
            <>
              <h3>Den rättade filen</h3>
              {/* As on the upload page: a file that cannot be used is not shown (Chromium asks an
                  encrypted one's password, in English). */}
              {fileProblem ? (
                <p className="preview-empty">Förhandsgranskningen visas när du har valt en PDF-fil som kan användas.</p>
              ) : (
                <PdfPreview file={file} title="Förhandsgranskning av den rättade PDF-filen" />
              )}
            </>
          )}
        </aside>
      </div>
    </div>
  );
}
