/**
 * The fields of an uploaded protocol: organ, meeting, §§, justering, förvaringsplats, signatories,
 * substitutes (ersättare) and signing order. Used by the upload page and the protocol page (edit
 * before the start). Validation is the api's: its field paths (`signatories.1.email`) come back as
 * `errors` and are shown beside the inputs.
 */
import type { ReactNode } from 'react';
import type { Organ, Role, UploadMetadata } from '../api/types';
import { Field, fieldId } from './Field';

export interface SignatorySlot {
  role: Role;
  name: string;
  email: string;
}

export interface MetadataState {
  organId: string;
  title: string;
  meetingDate: string;
  meetingTime: string;
  paragraphs: string;
  storagePlace: string;
  justeringPlace: string;
  justeringDate: string;
  justeringTime: string;
  order: 'sequential' | 'parallel';
  /** Four slots: sekreterare, ordförande, justerare 1, justerare 2 (optional). */
  signatories: SignatorySlot[];
  substitutes: { name: string; email: string }[];
}

/**
 * The messages of the fields changed since they were shown are dropped (a field put right no longer says
 * it is wrong until the next save; a new user's trial saw "Välj organ." beside the chosen organ). A
 * message whose path is not in the form (the file's, the whole answer's) stays.
 */
export function withoutChangedErrors(errors: Record<string, string>, before: MetadataState, after: MetadataState): Record<string, string> {
  const at = (m: unknown, path: string) =>
    path.split('.').reduce<unknown>((x, k) => (x !== null && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined), m);
  return Object.fromEntries(
    Object.entries(errors).filter(([path]) => JSON.stringify(at(before, path)) === JSON.stringify(at(after, path))),
  );
}

/** The four signatory slots of the forms, in order: sekreterare, ordförande, justerare 1 and 2. */
const SLOT_ROLES = ['sekreterare', 'ordforande', 'justerare', 'justerare'] as const;
/** The slots' names ("Justerare 2"), e.g. where the checklist names a field. */
export const SLOT_NAMES = ['Sekreterare', 'Ordförande', 'Justerare 1', 'Justerare 2'];
/** The slots' fieldset legends. */
export const SLOT_LABELS = SLOT_NAMES.map((n, i) => (i === 3 ? `${n} (om två justerar)` : n));

/**
 * The slot (an index into SLOT_ROLES) of the signatory at `index` in `list`: the first of a role takes
 * the role's first slot, a second justerare the second; undefined when there is none for it (a second
 * sekreterare, a third justerare, an unknown role).
 */
export function slotOf(list: readonly { role?: string }[], index: number): number | undefined {
  const role = list[index]?.role;
  const nth = list.slice(0, index).filter((s) => s.role === role).length;
  return SLOT_ROLES.flatMap((r, k) => (r === role ? [k] : []))[nth];
}

export function emptyMetadata(): MetadataState {
  return {
    organId: '',
    title: '',
    meetingDate: '',
    meetingTime: '',
    paragraphs: '',
    storagePlace: '',
    justeringPlace: '',
    justeringDate: '',
    justeringTime: '',
    order: 'sequential',
    signatories: [
      { role: 'sekreterare', name: '', email: '' },
      { role: 'ordforande', name: '', email: '' },
      { role: 'justerare', name: '', email: '' },
      { role: 'justerare', name: '', email: '' },
    ],
    substitutes: [],
  };
}

/** The four slots (sekreterare, ordförande, justerare 1 and 2) filled from a list of signatories; other keys are kept. */
export function signatorySlots<T extends { role: Role; name: string; email?: string }>(
  list: readonly T[],
): (Omit<T, 'email'> & SignatorySlot)[] {
  const slot = (s: T | undefined, role: Role) => ({ ...(s ?? ({} as T)), role, name: s?.name ?? '', email: s?.email ?? '' });
  return SLOT_ROLES.map((role, k) => slot(list.find((_, i) => slotOf(list, i) === k), role));
}

/** The slots as the api takes them: the optional fourth only when filled, no empty e-mail. */
export function filledSignatories<T extends SignatorySlot>(slots: readonly T[]): (Omit<T, 'email'> & { email?: string })[] {
  return slots
    .filter((x, i) => i < 3 || x.name.trim() || x.email.trim())
    .map(({ email, ...rest }) => ({ ...rest, name: rest.name.trim(), ...(email.trim() ? { email: email.trim() } : {}) }));
}

