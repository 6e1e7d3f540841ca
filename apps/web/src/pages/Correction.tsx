/**
 * Corrections of a written protocol (docs/secretary.md): after a change request, the secretary edits the protocol in
 * the editor's parts, sees what changed § by § against the version that was reviewed (a word diff with
 * jsdiff over libs/protocol's § lines), and freezes the new version (POST …/justering/:roundId/versions
 * with the protocol), which mails the signers the change request and what was changed. Nothing is
 * stored before the freeze (a protocol under justering is not a draft); leaving with changes asks first.
 */
import { diffWordsWithSpace } from 'diff';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { diffParagraphs, type ProtocolLike } from '../../../../libs/protocol/src/diff';
import { api, ApiFailure, failure, unwrap } from '../api/client';
import type { ProtocolView, Round, RoundSignatory, Status } from '../api/types';
import { cleanForSave, editorErrors, fromStored, type EProtocol } from '../editor/model';
import { flash } from '../flash';
import { BASE, Link, navigate, setLeaveGuard } from '../router';
import { AttachmentsPart, AttendancePart, MeetingPart, ParagraphsPart } from './Editor';

/** JSON with sorted keys, so the same content in another key order compares equal. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

const KIND_SV = { added: 'tillagd', removed: 'borttagen', changed: 'ändrad' } as const;

function ParagraphDiff({ before, after }: { before: string[]; after: string[] }) {
  const parts = diffWordsWithSpace(before.join('\n'), after.join('\n'));
  return (
    <p className="diff">
      {parts.map((part, i) =>
        part.added ? (
          <ins key={i} className="diff-added">
            {part.value}
          </ins>
        ) : part.removed ? (
          <del key={i} className="diff-removed">
            {part.value}
          </del>
        ) : (
          <span key={i}>{part.value}</span>
        ),
      )}
    </p>
  );
}

export function CorrectionPage({ id, roundId }: { id: string; roundId: string }) {
  const [p, setP] = useState<ProtocolView | null>(null);
  const [round, setRound] = useState<Round | null>(null);
  const [doc, setDoc] = useState<EProtocol | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const edited = useRef(false);

  const load = useCallback(async () => {
    try {
      const [pr, st] = await Promise.all([
        api.GET('/api/protocols/{id}', { params: { path: { id } } }),
        api.GET('/api/protocols/{id}/status', { params: { path: { id } } }),
      ]);
      const view = unwrap(pr) as unknown as ProtocolView;
      const r = (unwrap(st) as unknown as Status).rounds.find((x) => x.id === roundId);
      if (view.source !== 'structured')
        throw new ApiFailure(400, 'uploaded', 'Ett uppladdat protokoll rättas genom att ladda upp den rättade PDF:en.', {});
      if (!r || (r.status !== 'active' && r.status !== 'change_requested'))
        throw new ApiFailure(400, 'not_open', 'Justeringen pågår inte längre; det finns ingen version att rätta.', {});
      setP(view);
      setRound(r);
      setDoc(fromStored(view.protocol));
    } catch (err) {
      setMessage(err instanceof ApiFailure ? err.message : 'Det gick inte att läsa protokollet.');
    }
  }, [id, roundId]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (edited.current) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    setLeaveGuard(() => (edited.current ? 'Rättelsen är inte fryst; ändringarna försvinner om du lämnar sidan. Lämna ändå?' : null));
    return () => {
      window.removeEventListener('beforeunload', warn);
      setLeaveGuard(null);
    };
  }, []);

  const update = (f: (d: EProtocol) => EProtocol) => {
    edited.current = true;
    setDoc((d) => (d ? f(d) : d));
  };

  // The reviewed version as the editor would send it, so only real edits show as changes.
  const before = useMemo(() => (p ? (cleanForSave(fromStored(p.protocol)) as unknown as ProtocolLike) : undefined), [p]);
  const after = useMemo(() => (doc ? (cleanForSave(doc) as unknown as ProtocolLike) : undefined), [doc]);
  const changes = useMemo(() => (before && after ? diffParagraphs(before, after) : []), [before, after]);
  // Changes outside the §§ (meeting, attendance, bilagor) are one line, as in the signers' mail.
  const other = useMemo(
    () =>
      before && after && canonical({ ...before, paragraphs: undefined }) !== canonical({ ...after, paragraphs: undefined })
        ? ['Mötesuppgifter, närvaro eller bilagor: ändrade']
        : [],
    [before, after],
  );

  const freeze = async (e: FormEvent) => {
    e.preventDefault();
    if (!doc || !round) return;
    setBusy(true);
    setMessage(null);
    try {
      const r = await api.POST('/api/protocols/{id}/justering/{roundId}/versions', {
        params: { path: { id, roundId } },
        body: { protocol: cleanForSave(doc), ...(reason.trim() ? { reason: reason.trim() } : {}) } as never,
      });
      if (!r.response.ok) throw failure(r.response.status, r.error);
      edited.current = false;
      flash(`Version ${round.version.number + 1} är fryst. Undertecknarna får den nya länken med ändringsbegäran och vad som ändrats.`);
      navigate(`${BASE}/protokoll/${id}`);
    } catch (err) {
      const f =
        err instanceof ApiFailure ? err : failure(0, { message: 'Det gick inte att nå servern. Ändringarna finns kvar här; försök igen.' });
      setErrors(editorErrors(f.fields, doc));
      setMessage(f.message);
      setTimeout(() => document.getElementById('freeze-error')?.focus(), 0);
    } finally {
      setBusy(false);
    }
  };

  if (!doc || !p || !round)
    return message ? (
      <>
        <h1>Rätta protokollet</h1>
        <p className="error" role="alert">
          {message}
        </p>
        <p>
          <Link href={`${BASE}/protokoll/${id}`}>Till protokollets sida</Link>
        </p>
      </>
    ) : (
      <p>Laddar …</p>
    );

  const fieldErrors = Object.entries(errors);
  const requested: RoundSignatory | undefined = round.signatories.find((s) => s.state === 'change_requested');
  return (
    <>
      <h1>Rätta protokollet</h1>
      <p className="muted">
        {p.title} · version {round.version.number} granskades
      </p>
      {requested && (
        <div className="change-request" role="note" aria-labelledby="cr-heading">
          <h2 id="cr-heading">
            {requested.name} ({requested.roleSv}) begärde en ändring
          </h2>
          <blockquote>{requested.changeComment}</blockquote>
        </div>
      )}
      <p>
        Ändra det som ska rättas. Ingenting sparas förrän du fryser den nya versionen längst ned; undertecknarna ändras på protokollets
        sida.
      </p>
      <div className="editor">
        <MeetingPart doc={doc} errors={errors} update={update} set={(k, v) => update((d) => ({ ...d, [k]: v }))} />
        <AttendancePart doc={doc} errors={errors} update={update} />
        <ParagraphsPart doc={doc} errors={errors} update={update} />
        <AttachmentsPart doc={doc} errors={errors} update={update} />
      </div>
      <section aria-labelledby="changes-heading">
        <h2 id="changes-heading">Ändringar mot version {round.version.number}</h2>
        {changes.length === 0 && other.length === 0 && <p>Inga ändringar ännu.</p>}
        {other.map((l) => (
          <p key={l}>{l}</p>
        ))}
        {changes.map((c) => (
          <div key={`${c.kind}-${c.number}`} className="diff-paragraph">
            <h3>
              § {c.number} {c.title}: {KIND_SV[c.kind]}
            </h3>
            <ParagraphDiff before={c.before} after={c.after} />
          </div>
        ))}
      </section>
      <form onSubmit={freeze} noValidate>
        {message && (
          <div className="error-summary" role="alert" id="freeze-error" tabIndex={-1}>
            <h2>Den nya versionen är inte fryst</h2>
            <p>{fieldErrors.length ? 'Rätta uppgifterna vid fälten och försök igen. Inget har sparats.' : message}</p>
            {fieldErrors.length > 0 && (
              <ul>
                {fieldErrors.map(([path, m]) => (
                  <li key={path}>
                    {m} <span className="muted">({path})</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <div className="field">
          <label htmlFor="f-reason">Kommentar till undertecknarna (vad du har ändrat)</label>
          <textarea id="f-reason" value={reason} maxLength={2000} rows={3} onChange={(e) => setReason(e.target.value)} />
        </div>
        <div className="buttons">
          <button type="submit" disabled={busy || (changes.length === 0 && other.length === 0)}>
            {busy ? 'Fryser …' : 'Frys ny version och skicka'}
          </button>
          <Link href={`${BASE}/protokoll/${id}`}>Avbryt</Link>
        </div>
      </form>
    </>
  );
}
