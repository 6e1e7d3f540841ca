import { formatDateSv } from './dates';

/**
 * When and where the justering is planned, as the protocol gives it: a structured protocol's
 * `justering` block, or an uploaded protocol's form fields (justeringDate, justeringTime,
 * justeringPlace). Not the legal last day (the round's deadline), which the pages show beside it.
 */
export interface PlannedJustering {
  /** YYYY-MM-DD. */
  date?: string;
  /** "10:00". */
  time?: string;
  place?: string;
  /** The date is a last day ("senast …"), not an appointment. */
  latest?: boolean;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const isDate = (v: string | undefined): v is string => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v);

/**
 * The planned justering of a protocol's stored data (a structured protocol or an upload's metadata), or
 * undefined when it gives none. Anything malformed is left out rather than shown.
 */
export function plannedJusteringOf(data: unknown): PlannedJustering | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const d = data as Record<string, unknown>;
  const block = d.justering && typeof d.justering === 'object' ? (d.justering as Record<string, unknown>) : undefined;
  const date = text(block ? block.date : d.justeringDate);
  const planned: PlannedJustering = {
    ...(isDate(date) ? { date } : {}),
    ...(text(block ? block.time : d.justeringTime) ? { time: text(block ? block.time : d.justeringTime) } : {}),
    ...(text(block ? block.place : d.justeringPlace) ? { place: text(block ? block.place : d.justeringPlace) } : {}),
    ...(block?.latest === true && isDate(date) ? { latest: true } : {}),
  };
  return planned.date || planned.time || planned.place ? planned : undefined;
}

/** "måndag 8 december 2026 kl. 10:00, Kommunkansliet"; "senast 19 oktober 2022" for a last day. */
export function plannedJusteringSv(j: PlannedJustering): string {
  const when = [j.date ? `${j.latest ? 'senast ' : ''}${formatDateSv(j.date)}` : '', j.time ? `kl. ${j.time}` : ''].filter(Boolean).join(' ');
  return [when, j.place ?? ''].filter(Boolean).join(', ');
}

/**
 * The planned justering of a protocol's stored data in Swedish (`plannedJusteringOf` then
 * `plannedJusteringSv`), or undefined when the protocol gives none: what the mails and the signing page show.
 */
export function plannedJusteringText(data: unknown): string | undefined {
  const planned = plannedJusteringOf(data);
  return planned ? plannedJusteringSv(planned) : undefined;
}
