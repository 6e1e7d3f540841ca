/**
 * Swedish public holidays (lag 1989:253 om allmänna helgdagar) and the eves that lag 1930:173
 * treats like holidays when a deadline falls on them.
 *
 * Year-dependent rules (lag 2004:1320 amending lag 1989:253, in force 2005-04-01, prop. 2004/05:23):
 * - nationaldagen (6 June) is a public holiday from 2005; before 2005 it is not.
 * - annandag pingst is a public holiday up to and including 2004; from 2005 it is not.
 * (Both days fall after 1 April, so the rule is exact per calendar year.) Lag 1989:253 is in force
 * since 1990-01-01; years before 1990 are computed with its original list, which this library
 * does not claim matches the older scattered rules it replaced.
 */
import { addDays, fromFields, IsoDate, isoWeekday, MAX_YEAR, MIN_YEAR, toFields } from './calendar-date';

/** Stable identifiers of the named holidays and eves. */
export type HolidayKey =
  | 'nyarsdagen'
  | 'trettondedagJul'
  | 'langfredagen'
  | 'paskdagen'
  | 'annandagPask'
  | 'forstaMaj'
  | 'kristiHimmelsfardsdag'
  | 'pingstdagen'
  | 'annandagPingst'
  | 'nationaldagen'
  | 'midsommardagen'
  | 'allaHelgonsDag'
  | 'juldagen'
  | 'annandagJul';

export type EveKey = 'midsommarafton' | 'julafton' | 'nyarsafton';

export interface Holiday {
  date: IsoDate;
  key: HolidayKey;
  /** Swedish name as written in lag 1989:253, e.g. "långfredagen". */
  name: string;
}

export interface NonWorkingEve {
  date: IsoDate;
  key: EveKey;
  name: string;
}

/** The year the 2005 amendment took effect (nationaldagen in, annandag pingst out). */
export const NATIONALDAG_REFORM_YEAR = 2005;

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Year out of range ${MIN_YEAR}–${MAX_YEAR}: ${year}`);
  }
}

/** Easter Sunday (påskdagen) of a Gregorian year, by the anonymous Gregorian computus (Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  checkYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return fromFields(year, month, day);
}

/** The first date in [from, from + 6] that falls on the given ISO weekday. */
function weekdayOnOrAfter(from: IsoDate, weekday: number): IsoDate {
  const delta = (weekday - isoWeekday(from) + 7) % 7;
  return addDays(from, delta);
}

const holidayCache = new Map<number, readonly Holiday[]>();

/**
 * The named public holidays of a year, sorted by date, with their Swedish names. Sundays are
 * public holidays too (lag 1989:253 § 1 "alla söndagar") but are not listed here; use
 * {@link isPublicHoliday} to ask about a date.
 */
export function holidaysOfYear(year: number): readonly Holiday[] {
  checkYear(year);
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const easter = easterSunday(year);
  const list: Holiday[] = [
    { date: fromFields(year, 1, 1), key: 'nyarsdagen', name: 'nyårsdagen' },
    { date: fromFields(year, 1, 6), key: 'trettondedagJul', name: 'trettondedag jul' },
    { date: addDays(easter, -2), key: 'langfredagen', name: 'långfredagen' },
    { date: easter, key: 'paskdagen', name: 'påskdagen' },
    { date: addDays(easter, 1), key: 'annandagPask', name: 'annandag påsk' },
    { date: fromFields(year, 5, 1), key: 'forstaMaj', name: 'första maj' },
    { date: addDays(easter, 39), key: 'kristiHimmelsfardsdag', name: 'Kristi himmelsfärdsdag' },
    { date: addDays(easter, 49), key: 'pingstdagen', name: 'pingstdagen' },
    // Saturday 20–26 June.
    { date: weekdayOnOrAfter(fromFields(year, 6, 20), 6), key: 'midsommardagen', name: 'midsommardagen' },
    // Saturday 31 October – 6 November.
    { date: weekdayOnOrAfter(fromFields(year, 10, 31), 6), key: 'allaHelgonsDag', name: 'alla helgons dag' },
    { date: fromFields(year, 12, 25), key: 'juldagen', name: 'juldagen' },
    { date: fromFields(year, 12, 26), key: 'annandagJul', name: 'annandag jul' },
  ];
  if (year >= NATIONALDAG_REFORM_YEAR) {
    list.push({ date: fromFields(year, 6, 6), key: 'nationaldagen', name: 'nationaldagen' });
  } else {
    list.push({ date: addDays(easter, 50), key: 'annandagPingst', name: 'annandag pingst' });
  }
  list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const frozen = Object.freeze(list.map((h) => Object.freeze(h)));
  holidayCache.set(year, frozen);
  return frozen;
}

/**
 * The eves that lag 1930:173 § 2 puts on a par with holidays for deadlines: midsommarafton (the
 * Friday before midsommardagen), julafton (24 Dec) and nyårsafton (31 Dec). They are not public
 * holidays in lag 1989:253.
 */
export function nonWorkingEvesOfYear(year: number): readonly NonWorkingEve[] {
  checkYear(year);
  const midsommardagen = weekdayOnOrAfter(fromFields(year, 6, 20), 6);
  return [
    { date: addDays(midsommardagen, -1), key: 'midsommarafton', name: 'midsommarafton' },
    { date: fromFields(year, 12, 24), key: 'julafton', name: 'julafton' },
    { date: fromFields(year, 12, 31), key: 'nyarsafton', name: 'nyårsafton' },
  ];
}

/** The named holidays falling on a date (usually zero or one; påskdagen and pingstdagen are also Sundays). */
export function namedHolidaysOn(date: IsoDate): Holiday[] {
  const { year } = toFields(date);
  return holidaysOfYear(year).filter((h) => h.date === date);
}

/** True for every Sunday and every named holiday of lag 1989:253 (with the 2005 change). */
export function isPublicHoliday(date: IsoDate): boolean {
  return isoWeekday(date) === 7 || namedHolidaysOn(date).length > 0;
}

/** The eve (midsommarafton, julafton, nyårsafton) on a date, if any. */
export function nonWorkingEveOn(date: IsoDate): NonWorkingEve | undefined {
  const { year } = toFields(date);
  return nonWorkingEvesOfYear(year).find((e) => e.date === date);
}
