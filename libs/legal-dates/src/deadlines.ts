/**
 * The legal dates of a justering and its notice (Kommunallagen 2017:725, with lag 1930:173 for
 * deadlines that end on a non-working day). See docs/legal-dates.md for the readings chosen.
 */
import { addDays, compareDates, IsoDate, maxDate, parseIsoDate } from './calendar-date';
import { addWorkingDays, workingDayOnOrAfter } from './working-days';

/** Days after the meeting within which the protocol must be justerat (KL 5 kap. 69 §). */
export const JUSTERING_DAYS = 14;
/** "Senast andra dagen efter justeringen" (KL 8 kap. 12 §). */
export const POSTING_DAYS = 2;
/** The appeal period: three weeks from the day of posting (KL 13 kap. 5 §). */
export const APPEAL_WEEKS = 3;

/**
 * When the notice comes down:
 * - `dayAfterLastAppealDay` (default): the calendar day after the last appeal day, even when that
 *   is a weekend or holiday (the notice has then been up for the whole appeal period).
 * - `lastAppealDay`: on the last appeal day itself (the board shows it until that day ends).
 * - `workingDayAfterLastAppealDay`: the first working day after the last appeal day, for bodies
 *   whose staff take notices down by hand.
 */
export type TakeDownPolicy = 'dayAfterLastAppealDay' | 'lastAppealDay' | 'workingDayAfterLastAppealDay';

export const TAKE_DOWN_POLICIES: readonly TakeDownPolicy[] = [
  'dayAfterLastAppealDay',
  'lastAppealDay',
  'workingDayAfterLastAppealDay',
];
export const DEFAULT_TAKE_DOWN_POLICY: TakeDownPolicy = 'dayAfterLastAppealDay';

export function isTakeDownPolicy(value: unknown): value is TakeDownPolicy {
  return typeof value === 'string' && (TAKE_DOWN_POLICIES as readonly string[]).includes(value);
}

/** Last day to justera: meeting + 14 days, moved to the next working day. */
export function justeringDeadline(meeting: IsoDate): IsoDate {
  return workingDayOnOrAfter(addDays(meeting, JUSTERING_DAYS));
}

/** Last day to post the notice: justering day + 2 days, moved to the next working day. */
export function postingDeadline(justerad: IsoDate): IsoDate {
  return workingDayOnOrAfter(addDays(justerad, POSTING_DAYS));
}

/**
 * Last day to appeal: the same weekday three weeks after the (latest) posting, moved to the next
 * working day. For a gemensam nämnd pass every board's posting date: the period runs from the
 * latest one.
 */
export function lastAppealDay(posted: IsoDate | readonly IsoDate[]): IsoDate {
  const from = typeof posted === 'string' ? posted : maxDate(posted);
  return workingDayOnOrAfter(addDays(from, APPEAL_WEEKS * 7));
}

/** The take-down date for a last appeal day under a policy (default: the day after). */
export function takeDownDate(last: IsoDate, policy: TakeDownPolicy = DEFAULT_TAKE_DOWN_POLICY): IsoDate {
  switch (policy) {
    case 'dayAfterLastAppealDay':
      return addDays(last, 1);
    case 'lastAppealDay':
      return last;
    case 'workingDayAfterLastAppealDay':
      return workingDayOnOrAfter(addDays(last, 1));
    default: {
      const never: never = policy;
      throw new RangeError(`Unknown take-down policy: ${String(never)}`);
    }
  }
}

export interface DeriveDatesInput {
  meeting?: IsoDate;
  justerad?: IsoDate;
  /** The posting date, or one per board (gemensam nämnd); the appeal period runs from the latest. */
  posted?: IsoDate | readonly IsoDate[];
}

export interface DeriveDatesOptions {
  takeDownPolicy?: TakeDownPolicy;
  /** Working days before the justering deadline at which the secretary is warned (default 2). */
  warnWorkingDaysBefore?: number;
}

export type DateIssueCode =
  | 'JUSTERAD_BEFORE_MEETING'
  | 'JUSTERAD_AFTER_DEADLINE'
  | 'POSTED_BEFORE_JUSTERAD'
  | 'POSTED_AFTER_DEADLINE';

