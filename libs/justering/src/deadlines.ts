import { addDays, addWorkingDays, IsoDate, isoDateInTimeZone, justeringDeadline, parseIsoDate } from '@justera/legal-dates';

export const DAY_MS = 86_400_000;

/** Justering deadline of a meeting: meeting + 14 days, moved to the next working day. */
export function roundDeadline(meetingDate: IsoDate): IsoDate {
  return justeringDeadline(meetingDate);
}

/** The day the secretary is warned: two working days before the deadline (configurable). */
export function warningDate(deadline: IsoDate, workingDaysBefore = 2): IsoDate {
  return addWorkingDays(deadline, -workingDaysBefore);
}

/**
 * The instant a calendar day begins in Swedish time (00:00 Europe/Stockholm), found without a
 * time-zone library: Sweden is UTC+1 or UTC+2, and the right candidate is the one whose previous
 * millisecond still belongs to the day before.
 */
export function startOfDayStockholm(date: IsoDate, timeZone = 'Europe/Stockholm'): Date {
  const d = parseIsoDate(date);
  const [y, m, day] = d.split('-').map(Number);
  const utcMidnight = Date.UTC(y, m - 1, day);
  for (const offsetHours of [1, 2, 0, 3, -1]) {
    const candidate = utcMidnight - offsetHours * 3_600_000;
    if (isoDateInTimeZone(new Date(candidate), timeZone) === d && isoDateInTimeZone(new Date(candidate - 1), timeZone) !== d) return new Date(candidate);
  }
  throw new Error(`cannot find the start of ${d} in ${timeZone}`);
}

/** Days a link issued after the deadline has passed stays valid (a late justering must still be possible). */
export const LATE_LINK_DAYS = 7;

/**
 * Links expire when the deadline day has ended in Swedish time, plus `graceDays` (configurable).
 * A link issued when that moment has already passed (the justering is late) is valid to the end of
 * the day LATE_LINK_DAYS after `now` instead: the law's deadline is missed either way, and a link
 * that is dead on arrival would only make the protocol impossible to justera.
 */
export function linkExpiry(deadline: IsoDate, graceDays = 0, now?: Date): Date {
  const normal = startOfDayStockholm(addDays(deadline, 1 + Math.max(0, Math.floor(graceDays))));
  if (!now || now.getTime() < normal.getTime()) return normal;
  return startOfDayStockholm(addDays(isoDateInTimeZone(now), 1 + LATE_LINK_DAYS));
}

/** When the deadline warning job should run: 08:00 Swedish time on the warning day, or now if past. */
export function warningAt(deadline: IsoDate, now: Date, workingDaysBefore = 2): Date {
  const at = new Date(startOfDayStockholm(warningDate(deadline, workingDaysBefore)).getTime() + 8 * 3_600_000);
  return at.getTime() < now.getTime() ? now : at;
}
