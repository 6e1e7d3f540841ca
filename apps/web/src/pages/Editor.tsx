/**
 * The editor (docs/secretary.md): write a structured protocol (formatVersion 2) — the meeting, attendance, §§ with
 * their sections in TipTap, bilagor and signatories. Every change is saved as a draft after a short
 * pause (PUT /api/protocols/:id with draft: true and the rowVersion read, so a second secretary's
 * stale save is refused and nothing typed here is lost); what the protocol still lacks is shown at
 * its field; once complete, the api's PDF is shown beside the form.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { api, ApiFailure, failure, fieldMessages, unwrap } from '../api/client';
import type { ProtocolView } from '../api/types';
import { Field, fieldId } from '../components/Field';
import { signatorySlots, SLOT_NAMES, slotOf } from '../components/MetadataForm';
import { PdfPreview } from '../components/PdfDrop';
import { SignatoryFieldset } from '../components/SignatoriesEditor';
import {
  cleanForSave,
  editorErrors,
  formatParagraphList,
  fromStored,
  newKey,
  notesText,
  paragraphLabel,
  parseParagraphList,
  SECTION_KINDS,
  subItemLabel,
  type EAttachment,
  type EParagraph,
  type EPerson,
  type EProtocol,
  type ESection,
  type ESubItem,
  type NumberingStyle,
  type SectionKind,
} from '../editor/model';
import { RichText } from '../editor/RichText';
import { visibleErrors } from '../editor/visible-errors';
import { BASE, Link, setLeaveGuard } from '../router';

const SAVE_DELAY_MS = 1200;

interface Issue {
  path: string;
  messageSv?: string;
  message: string;
}
type DraftAnswer = ProtocolView & { errors?: Issue[]; warnings?: Issue[] };

/** The labels of the meeting and justering fields, as the form shows them. */
const MEETING_FIELDS_SV: Record<string, string> = { date: 'Sammanträdesdatum', startTime: 'Starttid', endTime: 'Sluttid', place: 'Plats' };
const JUSTERING_FIELDS_SV: Record<string, string> = { place: 'Plats', date: 'Datum', time: 'Tid', latest: 'sista dag' };

/** The labels of a §'s own fields, as the form shows them. */
const PARAGRAPH_FIELDS_SV: Record<string, string> = { number: 'nummer', title: 'rubrik', sections: 'avsnitt', attachments: 'bilagor' };

/** A signatory's own fields, as the form labels them. */
const SIGNATORY_FIELDS_SV: Record<string, string> = { name: 'namn', email: 'e-post' };

/** What `whereSv` may read of the protocol to name a place as the form titles it. */
export interface WhereContext {
  signatories?: readonly { role?: string }[];
  paragraphs?: readonly { number?: number; title?: string; subItems?: readonly { number?: number }[] }[];
  numbering?: string;
}

/**
 * Where in the form a validation path points, in the secretary's words ("Beslutande 2, namn"); '' when
 * unknown. With the protocol (`ctx`) a signatory is named by its fieldset ("Undertecknare, Ordförande,
 * namn") and a § by its number and title ("§ 5 Budget 2027, rubrik"), as their boxes are titled, rather
 * than by their place in a list.
 */
export function whereSv(path: string, ctx?: WhereContext): string {
  const signatories = ctx?.signatories;
  const [head, index, field, sub] = path.split('.');
  const row = Number(index) + 1;
  const nth = Number.isInteger(row) && row > 0 ? row : undefined;
  switch (head) {
    case 'organisation':
      return 'Sammanträdet, Organisation';
    case 'organ':
      return 'Sammanträdet, Organ';
    case 'documentTitle':
      return 'Sammanträdet, Dokumentets rubrik';
    case 'meeting':
      return MEETING_FIELDS_SV[index] ? `Sammanträdet, ${MEETING_FIELDS_SV[index]}` : 'Sammanträdet';
    case 'numbering':
      return 'Sammanträdet, Numrering';
    case 'notes':
      return 'Sammanträdet, Anteckning';
    case 'justering':
      return JUSTERING_FIELDS_SV[index] ? `Justering, ${JUSTERING_FIELDS_SV[index]}` : 'Justering';
    case 'anslag':
      return 'Anslag/bevis';
    case 'storagePlace':
      return 'Förvaringsplats';
    case 'members':
    case 'substitutes':
    case 'others':
    case 'absent':
    case 'absentSubstitutes': {
      // As the form's boxes are titled: "Beslutande 1", "Frånvarande ledamot 2", then the field.
      const group = PEOPLE.find((g) => g.key === head)!;
      if (!nth) return group.heading.replace(/ \(.*\)$/, '');
      const one = group.one[0].toUpperCase() + group.one.slice(1);
      const label = PERSON_LABELS[field as keyof EPerson];
      return `${one} ${nth}${label ? `, ${label.toLowerCase()}` : ''}`;
    }
    case 'attendanceList':
      return 'Närvarolista';
    case 'adjusters':
      return 'Utses att justera';
    case 'paragraphs': {
      if (!nth) return 'Paragrafer';
      const p = ctx?.paragraphs?.[nth - 1];
      const title = p?.title?.trim();
      const own =
        typeof p?.number === 'number'
          ? `${paragraphLabel(ctx?.numbering as NumberingStyle | undefined, p.number)}${title ? ` ${title}` : ''}`
          : undefined;
      const item = field === 'subItems' ? p?.subItems?.[Number(sub)] : undefined;
      const rest =
        field === 'subItems'
          ? `, underpunkt ${own && typeof item?.number === 'number' ? subItemLabel(p!.number, item.number) : Number(sub) + 1}`
          : PARAGRAPH_FIELDS_SV[field]
            ? `, ${PARAGRAPH_FIELDS_SV[field]}`
            : '';
      return `${own ?? `Paragraf ${nth} i ordningen`}${rest}`;
    }
    case 'attachments':
      return nth ? `Bilaga ${nth}` : 'Bilagor';
    case 'signatories': {
      // The form's name of the signatory's slot ("Justerare 1"), as its fieldset is titled.
      const k = nth && signatories ? slotOf(signatories, nth - 1) : undefined;
      const slot = k === undefined ? undefined : SLOT_NAMES[k];
      if (!slot) return nth ? `Undertecknare ${nth}` : 'Undertecknare';
      return `Undertecknare, ${slot}${SIGNATORY_FIELDS_SV[field] ? `, ${SIGNATORY_FIELDS_SV[field]}` : ''}`;
    }
    default:
      return '';
  }
}

