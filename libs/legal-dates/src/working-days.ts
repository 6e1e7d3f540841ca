/**
 * Working days for deadlines, per lag 1930:173 om beräkning av lagstadgad tid § 2: a deadline that
 * falls on a Saturday, a Sunday or another public holiday, midsommarafton, julafton or nyårsafton
 * moves to the next weekday that is none of these ("nästa vardag").
 */
import { addDays, IsoDate, isoWeekday } from './calendar-date';
import { isPublicHoliday, namedHolidaysOn, nonWorkingEveOn } from './holidays';

/** Why a date is not a working day, in Swedish (for messages); undefined for a working day. */
export function nonWorkingReason(date: IsoDate): string | undefined {
  const named = namedHolidaysOn(date);
  if (named.length > 0) return named.map((h) => h.name).join(', ');
  const eve = nonWorkingEveOn(date);
  if (eve) return eve.name;
  const wd = isoWeekday(date);
  if (wd === 6) return 'lördag';
  if (wd === 7) return 'söndag';
  return undefined;
}

/** A day on which a deadline may end: not Saturday, Sunday, public holiday or one of the three eves. */
export function isWorkingDay(date: IsoDate): boolean {
  const wd = isoWeekday(date);
  if (wd === 6 || wd === 7) return false;
  if (isPublicHoliday(date)) return false;
  return nonWorkingEveOn(date) === undefined;
}

/** `date` itself when it is a working day, else the next working day (the lag 1930:173 move). */
export function workingDayOnOrAfter(date: IsoDate): IsoDate {
  let d = date;
  // There are never more than a handful of non-working days in a row (julafton … söndag).
  while (!isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: IsoDate): IsoDate {
  return workingDayOnOrAfter(addDays(date, 1));
}

/** The last working day strictly before `date`. */
export function previousWorkingDay(date: IsoDate): IsoDate {
  let d = addDays(date, -1);
  while (!isWorkingDay(d)) d = addDays(d, -1);
  return d;
}

/**
 * Steps `n` working days from `date`: forward for n > 0, backward for n < 0, `date` itself for 0.
 * `date` need not be a working day; only the days stepped onto are counted. "Warn two working days
 * before the deadline" is `addWorkingDays(deadline, -2)`.
 */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`addWorkingDays: n must be an integer, got ${n}`);
  let d = date;
  for (let i = 0; i < Math.abs(n); i++) d = n > 0 ? nextWorkingDay(d) : previousWorkingDay(d);
  return d;
}
