/**
 * The Word import (docs/import.md): import a Word document. The document is read by POST /api/protocols/import,
 * which saves nothing; the secretary sees what was recognised, what was set aside and what is
 * missing, completes the missing fields (they are sent with the next reading) and saves the draft
 * with POST /api/protocols. docs/import.md says what is recognised.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiFailure, failure, multipart, unwrap } from '../api/client';
import type { Organ, ProtocolView } from '../api/types';
import { ErrorSummary, Field, fieldId } from '../components/Field';
import { flash } from '../flash';
import { BASE, navigate, setLeaveGuard } from '../router';
import { whereSv, type WhereContext } from './Editor';

interface Note {
  code: string;
  message: string;
  paragraph?: number;
}

interface ImportAnswer {
  protocol: { paragraphs: { number: number; title: string }[] } & Record<string, unknown>;
  valid: boolean;
  report: { recognised: Note[]; setAside: Note[]; missing: Note[] };
  errors: { path: string; messageSv: string }[];
  warnings: { path: string; messageSv: string }[];
}

const LABELS: Record<string, string> = {
  organId: 'Organ',
  file: 'Word-dokument',
  organisation: 'Organisation',
  meetingDate: 'Sammanträdesdatum',
  meetingPlace: 'Sammanträdets plats',
  storagePlace: 'Förvaringsplats',
};

const DOCX_TYPES = '.docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function ImportPage() {
  const [organs, setOrgans] = useState<Organ[]>([]);
  const [organId, setOrganId] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [extra, setExtra] = useState({ organisation: '', meetingDate: '', meetingPlace: '', storagePlace: '' });
  const [result, setResult] = useState<ImportAnswer | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState<'read' | 'save' | null>(null);
  const dirty = useRef(false);
  const resultHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    api
      .GET('/api/organs')
      .then((r) => {
        const list = unwrap(r) as unknown as Organ[];
        setOrgans(list);
        if (list.length === 1) {
          setOrganId(list[0].id);
          setExtra((x) => ({ ...x, storagePlace: x.storagePlace || list[0].storagePlace || '' }));
        }
      })
      .catch((e: Error) => setMessage(e.message));
  }, []);

  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (dirty.current) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    setLeaveGuard(() => (dirty.current ? 'Det inlästa protokollet är inte sparat. Vill du lämna sidan ändå?' : null));
    return () => {
      window.removeEventListener('beforeunload', warn);
      setLeaveGuard(null);
    };
  }, []);

  // Each refused press, for the summary to take focus again on the same message.
  const [attempt, setAttempt] = useState(0);
  const showFailure = (err: unknown, fallback: Record<string, string> = {}) => {
    setAttempt((n) => n + 1);
    const f = err instanceof ApiFailure ? err : failure(0, { message: 'Det gick inte att nå servern. Försök igen.' });
    setErrors({ ...fallback, ...f.fields });
    setMessage(f.message);
  };

  const read = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    setErrors({});
    const missing: Record<string, string> = {};
    if (!organId) missing.organId = 'Välj organ.';
    if (!file) missing.file = 'Välj ett Word-dokument (.docx).';
    if (Object.keys(missing).length) {
      showFailure(failure(400, { message: 'Välj organ och dokument.' }), missing);
      return;
    }
    const form = new FormData();
    form.set('organId', organId);
    for (const [k, v] of Object.entries(extra)) if (v.trim()) form.set(k, v.trim());
    form.set('file', file!, file!.name);
    setBusy('read');
    try {
      const r = await api.POST('/api/protocols/import', { body: form as never, ...multipart });
      setResult(unwrap(r) as unknown as ImportAnswer);
      dirty.current = true;
      setTimeout(() => resultHeading.current?.focus(), 0);
    } catch (err) {
      setResult(null);
      showFailure(err);
    } finally {
      setBusy(null);
    }
  };

  const save = async () => {
    if (!result) return;
    setBusy('save');
    setMessage(null);
    try {
      const r = await api.POST('/api/protocols', { body: { organId, protocol: result.protocol } });
      const created = unwrap(r) as unknown as ProtocolView;
      dirty.current = false;
      flash('Protokollet är importerat och sparat som utkast. Lägg till undertecknarnas e-postadresser och starta justeringen.');
      navigate(`${BASE}/protokoll/${created.id}`);
    } catch (err) {
      showFailure(err);
    } finally {
      setBusy(null);
    }
  };

  /** Review and complete the draft in the editor: saved as an incomplete draft if something is missing. */
  const openInEditor = async () => {
    if (!result) return;
    setBusy('save');
    setMessage(null);
    try {
      const r = await api.POST('/api/protocols', { body: { organId, protocol: result.protocol, draft: true } as never });
      const created = unwrap(r) as unknown as ProtocolView;
      dirty.current = false;
      // The review goes on in the editor: every field's message shows at once, as on the import page.
      navigate(`${BASE}/protokoll/${created.id}/redigera`, { state: { showAllErrors: true } });
    } catch (err) {
      showFailure(err);
    } finally {
      setBusy(null);
    }
  };

  const setX = (k: keyof typeof extra) => (v: string) => setExtra((x) => ({ ...x, [k]: v }));

  return (
    <>
      <h1>Importera ett Word-dokument</h1>
      <p>
        Läs in ett protokoll som är skrivet i Word (.docx). Justera känner igen paragraferna, avsnitten, närvaron och underskrifterna och
        visar vad som kändes igen innan något sparas. Text som inte känns igen läggs i närmaste paragraf, så inget försvinner.
      </p>
      <ErrorSummary message={message} fields={errors} labels={LABELS} attempt={attempt} />
      <form onSubmit={read} noValidate>
        <fieldset>
          <legend>Dokumentet</legend>
          <div className={`field${errors.organId ? ' has-error' : ''}`}>
            <label htmlFor={fieldId('organId')}>Organ</label>
            {errors.organId && (
              <p className="field-error" id={`${fieldId('organId')}-error`}>
                {errors.organId}
              </p>
            )}
            <select
              id={fieldId('organId')}
              value={organId}
              required
              aria-invalid={errors.organId ? true : undefined}
              aria-describedby={errors.organId ? `${fieldId('organId')}-error` : undefined}
              onChange={(e) => {
                setOrganId(e.target.value);
                const organ = organs.find((o) => o.id === e.target.value);
                setExtra((x) => ({ ...x, storagePlace: x.storagePlace || organ?.storagePlace || '' }));
              }}
            >
              <option value="">Välj organ …</option>
              {organs.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
          <div className={`field${errors.file ? ' has-error' : ''}`}>
            <label htmlFor={fieldId('file')}>Word-dokument (.docx)</label>
            <p className="hint" id={`${fieldId('file')}-hint`}>
              Högst 20 MB. Äldre .doc-filer och lösenordsskyddade dokument går inte att läsa; spara dem som .docx först.
            </p>
            {errors.file && (
              <p className="field-error" id={`${fieldId('file')}-error`}>
                {errors.file}
              </p>
            )}
            <input
              id={fieldId('file')}
              type="file"
              accept={DOCX_TYPES}
              aria-invalid={errors.file ? true : undefined}
              aria-describedby={[`${fieldId('file')}-hint`, errors.file ? `${fieldId('file')}-error` : ''].filter(Boolean).join(' ')}
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setResult(null);
              }}
            />
          </div>
        </fieldset>
        <fieldset>
          <legend>Om dokumentet inte anger det</legend>
          <p className="hint">Används bara när dokumentet saknar uppgiften. Läs in dokumentet igen efter att du fyllt i.</p>
          <Field
            path="organisation"
            label="Organisation (kommun, region eller förbund)"
            value={extra.organisation}
            onChange={setX('organisation')}
            error={errors.organisation}
          />
          <Field
            path="meetingDate"
            label="Sammanträdesdatum"
            type="date"
            value={extra.meetingDate}
            onChange={setX('meetingDate')}
            error={errors.meetingDate}
          />
          <Field
            path="meetingPlace"
            label="Sammanträdets plats"
            value={extra.meetingPlace}
            onChange={setX('meetingPlace')}
            error={errors.meetingPlace}
          />
          <Field
            path="storagePlace"
            label="Förvaringsplats för protokollet"
            value={extra.storagePlace}
            onChange={setX('storagePlace')}
            error={errors.storagePlace}
          />
        </fieldset>
        <div className="buttons">
          <button type="submit" disabled={busy !== null}>
            {busy === 'read' ? 'Läser in …' : result ? 'Läs in igen' : 'Läs in dokumentet'}
          </button>
        </div>
      </form>
      {result && (
        <section aria-labelledby="result-heading" className="import-result">
          <h2 id="result-heading" ref={resultHeading} tabIndex={-1}>
            Resultat: {result.protocol.paragraphs.length} {result.protocol.paragraphs.length === 1 ? 'paragraf' : 'paragrafer'}
          </h2>
          <p role="status">
            {result.valid
              ? 'Protokollet är komplett och kan sparas som utkast. Kontrollera listorna nedan först.'
              : 'Protokollet är inte komplett ännu. Öppna det i redigeraren och fyll i det som saknas där (till exempel beslutande), eller fyll i uppgifterna ovan och läs in dokumentet igen.'}
          </p>
          {result.report.missing.length > 0 && (
            <>
              <h3>Saknas ({result.report.missing.length})</h3>
              <ul>
                {result.report.missing.map((n) => (
                  <li key={n.code}>{n.message}</li>
                ))}
              </ul>
            </>
          )}
          {result.errors.length > 0 && (
            <>
              <h3>Att rätta ({result.errors.length})</h3>
              <ul>
                {result.errors.slice(0, 50).map((e, i) => (
                  <li key={i}>
                    {whereSv(e.path, result.protocol as WhereContext) || 'Protokollet'}: {e.messageSv}
                  </li>
                ))}
              </ul>
            </>
          )}
          <h3>Känt igen ({result.report.recognised.length})</h3>
          <ul>
            {result.report.recognised.map((n, i) => (
              <li key={i}>{n.message}</li>
            ))}
          </ul>
          {result.report.setAside.length > 0 && (
            <>
              <h3>Inte inläst som uppgifter ({result.report.setAside.length})</h3>
              <ul>
                {result.report.setAside.map((n, i) => (
                  <li key={i}>{n.message}</li>
                ))}
              </ul>
            </>
          )}
          {result.warnings.length > 0 && (
            <>
              <h3>Varningar ({result.warnings.length})</h3>
              <ul>
                {result.warnings.map((w, i) => (
                  <li key={i}>{w.messageSv}</li>
                ))}
              </ul>
            </>
          )}
          <div className="buttons">
            <button type="button" onClick={save} disabled={!result.valid || busy !== null}>
              {busy === 'save' ? 'Sparar …' : 'Spara som utkast'}
            </button>
            <button type="button" className="secondary" onClick={() => void openInEditor()} disabled={busy !== null}>
              Öppna i redigeraren
            </button>
          </div>
        </section>
      )}
    </>
  );
}