/** The field an issue belongs to: its own, or the nearest enclosing one on the page. */
function focusNearest(path: string) {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) {
    const el = document.getElementById(fieldId(parts.slice(0, n).join('.')));
    if (el) {
      el.focus();
      el.scrollIntoView({ block: 'center' });
      return;
    }
  }
}

function move<T>(list: T[], i: number, by: number): T[] {
  const j = i + by;
  if (j < 0 || j >= list.length) return list;
  const copy = list.slice();
  [copy[i], copy[j]] = [copy[j], copy[i]];
  return copy;
}

/** Moves a § or sub-item and keeps the running numbers: the moved one takes its neighbour's number and vice versa. */
function moveNumbered<T extends { number?: number }>(list: T[], i: number, by: number): T[] {
  const moved = move(list, i, by);
  if (moved === list) return list;
  const j = i + by;
  moved[i] = { ...moved[i], number: list[i].number };
  moved[j] = { ...moved[j], number: list[j].number };
  return moved;
}

const nextNumber = (list: { number?: number }[] | undefined) => (list ?? []).reduce((m, x) => Math.max(m, x.number ?? 0), 0) + 1;

type Save = { state: 'saved' | 'saving' | 'dirty' | 'error' | 'conflict'; at?: string; message?: string };

export function EditorPage({ id }: { id: string }) {
  const [doc, setDoc] = useState<EProtocol | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  // Opened from the Word import to go on with its review: every message at once (history state, see Import).
  const [showAll, setShowAll] = useState(() => Boolean((window.history.state as { showAllErrors?: boolean } | null)?.showAllErrors));
  const touch = (id: string) => setTouched((t) => (!id || t.has(id) ? t : new Set([...t, id])));
  const [warnings, setWarnings] = useState<Issue[]>([]);
  const [save, setSave] = useState<Save>({ state: 'saved' });
  const [preview, setPreview] = useState<{ file: File | null; message: string | null }>({ file: null, message: null });
  const [title, setTitle] = useState('');
  const docRef = useRef<EProtocol | null>(null);
  const rowVersion = useRef(0);
  const edits = useRef(0);
  const savedEdits = useRef(0);
  const saving = useRef(false);
  const again = useRef(false);
  const conflict = useRef(false);
  const timer = useRef<number | undefined>(undefined);

  const showAnswer = (r: DraftAnswer) => {
    rowVersion.current = r.rowVersion;
    setTitle(r.title);
    setErrors(editorErrors(fieldMessages(r.errors), docRef.current));
    setWarnings(r.warnings ?? []);
  };

  const refreshPreview = useCallback(async () => {
    const res = await fetch(`/api/protocols/${id}/pdf`, { credentials: 'same-origin' });
    if (res.ok) {
      const blob = await res.blob();
      setPreview({ file: new File([blob], 'protokoll.pdf', { type: 'application/pdf' }), message: null });
    } else {
      const f = failure(res.status, await res.json().catch(() => ({})));
      setPreview({ file: null, message: f.message });
    }
  }, [id]);

  const load = useCallback(async () => {
    try {
      const r = unwrap(await api.GET('/api/protocols/{id}', { params: { path: { id } } })) as unknown as ProtocolView;
      if (r.source !== 'structured') throw new ApiFailure(400, 'uploaded', 'Ett uppladdat protokoll ändras på protokollets sida.', {});
      if (r.status !== 'draft')
        throw new ApiFailure(400, 'not_draft', 'Protokollet är inte längre ett utkast och kan inte ändras här.', {});
      const d = fromStored(r.protocol);
      docRef.current = d;
      setDoc(d);
      rowVersion.current = r.rowVersion;
      setTitle(r.title);
      edits.current = 0;
      savedEdits.current = 0;
      conflict.current = false;
      setSave({ state: 'saved' });
      // The issues of what is stored: one draft save of the same content answers them.
      const a = unwrap(
        await api.PUT('/api/protocols/{id}', {
          params: { path: { id } },
          body: { protocol: cleanForSave(d), rowVersion: r.rowVersion, draft: true } as never,
        }),
      ) as unknown as DraftAnswer;
      showAnswer(a);
      if (!a.errors?.length) await refreshPreview();
      else setPreview({ file: null, message: null });
    } catch (err) {
      setLoadError(err instanceof ApiFailure ? err.message : 'Det gick inte att läsa protokollet.');
    }
  }, [id, refreshPreview]);

  useEffect(() => {
    void load();
  }, [load]);

  const saveNow = useCallback(async () => {
    window.clearTimeout(timer.current);
    const d = docRef.current;
    if (!d || conflict.current) return;
    if (saving.current) {
      again.current = true;
      return;
    }
    saving.current = true;
    const upTo = edits.current;
    setSave({ state: 'saving' });
    try {
      const r = unwrap(
        await api.PUT('/api/protocols/{id}', {
          params: { path: { id } },
          body: { protocol: cleanForSave(d), rowVersion: rowVersion.current, draft: true } as never,
        }),
      ) as unknown as DraftAnswer;
      savedEdits.current = upTo;
      showAnswer(r);
      const at = new Date().toLocaleTimeString('sv-SE', { hour: '2-digit', minute: '2-digit' });
      setSave(edits.current === upTo ? { state: 'saved', at } : { state: 'dirty' });
      if (!r.errors?.length) await refreshPreview();
      else setPreview({ file: null, message: null });
    } catch (err) {
      const f =
        err instanceof ApiFailure ? err : failure(0, { message: 'Det gick inte att nå servern. Ändringarna finns kvar här; försök igen.' });
      if (f.status === 409) {
        conflict.current = true;
        setSave({ state: 'conflict' });
      } else {
        setErrors((e) => ({ ...e, ...f.fields }));
        setShowAll(true);
        setSave({ state: 'error', message: f.message });
      }
    } finally {
      saving.current = false;
      if (again.current) {
        again.current = false;
        if (edits.current !== savedEdits.current) void saveNow();
      }
    }
  }, [id, refreshPreview]);

  // Leaving with unsaved changes asks first (in the app and when the tab closes).
  useEffect(() => {
    const unsaved = () => edits.current !== savedEdits.current;
    const warn = (e: BeforeUnloadEvent) => {
      if (unsaved()) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    setLeaveGuard(() => (unsaved() ? 'Alla ändringar är inte sparade ännu. Vill du lämna sidan ändå?' : null));
    return () => {
      window.removeEventListener('beforeunload', warn);
      setLeaveGuard(null);
      window.clearTimeout(timer.current);
    };
  }, []);

  const update = (f: (d: EProtocol) => EProtocol) => {
    const next = f(docRef.current!);
    docRef.current = next;
    setDoc(next);
    edits.current++;
    if (conflict.current) return;
    setSave({ state: 'dirty' });
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void saveNow(), SAVE_DELAY_MS);
  };

  /** After a conflict: keep what is typed here and save it over the other version (read its rowVersion first). */
  const overwrite = async () => {
    const r = unwrap(await api.GET('/api/protocols/{id}', { params: { path: { id } } })) as unknown as ProtocolView;
    rowVersion.current = r.rowVersion;
    conflict.current = false;
    await saveNow();
  };
  const discard = async () => {
    if (!window.confirm('Dina ändringar som inte är sparade tas bort och den sparade versionen läses in. Fortsätta?')) return;
    setDoc(null);
    await load();
  };

  if (loadError)
    return (
      <>
        <h1>Skriv protokoll</h1>
        <p className="error" role="alert">
          {loadError}
        </p>
        <p>
          <Link href={`${BASE}/protokoll/${id}`}>Till protokollets sida</Link>
        </p>
      </>
    );
  if (!doc) return <p>Laddar …</p>;

  const set = <K extends keyof EProtocol>(k: K, v: EProtocol[K]) => update((d) => ({ ...d, [k]: v }));
  const issues = Object.entries(errors);
  const complete = issues.length === 0 && save.state !== 'error';
  const shown = visibleErrors(errors, touched, showAll);

  return (
    <>
      <h1>Skriv protokoll</h1>
      <p className="muted">{title}</p>
      <div className="editor-bar">
        <p className={`save-state save-${save.state}`} role="status" aria-live="polite">
          {save.state === 'saved' && (save.at ? `Utkastet är sparat kl. ${save.at}.` : 'Utkastet är sparat.')}
          {save.state === 'saving' && 'Sparar …'}
          {save.state === 'dirty' && 'Ändringar som inte är sparade ännu …'}
          {save.state === 'error' && save.message}
          {save.state === 'conflict' && 'Inte sparat: någon annan har ändrat protokollet.'}
        </p>
        <button
          type="button"
          className="secondary small"
          onClick={() => {
            setShowAll(true);
            void saveNow();
          }}
          disabled={save.state === 'conflict'}
        >
          Spara nu
        </button>
        <Link href={`${BASE}/protokoll/${id}`}>Till protokollets sida (starta justeringen)</Link>
      </div>
      {save.state === 'conflict' && (
        <div className="error-summary" role="alert">
          <h2>Någon annan har sparat protokollet medan du skrev</h2>
          <p>
            Dina senaste ändringar är inte sparade, men de finns kvar här på sidan. Du kan spara dem över den andra versionen, eller läsa in
            den sparade versionen (då försvinner dina osparade ändringar).
          </p>
          <div className="buttons">
            <button type="button" onClick={() => void overwrite()}>
              Spara mina ändringar över den andra versionen
            </button>
            <button type="button" className="secondary" onClick={() => void discard()}>
              Läs in den sparade versionen
            </button>
          </div>
        </div>
      )}
      <div className="split">
        <div className="split-main editor" onBlur={(e) => touch((e.target as HTMLElement).id)}>
          {issues.length > 0 && (
            <section className="remaining" aria-labelledby="remaining-heading">
              <h2 id="remaining-heading">Kvar innan protokollet kan justeras ({issues.length})</h2>
              <ul>
                {issues.slice(0, 50).map(([path, msg]) => (
                  <li key={path}>
                    {/* Where first, then what (as the import's list): "Paragraf 1 i ordningen, rubrik: får inte vara tom". */}
                    <a
                      href={`#${fieldId(path)}`}
                      onClick={(e) => {
                        e.preventDefault();
                        touch(fieldId(path));
                        focusNearest(path);
                      }}
                    >
                      {whereSv(path, doc) ? `${whereSv(path, doc)}: ${msg}` : msg}
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {warnings.length > 0 && (
            <details>
              <summary>Varningar ({warnings.length})</summary>
              <ul>
                {warnings.map((w, i) => (
                  <li key={i}>{w.messageSv ?? w.message}</li>
                ))}
              </ul>
            </details>
          )}
          <MeetingPart doc={doc} errors={shown} update={update} set={set} />
          <AttendancePart doc={doc} errors={shown} update={update} />
          <ParagraphsPart doc={doc} errors={shown} update={update} />
          <AttachmentsPart doc={doc} errors={shown} update={update} />
          <section aria-labelledby="sign-heading">
            <h2 id="sign-heading">Undertecknare</h2>
            <p className="hint">Sekreterare, ordförande och en eller två justerare. E-postadresserna behövs för att starta justeringen.</p>
            <SignatoryFieldset
              slots={signatorySlots(doc.signatories)}
              errors={shown}
              onChange={(slots) =>
                set(
                  'signatories',
                  slots.filter((x, i) => i < 3 || x.name || x.email).map(({ email, ...s }) => ({ ...s, ...(email ? { email } : {}) })),
                )
              }
            />
          </section>
        </div>
        <aside className="split-side" aria-label="Förhandsgranskning">
          <h2>Förhandsgranskning</h2>
          {complete && preview.file ? (
            <PdfPreview file={preview.file} title="Förhandsgranskning av protokollet som PDF" />
          ) : (
            <p className="preview-empty">
              {preview.message ?? 'PDF:en visas här när protokollet har allt som behövs (se listan "Kvar innan protokollet kan justeras").'}
            </p>
          )}
        </aside>
      </div>
    </>
  );
}

export type PartProps = { doc: EProtocol; errors: Record<string, string>; update: (f: (d: EProtocol) => EProtocol) => void };

export function MeetingPart({ doc, errors, update, set }: PartProps & { set: <K extends keyof EProtocol>(k: K, v: EProtocol[K]) => void }) {
  const meeting = (k: keyof EProtocol['meeting'], v: string) => update((d) => ({ ...d, meeting: { ...d.meeting, [k]: v } }));
  const justering = (k: 'place' | 'date' | 'time' | 'latest', v: string | boolean) =>
    update((d) => ({ ...d, justering: { ...(d.justering ?? {}), [k]: v } }));
  const notesError = errors.notes ?? Object.entries(errors).find(([p]) => p.startsWith('notes.'))?.[1];
  const anslagError = errors['anslag.text'] ?? errors.anslag;
  return (
    <section aria-labelledby="meeting-heading">
      <h2 id="meeting-heading">Sammanträdet</h2>
      <div className="row">
        <Field
          path="organisation"
          label="Organisation (kommun, region, förbund)"
          value={doc.organisation}
          onChange={(v) => set('organisation', v)}
          error={errors.organisation}
          maxLength={500}
        />
        <Field path="organ" label="Organ" value={doc.organ} onChange={(v) => set('organ', v)} error={errors.organ} maxLength={500} />
        <Field
          path="documentTitle"
          label="Dokumentets rubrik"
          hint='Tomt: "Protokoll".'
          value={doc.documentTitle ?? ''}
          onChange={(v) => set('documentTitle', v)}
          error={errors.documentTitle}
          maxLength={200}
        />
        <div className={`field${errors.numbering ? ' has-error' : ''}`}>
          <label htmlFor={fieldId('numbering')}>Numrering</label>
          <select
            id={fieldId('numbering')}
            value={doc.numbering === 'decimal' ? 'decimal' : 'paragraph'}
            onChange={(e) => set('numbering', e.target.value === 'decimal' ? 'decimal' : undefined)}
          >
            <option value="paragraph">Paragrafer (§ 1, § 2 …)</option>
            <option value="decimal">Punkter (1., 2. …)</option>
          </select>
        </div>
      </div>
      <div className="row">
        <Field
          path="meeting.date"
          label="Sammanträdesdatum"
          type="date"
          value={doc.meeting.date}
          onChange={(v) => meeting('date', v)}
          error={errors['meeting.date']}
        />
        <Field
          path="meeting.startTime"
          label="Starttid"
          type="time"
          value={doc.meeting.startTime ?? ''}
          onChange={(v) => meeting('startTime', v)}
          error={errors['meeting.startTime']}
        />
        <Field
          path="meeting.endTime"
          label="Sluttid"
          type="time"
          value={doc.meeting.endTime ?? ''}
          onChange={(v) => meeting('endTime', v)}
          error={errors['meeting.endTime']}
        />
      </div>
      <Field
        path="meeting.place"
        label="Plats"
        value={doc.meeting.place}
        onChange={(v) => meeting('place', v)}
        error={errors['meeting.place']}
        maxLength={500}
      />
      <Field
        path="storagePlace"
        label="Förvaringsplats för protokollet"
        value={doc.storagePlace}
        onChange={(v) => set('storagePlace', v)}
        error={errors.storagePlace}
        maxLength={500}
      />
      <fieldset>
        <legend>Justeringens plats och tid (om de är bestämda)</legend>
        <div className="row">
          <Field
            path="justering.place"
            label="Plats"
            value={doc.justering?.place ?? ''}
            onChange={(v) => justering('place', v)}
            error={errors['justering.place']}
            maxLength={500}
          />
          <Field
            path="justering.date"
            label="Datum"
            type="date"
            value={doc.justering?.date ?? ''}
            onChange={(v) => justering('date', v)}
            error={errors['justering.date']}
          />
          <Field
            path="justering.time"
            label="Tid"
            type="time"
            value={doc.justering?.time ?? ''}
            onChange={(v) => justering('time', v)}
            error={errors['justering.time']}
          />
        </div>
        <div className="choice">
          <input
            type="checkbox"
            id={fieldId('justering.latest')}
            checked={!!doc.justering?.latest}
            onChange={(e) => justering('latest', e.target.checked)}
            aria-describedby={`${fieldId('justering.latest')}-hint`}
          />
          <label htmlFor={fieldId('justering.latest')}>Datumet är sista dag för justeringen</label>
        </div>
        <p className="hint" id={`${fieldId('justering.latest')}-hint`}>
          {/* Said as a consequence of the box, so an unticked box is not read as "senast" being printed (a trial read it so). */}
          {doc.justering?.latest ? 'Skrivs' : 'Om rutan kryssas i skrivs'}
          {doc.justering?.date ? ` "senast ${doc.justering.date}" i protokollet.` : ' "senast" före justeringens datum i protokollet.'}
        </p>
      </fieldset>
      <div className={`field${notesError ? ' has-error' : ''}`}>
        <label htmlFor={fieldId('notes')}>Anteckning efter sammanträdesuppgifterna</label>
        <p className="hint" id={`${fieldId('notes')}-hint`}>
          Valfritt, t.ex. att sammanträdet hölls digitalt. En ny rad blir en radbrytning.
        </p>
        {notesError && (
          <p className="field-error" id={`${fieldId('notes')}-error`}>
            {notesError}
          </p>
        )}
        <textarea
          id={fieldId('notes')}
          rows={2}
          maxLength={20000}
          value={notesText(doc.notes)}
          onChange={(e) => set('notes', e.target.value ? [e.target.value] : undefined)}
          aria-invalid={notesError ? true : undefined}
          aria-describedby={[`${fieldId('notes')}-hint`, notesError ? `${fieldId('notes')}-error` : ''].filter(Boolean).join(' ')}
        />
      </div>
      <Field
        path="anslag.text"
        label="Organets egen text under ANSLAG/BEVIS"
        hint='Tomt: "Protokollet är justerat. Justeringen har tillkännagivits genom anslag."'
        value={doc.anslag?.text ?? ''}
        onChange={(v) => update((d) => ({ ...d, anslag: { ...(d.anslag ?? {}), text: v } }))}
        error={anslagError}
        maxLength={500}
      />
    </section>
  );
}

type ListKey = 'members' | 'substitutes' | 'others' | 'absent' | 'absentSubstitutes';
/** The attendance groups in the order the PDF prints them (docs/protocol-format.md, "Attendance groups"). */
const PEOPLE: { key: ListKey; heading: string; one: string; fields: (keyof EPerson)[] }[] = [
  {
    key: 'members',
    heading: 'Beslutande (tjänstgörande ledamöter och ersättare)',
    one: 'beslutande',
    fields: ['name', 'party', 'municipality', 'role', 'replaces'],
  },
  { key: 'substitutes', heading: 'Närvarande ersättare (ej tjänstgörande)', one: 'ersättare', fields: ['name', 'party', 'municipality'] },
  { key: 'others', heading: 'Övriga närvarande', one: 'övrig närvarande', fields: ['name', 'role', 'municipality', 'paragraphs'] },
  { key: 'absent', heading: 'Frånvarande ledamöter', one: 'frånvarande ledamot', fields: ['name', 'party', 'municipality'] },
  { key: 'absentSubstitutes', heading: 'Frånvarande ersättare', one: 'frånvarande ersättare', fields: ['name', 'party', 'municipality'] },
];
const PERSON_LABELS: Record<keyof EPerson, string> = {
  name: 'Namn',
  party: 'Parti',
  municipality: 'Kommun eller organisation',
  role: 'Roll',
  replaces: 'Ersätter',
  paragraphs: '§§ (om inte alla)',
};

/** A text input for a list of § numbers, kept as typed while it is being written. */
function ParagraphsField({
  path,
  value,
  onChange,
  error,
}: {
  path: string;
  value: number[] | undefined;
  onChange: (n: number[]) => void;
  error?: string;
}) {
  const [text, setText] = useState(formatParagraphList(value));
  return (
    <Field
      path={path}
      label={PERSON_LABELS.paragraphs}
      hint="T.ex. 3, 4, 6-9"
      value={text}
      onChange={(v) => {
        setText(v);
        onChange(parseParagraphList(v));
      }}
      error={error}
      inputMode="numeric"
    />
  );
}

export function AttendancePart({ doc, errors, update }: PartProps) {
  const setList = (k: ListKey, list: EPerson[]) => update((d) => ({ ...d, [k]: list }));
  return (
    <section aria-labelledby="attendance-heading">
      <h2 id="attendance-heading">Närvarande</h2>
      {PEOPLE.map(({ key, heading, one, fields }) => {
        const list = (doc[key] as EPerson[] | undefined) ?? [];
        return (
          <fieldset key={key} id={fieldId(key)} tabIndex={-1}>
            <legend>{heading}</legend>
            {errors[key] && <p className="field-error">{errors[key]}</p>}
            {list.map((p, i) => {
              const label = `${one} ${i + 1}${p.name.trim() ? ` (${p.name.trim()})` : ''}`;
              const path = `${key}.${i}`;
              return (
                <fieldset className="person" key={i}>
                  <legend>{label[0].toUpperCase() + label.slice(1)}</legend>
                  <div className="row">
                    {fields.map((f) =>
                      f === 'paragraphs' ? (
                        <ParagraphsField
                          key={f}
                          path={`${path}.paragraphs`}
                          value={p.paragraphs}
                          error={errors[`${path}.paragraphs`]}
                          onChange={(n) =>
                            setList(
                              key,
                              list.map((x, j) => (j === i ? { ...x, paragraphs: n } : x)),
                            )
                          }
                        />
                      ) : (
                        <Field
                          key={f}
                          path={`${path}.${f}`}
                          label={PERSON_LABELS[f]}
                          value={(p[f] as string | undefined) ?? ''}
                          onChange={(v) =>
                            setList(
                              key,
                              list.map((x, j) => (j === i ? { ...x, [f]: v } : x)),
                            )
                          }
                          error={errors[`${path}.${f}`]}
                          maxLength={f === 'party' ? 20 : 200}
                          autoComplete="off"
                        />
                      ),
                    )}
                  </div>
                  <button
                    type="button"
                    className="secondary small"
                    onClick={() =>
                      setList(
                        key,
                        list.filter((_, j) => j !== i),
                      )
                    }
                    aria-label={`Ta bort ${label}`}
                  >
                    Ta bort
                  </button>
                </fieldset>
              );
            })}
            <button type="button" className="secondary small" onClick={() => setList(key, [...list, { name: '' }])}>
              Lägg till {one}
            </button>
          </fieldset>
        );
      })}
      <div className="choice">
        <input
          type="checkbox"
          id={fieldId('attendanceList')}
          checked={!!doc.attendanceList}
          onChange={(e) => update((d) => ({ ...d, attendanceList: e.target.checked }))}
          aria-describedby={`${fieldId('attendanceList')}-hint`}
        />
        <label htmlFor={fieldId('attendanceList')}>Närvarolista på en egen sida</label>
      </div>
      <p className="hint" id={`${fieldId('attendanceList')}-hint`}>
        Närvaron skrivs på en egen sida, &quot;Närvarolista&quot;, och första sidan säger &quot;Beslutande: Enligt närvarolista&quot;. Bra
        när listan är lång.
      </p>
      <fieldset id={fieldId('adjusters')} tabIndex={-1}>
        <legend>Utses att justera</legend>
        <p className="hint">Tomt: justerarna bland undertecknarna.</p>
        {errors.adjusters && <p className="field-error">{errors.adjusters}</p>}
        <div className="row">
          {[0, 1].map((i) => (
            <Field
              key={i}
              path={`adjusters.${i}`}
              label={`Justerare ${i + 1}`}
              value={doc.adjusters[i] ?? ''}
              onChange={(v) =>
                update((d) => {
                  const a = [d.adjusters[0] ?? '', d.adjusters[1] ?? ''];
                  a[i] = v;
                  return { ...d, adjusters: a[1] ? a : a[0] ? [a[0]] : [] };
                })
              }
              error={errors[`adjusters.${i}`]}
              maxLength={200}
            />
          ))}
        </div>
      </fieldset>
    </section>
  );
}

/**
 * Move up, move down and remove for one item. The visible text names the item briefly ("Ta bort § 2",
 * "Ta bort avsnitt 1"): a § and its sections each have a row, and "Ta bort" alone looked the same in
 * both. The accessible name, which starts with the visible text, names it in full.
 */
function MoveButtons({
  what,
  short,
  i,
  count,
  onMove,
  onRemove,
}: {
  what: string;
  /** The start of `what`, shown on the buttons. */
  short: string;
  i: number;
  count: number;
  onMove: (by: number) => void;
  onRemove: () => void;
}) {
  return (
    <div className="buttons item-buttons">
      <button type="button" className="secondary small" disabled={i === 0} onClick={() => onMove(-1)} aria-label={`Flytta upp ${what}`}>
        Flytta upp {short}
      </button>
      <button
        type="button"
        className="secondary small"
        disabled={i === count - 1}
        onClick={() => onMove(1)}
        aria-label={`Flytta ned ${what}`}
      >
        Flytta ned {short}
      </button>
      <button type="button" className="secondary small" onClick={onRemove} aria-label={`Ta bort ${what}`}>
        Ta bort {short}
      </button>
    </div>
  );
}

export function ParagraphsPart({ doc, errors, update }: PartProps) {
  const setParas = (f: (ps: EParagraph[]) => EParagraph[]) => update((d) => ({ ...d, paragraphs: f(d.paragraphs) }));
  const setPara = (i: number, f: (p: EParagraph) => EParagraph) => setParas((ps) => ps.map((p, j) => (j === i ? f(p) : p)));
  const focusLater = (id: string) => setTimeout(() => document.getElementById(id)?.focus(), 0);
  return (
    <section aria-labelledby="paragraphs-heading">
      <h2 id="paragraphs-heading">Paragrafer</h2>
      {errors.paragraphs && (
        <p className="field-error" id={fieldId('paragraphs')} tabIndex={-1}>
          {errors.paragraphs}
        </p>
      )}
      {doc.paragraphs.map((p, i) => {
        const name = `${paragraphLabel(doc.numbering, p.number)}${p.title.trim() ? ` ${p.title.trim()}` : ''}`;
        const path = `paragraphs.${i}`;
        return (
          <fieldset className="paragraph" key={p._k}>
            <legend>{name}</legend>
            <div className="row">
              <Field
                path={`${path}.number`}
                label="Nummer"
                type="number"
                inputMode="numeric"
                min={1}
                value={p.number === undefined ? '' : String(p.number)}
                onChange={(v) => setPara(i, (x) => ({ ...x, number: /^\d{1,6}$/.test(v) ? Number(v) : undefined }))}
                error={errors[`${path}.number`]}
              />
              <Field
                path={`${path}.title`}
                label="Rubrik"
                value={p.title}
                onChange={(v) => setPara(i, (x) => ({ ...x, title: v }))}
                error={errors[`${path}.title`]}
                maxLength={500}
              />
              <Field
                path={`${path}.caseNumber`}
                label="Diarienummer"
                value={p.caseNumber ?? ''}
                onChange={(v) => setPara(i, (x) => ({ ...x, caseNumber: v }))}
                error={errors[`${path}.caseNumber`]}
                maxLength={100}
              />
            </div>
            <div className="choice">
              <input
                type="checkbox"
                id={fieldId(`${path}.immediatelyAdjusted`)}
                checked={!!p.immediatelyAdjusted}
                onChange={(e) => setPara(i, (x) => ({ ...x, immediatelyAdjusted: e.target.checked }))}
              />
              <label htmlFor={fieldId(`${path}.immediatelyAdjusted`)}>Omedelbart justerad</label>
            </div>
            {p.sections.map((s, k) => (
              <SectionEditor
                key={s._k}
                paragraphName={name}
                path={`${path}.sections.${k}`}
                section={s}
                index={k}
                count={p.sections.length}
                errors={errors}
                onChange={(ns) => setPara(i, (x) => ({ ...x, sections: x.sections.map((y, j) => (j === k ? ns : y)) }))}
                onMove={(by) => setPara(i, (x) => ({ ...x, sections: move(x.sections, k, by) }))}
                onRemove={() => setPara(i, (x) => ({ ...x, sections: x.sections.filter((_, j) => j !== k) }))}
              />
            ))}
            <div className="buttons">
              <button
                type="button"
                className="secondary small"
                onClick={() => {
                  setPara(i, (x) => ({ ...x, sections: [...x.sections, { _k: newKey(), kind: 'ovrigt', content: [] }] }));
                  focusLater(fieldId(`${path}.sections.${p.sections.length}.kind`));
                }}
                aria-label={`Lägg till avsnitt i ${name}`}
              >
                Lägg till avsnitt
              </button>
            </div>
            <SubItemsEditor
              paragraph={p}
              paragraphName={name}
              path={path}
              errors={errors}
              onChange={(f) => setPara(i, (x) => ({ ...x, subItems: f(x.subItems ?? []) }))}
              focusLater={focusLater}
            />
            <MoveButtons
              what={name}
              short={paragraphLabel(doc.numbering, p.number)}
              i={i}
              count={doc.paragraphs.length}
              onMove={(by) => setParas((ps) => moveNumbered(ps, i, by))}
              onRemove={() => {
                if (window.confirm(`Ta bort ${name} med all text?`)) setParas((ps) => ps.filter((_, j) => j !== i));
              }}
            />
          </fieldset>
        );
      })}
      <button
        type="button"
        onClick={() => {
          const next = nextNumber(doc.paragraphs);
          setParas((ps) => [...ps, { _k: newKey(), number: next, title: '', sections: [{ _k: newKey(), kind: 'beslut', content: [] }] }]);
          focusLater(fieldId(`paragraphs.${doc.paragraphs.length}.title`));
        }}
      >
        Lägg till paragraf
      </button>
    </section>
  );
}

/** A §'s numbered sub-items ("3.1 Rubrik"), after its sections: number, title, case number and sections, added, moved and removed like §§. */
function SubItemsEditor({
  paragraph: p,
  paragraphName,
  path,
  errors,
  onChange,
  focusLater,
}: {
  paragraph: EParagraph;
  paragraphName: string;
  path: string;
  errors: Record<string, string>;
  onChange: (f: (items: ESubItem[]) => ESubItem[]) => void;
  focusLater: (id: string) => void;
}) {
  const items = p.subItems ?? [];
  const setItem = (j: number, f: (x: ESubItem) => ESubItem) => onChange((list) => list.map((x, k) => (k === j ? f(x) : x)));
  return (
    <div className="subitems">
      {items.map((it, j) => {
        const ipath = `${path}.subItems.${j}`;
        const name = `underpunkt ${subItemLabel(p.number, it.number)}${it.title.trim() ? ` ${it.title.trim()}` : ''}`;
        return (
          <fieldset className="subitem" key={it._k}>
            <legend>{name[0].toUpperCase() + name.slice(1)}</legend>
            {errors[ipath] && <p className="field-error">{errors[ipath]}</p>}
            <div className="row">
              <Field
                path={`${ipath}.number`}
                label="Nummer"
                hint={`${p.number ?? '?'}.1 har nummer 1.`}
                type="number"
                inputMode="numeric"
                min={1}
                max={999}
                value={it.number === undefined ? '' : String(it.number)}
                onChange={(v) => setItem(j, (x) => ({ ...x, number: /^\d{1,3}$/.test(v) ? Number(v) : undefined }))}
                error={errors[`${ipath}.number`]}
              />
              <Field
                path={`${ipath}.title`}
                label="Rubrik"
                value={it.title}
                onChange={(v) => setItem(j, (x) => ({ ...x, title: v }))}
                error={errors[`${ipath}.title`]}
                maxLength={500}
              />
              <Field
                path={`${ipath}.caseNumber`}
                label="Diarienummer"
                value={it.caseNumber ?? ''}
                onChange={(v) => setItem(j, (x) => ({ ...x, caseNumber: v }))}
                error={errors[`${ipath}.caseNumber`]}
                maxLength={100}
              />
            </div>
            {it.sections.map((s, k) => (
              <SectionEditor
                key={s._k}
                paragraphName={name}
                path={`${ipath}.sections.${k}`}
                section={s}
                index={k}
                count={it.sections.length}
                errors={errors}
                onChange={(ns) => setItem(j, (x) => ({ ...x, sections: x.sections.map((y, m) => (m === k ? ns : y)) }))}
                onMove={(by) => setItem(j, (x) => ({ ...x, sections: move(x.sections, k, by) }))}
                onRemove={() => setItem(j, (x) => ({ ...x, sections: x.sections.filter((_, m) => m !== k) }))}
              />
            ))}
            <div className="buttons">
              <button
                type="button"
                className="secondary small"
                onClick={() => {
                  setItem(j, (x) => ({ ...x, sections: [...x.sections, { _k: newKey(), kind: 'ovrigt', content: [] }] }));
                  focusLater(fieldId(`${ipath}.sections.${it.sections.length}.kind`));
                }}
                aria-label={`Lägg till avsnitt i ${name}`}
              >
                Lägg till avsnitt
              </button>
            </div>
            <MoveButtons
              what={name}
              short={`underpunkt ${subItemLabel(p.number, it.number)}`}
              i={j}
              count={items.length}
              onMove={(by) => onChange((list) => moveNumbered(list, j, by))}
              onRemove={() => {
                if (window.confirm(`Ta bort ${name} med all text?`)) onChange((list) => list.filter((_, k) => k !== j));
              }}
            />
          </fieldset>
        );
      })}
      <button
        type="button"
        className="secondary small"
        onClick={() => {
          onChange((list) => [
            ...list,
            { _k: newKey(), number: nextNumber(list), title: '', sections: [{ _k: newKey(), kind: 'ovrigt', content: [] }] },
          ]);
          focusLater(fieldId(`${path}.subItems.${items.length}.title`));
        }}
        aria-label={`Lägg till underpunkt i ${paragraphName}`}
      >
        Lägg till underpunkt
      </button>
    </div>
  );
}

/**
 * Whether rich text (the protocol format's blocks: strings, or runs with a `text`) holds anything
 * written; a table's cells count, its structure alone does not.
 */
function writtenText(v: unknown): boolean {
  if (typeof v === 'string') return v.trim() !== '';
  if (Array.isArray(v)) return v.some(writtenText);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return ['text', 'content', 'items', 'header', 'rows'].some((k) => k in o && writtenText(o[k]));
  }
  return false;
}

function SectionEditor({
  paragraphName,
  path,
  section: s,
  index,
  count,
  errors,
  onChange,
  onMove,
  onRemove,
}: {
  paragraphName: string;
  path: string;
  section: ESection;
  index: number;
  count: number;
  errors: Record<string, string>;
  onChange: (s: ESection) => void;
  onMove: (by: number) => void;
  onRemove: () => void;
}) {
  const kindLabel = SECTION_KINDS.find(([k]) => k === s.kind)?.[1] ?? s.kind;
  const name = `avsnitt ${index + 1} (${kindLabel}) i ${paragraphName}`;
  const contentError = Object.entries(errors).find(([p]) => p === `${path}.content` || p.startsWith(`${path}.content.`))?.[1];
  return (
    <div className="section-editor">
      <div className="row">
        <div className="field">
          <label htmlFor={fieldId(`${path}.kind`)}>Avsnitt</label>
          <select id={fieldId(`${path}.kind`)} value={s.kind} onChange={(e) => onChange({ ...s, kind: e.target.value as SectionKind })}>
            {SECTION_KINDS.map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <Field
          path={`${path}.title`}
          label="Egen rubrik"
          hint="Tomt: avsnittets vanliga rubrik."
          value={s.title ?? ''}
          onChange={(v) => onChange({ ...s, title: v })}
          error={errors[`${path}.title`]}
          maxLength={500}
        />
      </div>
      <RichText
        id={fieldId(`${path}.content`)}
        label={`Text, ${name}`}
        value={s.content}
        onChange={(content) => onChange({ ...s, content })}
        error={contentError}
      />
      <MoveButtons
        what={name}
        short={`avsnitt ${index + 1}`}
        i={index}
        count={count}
        onMove={onMove}
        onRemove={() => {
          // As a § asks before it goes: a section with text (or its own heading) is not removed by one press.
          const hasText = (s.title ?? '').trim() !== '' || writtenText(s.content);
          if (!hasText || window.confirm(`Ta bort ${name} med all text?`)) onRemove();
        }}
      />
    </div>
  );
}

export function AttachmentsPart({ doc, errors, update }: PartProps) {
  const list = doc.attachments ?? [];
  const setList = (l: EAttachment[]) => update((d) => ({ ...d, attachments: l }));
  return (
    <section aria-labelledby="attachments-heading">
      <h2 id="attachments-heading">Bilagor</h2>
      {list.map((a, i): ReactNode => {
        const label = `Bilaga ${i + 1}${a.title.trim() ? ` (${a.title.trim()})` : ''}`;
        return (
          <fieldset className="person" key={i}>
            <legend>{label}</legend>
            <div className="row">
              <Field
                path={`attachments.${i}.label`}
                label="Beteckning"
                hint='T.ex. "Bilaga 1".'
                value={a.label ?? ''}
                onChange={(v) => setList(list.map((x, j) => (j === i ? { ...x, label: v } : x)))}
                error={errors[`attachments.${i}.label`]}
                maxLength={200}
              />
              <Field
                path={`attachments.${i}.title`}
                label="Titel"
                value={a.title}
                onChange={(v) => setList(list.map((x, j) => (j === i ? { ...x, title: v } : x)))}
                error={errors[`attachments.${i}.title`]}
                maxLength={500}
              />
              <Field
                path={`attachments.${i}.paragraph`}
                label="Hör till §"
                inputMode="numeric"
                value={a.paragraph === undefined ? '' : String(a.paragraph)}
                onChange={(v) =>
                  setList(list.map((x, j) => (j === i ? { ...x, paragraph: /^\d{1,6}$/.test(v) ? Number(v) : undefined } : x)))
                }
                error={errors[`attachments.${i}.paragraph`]}
              />
            </div>
            <button
              type="button"
              className="secondary small"
              onClick={() => setList(list.filter((_, j) => j !== i))}
              aria-label={`Ta bort ${label}`}
            >
              Ta bort
            </button>
          </fieldset>
        );
      })}
      <button type="button" className="secondary small" onClick={() => setList([...list, { title: '' }])}>
        Lägg till bilaga
      </button>
    </section>
  );
}