/** A person's name and e-mail (a signatory slot or an ersättare), with the api's messages beside the inputs. */
export function PersonFields({
  prefix,
  legend,
  value,
  onChange,
  errors,
  required,
  children,
}: {
  prefix: string;
  legend: string;
  value: { name: string; email: string };
  onChange: (key: 'name' | 'email', x: string) => void;
  errors: Record<string, string>;
  required?: boolean;
  children?: ReactNode;
}) {
  return (
    <fieldset className="person">
      <legend>{legend}</legend>
      <div className="row">
        {(['name', 'email'] as const).map((k) => (
          <Field
            key={k}
            path={`${prefix}.${k}`}
            label={k === 'name' ? 'Namn' : 'E-post'}
            type={k === 'email' ? 'email' : 'text'}
            value={value[k]}
            onChange={(x) => onChange(k, x)}
            error={errors[`${prefix}.${k}`]}
            required={required}
            maxLength={k === 'name' ? 200 : 254}
            autoComplete="off"
          />
        ))}
      </div>
      {children}
    </fieldset>
  );
}

/** The form state of a stored protocol's metadata. */
export function metadataState(organId: string, title: string, m: UploadMetadata): MetadataState {
  const base = emptyMetadata();
  return {
    ...base,
    organId,
    title,
    meetingDate: m.meetingDate,
    meetingTime: m.meetingTime ?? '',
    paragraphs: m.paragraphs ?? '',
    storagePlace: m.storagePlace,
    justeringPlace: m.justeringPlace ?? '',
    justeringDate: m.justeringDate ?? '',
    justeringTime: m.justeringTime ?? '',
    order: m.order ?? 'sequential',
    signatories: signatorySlots(m.signatories),
    substitutes: (m.substitutes ?? []).map((s) => ({ name: s.name, email: s.email ?? '' })),
  };
}

/** The api's fields (multipart or JSON body). The optional fourth slot is sent only when filled. */
export function metadataFields(s: MetadataState): Record<string, string> {
  const sigs = filledSignatories(s.signatories);
  const out: Record<string, string> = {
    title: s.title,
    meetingDate: s.meetingDate,
    storagePlace: s.storagePlace,
    order: s.order,
    signatories: JSON.stringify(sigs),
    substitutes: JSON.stringify(s.substitutes.map((x) => ({ name: x.name, ...(x.email.trim() ? { email: x.email } : {}) }))),
  };
  const optional: [keyof MetadataState, string][] = [
    ['meetingTime', s.meetingTime],
    ['paragraphs', s.paragraphs],
    ['justeringPlace', s.justeringPlace],
    ['justeringDate', s.justeringDate],
    ['justeringTime', s.justeringTime],
  ];
  for (const [k, v] of optional) if (v.trim()) out[k] = v.trim();
  return out;
}

/** Labels of the field paths, for the error summary. */
export function metadataLabels(): Record<string, string> {
  const l: Record<string, string> = {
    file: 'PDF-fil',
    organId: 'Organ',
    title: 'Titel',
    meetingDate: 'Sammanträdesdatum',
    meetingTime: 'Starttid',
    paragraphs: 'Paragrafer',
    storagePlace: 'Förvaringsplats',
    justeringPlace: 'Justeringens plats',
    justeringDate: 'Justeringsdatum',
    justeringTime: 'Justeringstid',
    order: 'Ordning',
    signatories: 'Undertecknare',
    substitutes: 'Ersättare',
  };
  SLOT_LABELS.forEach((label, i) => {
    l[`signatories.${i}.name`] = `${label}, namn`;
    l[`signatories.${i}.email`] = `${label}, e-post`;
  });
  for (let i = 0; i < 10; i++) {
    l[`substitutes.${i}.name`] = `Ersättare ${i + 1}, namn`;
    l[`substitutes.${i}.email`] = `Ersättare ${i + 1}, e-post`;
  }
  return l;
}

interface Props {
  value: MetadataState;
  onChange: (next: MetadataState) => void;
  errors: Record<string, string>;
  organs?: Organ[];
}

