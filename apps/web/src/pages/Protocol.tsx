/**
 * One protocol: edit the metadata and signatories before the start (job 5), start the round, follow
 * it, change a signatory's e-mail or replace them with a substitute during the round (job 5), and
 * after a change request read the comment beside the document and freeze a corrected version (job 4).
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiFailure, failure, multipart, unwrap } from '../api/client';
import { ROLE_SV, STATUS_SV, type ProtocolView, type Round, type RoundSignatory, type Status, type Substitute } from '../api/types';
import { ErrorSummary, Field } from '../components/Field';
import { MetadataForm, metadataFields, metadataLabels, metadataState, type MetadataState } from '../components/MetadataForm';
import { PdfDrop, PdfPreview } from '../components/PdfDrop';
import { SignatoriesEditor } from '../components/SignatoriesEditor';
import { flash, takeFlash } from '../flash';
import { BASE, Link, setLeaveGuard } from '../router';

function asFailure(err: unknown): ApiFailure {
  return err instanceof ApiFailure ? err : failure(0, { message: 'Det gick inte att nå servern. Försök igen.' });
}

export function ProtocolPage({ id }: { id: string }) {
  const [p, setP] = useState<ProtocolView | null>(null);
  const [status, setStatus] = useState<Status | null>(null);
  const [notice, setNotice] = useState<string | null>(() => takeFlash());
  const [loadError, setLoadError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [pr, st] = await Promise.all([
        api.GET('/api/protocols/{id}', { params: { path: { id } } }),
        api.GET('/api/protocols/{id}/status', { params: { path: { id } } }),
      ]);
      setP(unwrap(pr) as unknown as ProtocolView);
      setStatus(unwrap(st) as unknown as Status);
    } catch (err) {
      setLoadError(asFailure(err).message);
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  const done = async (message: string) => {
    flash(message);
    await load();
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
  return (
    <>
      <h1>{p.title}</h1>
      <p className="muted">
        {STATUS_SV[p.status] ?? p.status} · sammanträdet {p.meetingDate} · {p.source === 'uploaded' ? 'uppladdad PDF' : 'skrivet i Justera'}
      </p>
      {notice && (
        <p className="ok" role="status">
          {notice}
        </p>
      )}
      {p.status === 'draft' && !open && <DraftPanel p={p} onSaved={(m) => done(m)} onStarted={(m) => done(m)} />}
      {latest && <RoundPanel p={p} round={latest} onDone={(m) => done(m)} />}
      <p>
        <a href={`/justering/${p.id}`}>Justeringsöversikten (påminnelser, ny länk, avbryt)</a>
      </p>
    </>
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

  const fail = (err: unknown) => {
    const f = asFailure(err);
    setErrors(f.fields);
    setMessage(f.message);
    setTimeout(() => document.getElementById('error-summary')?.focus(), 0);
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!meta) return;
    setBusy(true);
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

  const start = async () => {
    if (dirty.current) {
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
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="draft-heading">
      <h2 id="draft-heading">Innan justeringen startar</h2>
      <ErrorSummary message={message} fields={errors} labels={metadataLabels()} />
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
            <button type="button" onClick={start} disabled={busy}>
              Starta justeringen
            </button>
          </div>
        </div>
        <aside className="split-side" aria-label="Förhandsgranskning">
          <h2>Förhandsgranskning</h2>
          <PdfPreview src={`/api/protocols/${p.id}/pdf`} title={`Förhandsgranskning av ${p.title}`} />
        </aside>
      </div>
    </section>
  );
}

/** A round: the signatories and what the secretary can do now. */
function RoundPanel({ p, round, onDone }: { p: ProtocolView; round: Round; onDone: (m: string) => void }) {
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
        Version {round.version.number} · senast {round.deadline}
        {round.deadlinePassed ? ' (sista dagen har passerat)' : ''} ·{' '}
        {round.order === 'parallel' ? 'sekreteraren först, sedan alla samtidigt' : 'en i taget'}
      </p>
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
      {round.versions.length > 1 && (
        <>
          <h3>Versioner</h3>
          <ol className="versions">
            {round.versions.map((v) => (
              <li key={v.id}>
                Version {v.number} {v.reason ? `– ${v.reason}` : ''} <span className="hash">{v.sha256.slice(0, 16)}…</span>
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
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const freeze = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
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
      setTimeout(() => document.getElementById('error-summary')?.focus(), 0);
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
              <PdfPreview file={file} title="Förhandsgranskning av den rättade PDF-filen" />
            </>
          )}
        </aside>
      </div>
    </div>
  );
}