export interface DateIssue {
  code: DateIssueCode;
  /** Swedish, for the secretary. */
  message: string;
}

export interface DerivedDates {
  meeting?: IsoDate;
  /** From `meeting`. */
  justeringDeadline?: IsoDate;
  /** From `meeting`: the day to warn the secretary (N working days before the deadline). */
  justeringWarningDate?: IsoDate;
  justerad?: IsoDate;
  /** From `justerad`. */
  postingDeadline?: IsoDate;
  /** The latest posting date (the one the appeal period runs from). */
  posted?: IsoDate;
  /** Every posting date given, sorted. */
  postings?: IsoDate[];
  /** From `posted`. */
  lastAppealDay?: IsoDate;
  /** From `posted` and the policy. */
  takeDownDate?: IsoDate;
  takeDownPolicy: TakeDownPolicy;
  /** Inconsistencies between the given dates (late justering, late posting, wrong order). */
  issues: DateIssue[];
}

/**
 * Every date that follows from the dates given. Each given date is validated (throws
 * InvalidDateError). Dates are derived only from what is given: a meeting alone yields its
 * justering deadline, not a guessed posting date.
 */
export function deriveDates(input: DeriveDatesInput, options: DeriveDatesOptions = {}): DerivedDates {
  const policy = options.takeDownPolicy ?? DEFAULT_TAKE_DOWN_POLICY;
  if (!isTakeDownPolicy(policy)) throw new RangeError(`Unknown take-down policy: ${String(policy)}`);
  const warnDays = options.warnWorkingDaysBefore ?? 2;
  if (!Number.isInteger(warnDays) || warnDays < 0) throw new RangeError(`warnWorkingDaysBefore must be a non-negative integer`);

  const out: DerivedDates = { takeDownPolicy: policy, issues: [] };
  if (input.meeting !== undefined) {
    const meeting = parseIsoDate(input.meeting);
    out.meeting = meeting;
    out.justeringDeadline = justeringDeadline(meeting);
    out.justeringWarningDate = addWorkingDays(out.justeringDeadline, -warnDays);
  }
  if (input.justerad !== undefined) {
    const justerad = parseIsoDate(input.justerad);
    out.justerad = justerad;
    out.postingDeadline = postingDeadline(justerad);
  }
  if (input.posted !== undefined) {
    const list = (typeof input.posted === 'string' ? [input.posted] : [...input.posted]).map((d) => parseIsoDate(d));
    if (list.length > 0) {
      list.sort(compareDates);
      out.postings = list;
      out.posted = list[list.length - 1];
      out.lastAppealDay = lastAppealDay(out.posted);
      out.takeDownDate = takeDownDate(out.lastAppealDay, policy);
    }
  }

  if (out.meeting && out.justerad) {
    if (compareDates(out.justerad, out.meeting) < 0) {
      out.issues.push({ code: 'JUSTERAD_BEFORE_MEETING', message: `Justeringsdatum ${out.justerad} ligger före sammanträdet ${out.meeting}.` });
    } else if (out.justeringDeadline && compareDates(out.justerad, out.justeringDeadline) > 0) {
      out.issues.push({
        code: 'JUSTERAD_AFTER_DEADLINE',
        message: `Protokollet justerades ${out.justerad}, efter sista dag för justering ${out.justeringDeadline}.`,
      });
    }
  }
  if (out.justerad && out.postings) {
    const first = out.postings[0];
    if (compareDates(first, out.justerad) < 0) {
      out.issues.push({ code: 'POSTED_BEFORE_JUSTERAD', message: `Anslaget sattes upp ${first}, före justeringen ${out.justerad}.` });
    }
    const lateOnes = out.postings.filter((p) => out.postingDeadline && compareDates(p, out.postingDeadline) > 0);
    if (lateOnes.length > 0) {
      out.issues.push({
        code: 'POSTED_AFTER_DEADLINE',
        message: `Anslaget sattes upp ${lateOnes.join(', ')}, efter sista dag för anslag ${out.postingDeadline}.`,
      });
    }
  }
  return out;
}
