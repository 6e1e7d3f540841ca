import { IsoDate, daysBetween, isIsoDate, isoDateInTimeZone, weekdayNameSv } from '@justera/legal-dates';

/** Weekday names live with the calendar arithmetic in libs/legal-dates ("måndag"); re-exported here. */
export { weekdayNameSv };

/** Swedish time: every date and time a person reads is in this zone (CET/CEST). */
export const SWEDISH_TIME_ZONE = 'Europe/Stockholm';

export const MONTH_NAMES_SV = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'] as const;

function checkDate(date: string): IsoDate {
  if (!isIsoDate(date)) throw new TypeError(`Not a date: ${date}`);
  return date;
}

function checkInstant(at: Date | string): Date {
  const d = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) throw new TypeError(`Not a timestamp: ${String(at)}`);
  return d;
}

/**
 * A calendar date in running text: "onsdag 10 december 2025", or "10 december 2025" with
 * `{ weekday: false }` (the anslagstavla, where dates stand in lists of facts).
 */
export function formatDateSv(date: IsoDate | string, opts: { weekday?: boolean } = {}): string {
  const [y, m, d] = checkDate(date).split('-').map(Number);
  const text = `${d} ${MONTH_NAMES_SV[m - 1]} ${y}`;
  return opts.weekday === false ? text : `${weekdayNameSv(date)} ${text}`;
}

const dateTimeFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: SWEDISH_TIME_ZONE, dateStyle: 'long', timeStyle: 'short' });

/** An instant in running text, in Swedish time: "16 december 2025 kl. 18:19". */
export function formatDateTimeSv(at: Date | string): string {
  return dateTimeFormat.format(checkInstant(at));
}

const timestampFormat = new Intl.DateTimeFormat('sv-SE', {
  timeZone: SWEDISH_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/**
 * An exact instant for documents (PDFs, the validation report): "2025-12-16 18:19:05" in Swedish
 * time. Where the reader may be anywhere (a report, a certificate), use `formatTimestampSv`, which
 * says which time it is.
 */
export function formatStockholmTimestamp(at: Date | string): string {
  const p = Object.fromEntries(timestampFormat.formatToParts(checkInstant(at)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** "2025-12-16 18:19:05 (svensk tid)": an exact instant with the zone said in words. */
export function formatTimestampSv(at: Date | string): string {
  return `${formatStockholmTimestamp(at)} (svensk tid)`;
}

/** Today's date in Swedish time (not the UTC date, which is a day behind after midnight in Sweden). */
export function todayInSweden(now: Date = new Date()): IsoDate {
  return isoDateInTimeZone(now, SWEDISH_TIME_ZONE);
}

/** Whole calendar days from today in Swedish time to `date` (0 = today, negative = passed). */
export function daysUntil(date: IsoDate | string, now: Date = new Date()): number {
  return daysBetween(todayInSweden(now), checkDate(date));
}

/** "i dag", "i morgon", "om 5 dagar", "för 1 dag sedan", "för 3 dagar sedan". */
export function relativeDaysSv(days: number): string {
  if (days === 0) return 'i dag';
  if (days === 1) return 'i morgon';
  if (days > 1) return `om ${days} dagar`;
  return days === -1 ? 'för 1 dag sedan' : `för ${-days} dagar sedan`;
}
