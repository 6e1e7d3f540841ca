/**
 * Plain calendar dates as ISO strings `YYYY-MM-DD`, with arithmetic on whole days.
 *
 * No JS `Date` is involved: a date is converted to a day number (days since 1970-01-01 in the
 * proleptic Gregorian calendar) with integer arithmetic, so no time zone or daylight-saving shift
 * can move a date by one day.
 */

/** A calendar date, `YYYY-MM-DD` (validated by {@link parseIsoDate}). */
export type IsoDate = string;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Thrown for a string that is not a real calendar date in the supported range. */
export class InvalidDateError extends Error {
  readonly code = 'INVALID_DATE';
  constructor(readonly input: unknown) {
    super(`Ogiltigt datum: ${JSON.stringify(input)}. Ange datum som ÅÅÅÅ-MM-DD, till exempel 2025-12-10.`);
    this.name = 'InvalidDateError';
  }
}

/** Years outside this range are rejected; they make no sense for protocols and notices. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 9999;

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export interface YearMonthDay {
  year: number;
  month: number;
  day: number;
}

function fields(input: unknown): YearMonthDay | undefined {
  if (typeof input !== 'string') return undefined;
  const m = ISO_RE.exec(input);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < MIN_YEAR || year > MAX_YEAR) return undefined;
  if (month < 1 || month > 12) return undefined;
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** True when `input` is a real calendar date written `YYYY-MM-DD` (years 1900–9999). */
export function isIsoDate(input: unknown): input is IsoDate {
  return fields(input) !== undefined;
}

/** Returns `input` when it is a valid date; throws {@link InvalidDateError} otherwise. */
export function parseIsoDate(input: unknown): IsoDate {
  if (!isIsoDate(input)) throw new InvalidDateError(input);
  return input;
}

/** Splits a valid date into its fields; throws {@link InvalidDateError} otherwise. */
export function toFields(date: IsoDate): YearMonthDay {
  const f = fields(date);
  if (!f) throw new InvalidDateError(date);
  return f;
}

/** Builds a date from its fields; throws when the fields are not a real date. */
export function fromFields(year: number, month: number, day: number): IsoDate {
  const s = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return parseIsoDate(s);
}

// Day numbers (days since 1970-01-01), after H. Hinnant's public-domain civil calendar algorithms.
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): YearMonthDay {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Days since 1970-01-01 (negative before). */
export function toDayNumber(date: IsoDate): number {
  const { year, month, day } = toFields(date);
  return daysFromCivil(year, month, day);
}

export function fromDayNumber(n: number): IsoDate {
  const { year, month, day } = civilFromDays(n);
  return fromFields(year, month, day);
}

/** `date` plus `n` calendar days (`n` may be negative). */
export function addDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`addDays: n must be an integer, got ${n}`);
  return fromDayNumber(toDayNumber(date) + n);
}

/** Whole days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** Negative, zero or positive, like a sort comparator. */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return daysBetween(b, a);
}

export function maxDate(dates: readonly IsoDate[]): IsoDate {
  if (dates.length === 0) throw new RangeError('maxDate: no dates');
  return dates.reduce((m, d) => (compareDates(d, m) > 0 ? d : m));
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): IsoWeekday {
  // 1970-01-01 was a Thursday (4).
  const n = toDayNumber(date);
  return ((((n + 3) % 7) + 7) % 7) + 1 as IsoWeekday;
}

const WEEKDAYS_SV = ['måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag', 'söndag'] as const;
const WEEKDAYS_EN = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** Swedish weekday name in lower case, as written in running text ("måndag"). */
export function weekdayNameSv(date: IsoDate): string {
  return WEEKDAYS_SV[isoWeekday(date) - 1];
}

export function weekdayNameEn(date: IsoDate): string {
  return WEEKDAYS_EN[isoWeekday(date) - 1];
}

/**
 * The calendar date of an instant in a time zone (default Swedish time). Use this, not
 * `toISOString().slice(0, 10)`, which gives the UTC date and is a day early between midnight and
 * 01:00/02:00 in Sweden.
 */
export function isoDateInTimeZone(instant: Date, timeZone = 'Europe/Stockholm'): IsoDate {
  if (Number.isNaN(instant.getTime())) throw new InvalidDateError(String(instant));
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return parseIsoDate(`${get('year')}-${get('month')}-${get('day')}`);
}