export function MetadataForm({ value: v, onChange, errors, organs }: Props) {
  const set = <K extends keyof MetadataState>(k: K, x: MetadataState[K]) => onChange({ ...v, [k]: x });
  const setSig = (i: number, k: 'name' | 'email', x: string) =>
    onChange({ ...v, signatories: v.signatories.map((s, j) => (j === i ? { ...s, [k]: x } : s)) });
  const setSub = (i: number, k: 'name' | 'email', x: string) =>
    onChange({ ...v, substitutes: v.substitutes.map((s, j) => (j === i ? { ...s, [k]: x } : s)) });
  return (
    <>
      <fieldset>
        <legend>Sammanträdet</legend>
        {organs && (
          <div className={`field${errors.organId ? ' has-error' : ''}`}>
            <label htmlFor={fieldId('organId')}>Organ</label>
            {errors.organId && (
              <p className="field-error" id={`${fieldId('organId')}-error`}>
                {errors.organId}
              </p>
            )}
            <select
              id={fieldId('organId')}
              value={v.organId}
              required
              aria-invalid={errors.organId ? true : undefined}
              aria-describedby={errors.organId ? `${fieldId('organId')}-error` : undefined}
              onChange={(e) => {
                const organ = organs.find((o) => o.id === e.target.value);
                onChange({ ...v, organId: e.target.value, storagePlace: v.storagePlace || organ?.storagePlace || '' });
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
        )}
        <Field
          path="title"
          label="Titel"
          value={v.title}
          onChange={(x) => set('title', x)}
          error={errors.title}
          required
          maxLength={400}
          hint="Till exempel ”Protokoll kommunstyrelsen 2025-03-05”."
        />
        <div className="row">
          <Field
            path="meetingDate"
            label="Sammanträdesdatum"
            type="date"
            value={v.meetingDate}
            onChange={(x) => set('meetingDate', x)}
            error={errors.meetingDate}
            required
          />
          <Field
            path="meetingTime"
            label="Starttid (valfri)"
            type="time"
            value={v.meetingTime}
            onChange={(x) => set('meetingTime', x)}
            error={errors.meetingTime}
          />
        </div>
        <Field
          path="paragraphs"
          label="Paragrafer som protokollet omfattar"
          value={v.paragraphs}
          onChange={(x) => set('paragraphs', x)}
          error={errors.paragraphs}
          maxLength={200}
          hint="Till exempel §§ 17–28."
        />
      </fieldset>
      <fieldset>
        <legend>Justering och förvaring</legend>
        <Field
          path="justeringPlace"
          label="Justeringens plats (valfri)"
          value={v.justeringPlace}
          onChange={(x) => set('justeringPlace', x)}
          error={errors.justeringPlace}
          maxLength={200}
        />
        <div className="row">
          <Field
            path="justeringDate"
            label="Justeringsdatum (valfritt)"
            type="date"
            value={v.justeringDate}
            onChange={(x) => set('justeringDate', x)}
            error={errors.justeringDate}
          />
          <Field
            path="justeringTime"
            label="Justeringstid (valfri)"
            type="time"
            value={v.justeringTime}
            onChange={(x) => set('justeringTime', x)}
            error={errors.justeringTime}
          />
        </div>
        <Field
          path="storagePlace"
          label="Förvaringsplats"
          value={v.storagePlace}
          onChange={(x) => set('storagePlace', x)}
          error={errors.storagePlace}
          required
          maxLength={200}
          hint="Var originalet förvaras, t.ex. ”Kommunkansliet, Stadshuset”."
        />
      </fieldset>
      <fieldset>
        <legend>Undertecknare</legend>
        {errors.signatories && (
          <p className="field-error" id={fieldId('signatories')} tabIndex={-1}>
            {errors.signatories}
          </p>
        )}
        {v.signatories.map((s, i) => (
          <PersonFields
            key={i}
            prefix={`signatories.${i}`}
            legend={SLOT_LABELS[i]}
            value={s}
            onChange={(k, x) => setSig(i, k, x)}
            errors={errors}
            required={i < 3}
          />
        ))}
        <fieldset className="choices">
          <legend>Ordning</legend>
          <label className="choice">
            <input
              type="radio"
              name="order"
              value="sequential"
              checked={v.order === 'sequential'}
              onChange={() => set('order', 'sequential')}
            />{' '}
            I tur och ordning: sekreterare, ordförande, justerare
          </label>
          <label className="choice">
            <input type="radio" name="order" value="parallel" checked={v.order === 'parallel'} onChange={() => set('order', 'parallel')} />{' '}
            Samtidigt efter sekreteraren: ordförande och justerare samtidigt
          </label>
        </fieldset>
      </fieldset>
      <fieldset>
        <legend>Ersättare</legend>
        <p className="hint">Ersättare kan ta en ordförandes eller justerares plats under justeringen, om någon inte kan signera.</p>
        {v.substitutes.map((s, i) => (
          <PersonFields
            key={i}
            prefix={`substitutes.${i}`}
            legend={`Ersättare ${i + 1}`}
            value={s}
            onChange={(k, x) => setSub(i, k, x)}
            errors={errors}
          >
            <button
              type="button"
              className="secondary"
              onClick={() => onChange({ ...v, substitutes: v.substitutes.filter((_, j) => j !== i) })}
            >
              Ta bort ersättare {i + 1}
            </button>
          </PersonFields>
        ))}
        {v.substitutes.length < 10 && (
          <button
            type="button"
            className="secondary"
            onClick={() => onChange({ ...v, substitutes: [...v.substitutes, { name: '', email: '' }] })}
          >
            Lägg till ersättare
          </button>
        )}
      </fieldset>
    </>
  );
}
