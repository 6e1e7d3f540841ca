import {
  IsoDate,
  TakeDownPolicy,
  DEFAULT_TAKE_DOWN_POLICY,
  compareDates,
  isoDateInTimeZone,
  lastAppealDay,
  maxDate,
  nextWorkingDay,
  postingDeadline,
  takeDownDate,
} from '@justera/legal-dates';
import type { NoticeState, PostingPolicy, PostingRecord } from './model';
import { formatParagraphRange, type NumberingStyle } from '@justera/protocol';

export const TIME_ZONE = 'Europe/Stockholm';

/** Thrown for a posting policy or date that cannot be used; `code` is stable, the message Swedish. */
export class AnslagRuleError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AnslagRuleError';
  }
}

export function isPostingPolicy(p: unknown): p is PostingPolicy {
  if (!p || typeof p !== 'object') return false;
  const o = p as { mode?: unknown; hour?: unknown };
  if (o.mode === 'immediate') return true;
  return o.mode === 'nextWorkingDayAt' && Number.isInteger(o.hour) && (o.hour as number) >= 0 && (o.hour as number) <= 23;
}

/** Offset of `timeZone` from UTC at `instant`, in minutes (Stockholm: 60 or 120). */
function offsetMinutes(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` `hour`:00. On the spring-forward
 * night an hour that does not exist resolves to the instant one hour later on the wall clock.
 */
export function zonedInstant(date: IsoDate, hour: number, timeZone = TIME_ZONE): Date {
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d, hour);
  let guess = wall - offsetMinutes(new Date(wall), timeZone) * 60_000;
  guess = wall - offsetMinutes(new Date(guess), timeZone) * 60_000;
  return new Date(guess);
}

export interface PostingPlan {
  /** When Justera puts the notice on its own board. */
  postAt: Date;
  /** The Swedish calendar date of postAt. */
  postDate: IsoDate;
  justeradDate: IsoDate;
  /** No later than the second day after justering (KL 8 kap. 12 §, moved per lag 1930:173). */
  deadline: IsoDate;
  /** True when the configured hour would have been later than the deadline, so the plan was pulled in. */
  clamped: boolean;
}

/**
 * When to post after the last signature at `justeradAt`: at once, or at the configured hour of the
 * next working day, never after the legal deadline (and never before the justering itself).
 */
export function planPosting(justeradAt: Date, policy: PostingPolicy): PostingPlan {
  if (!isPostingPolicy(policy))
    throw new AnslagRuleError('INVALID_POLICY', 'Ogiltig anslagsregel: ange "immediate" eller "nextWorkingDayAt" med en timme 0–23.');
  const justeradDate = isoDateInTimeZone(justeradAt, TIME_ZONE);
  const deadline = postingDeadline(justeradDate);
  if (policy.mode === 'immediate') return { postAt: justeradAt, postDate: justeradDate, justeradDate, deadline, clamped: false };
  let postDate = nextWorkingDay(justeradDate);
  let clamped = false;
  if (compareDates(postDate, deadline) > 0) {
    postDate = deadline;
    clamped = true;
  }
  let postAt = zonedInstant(postDate, policy.hour);
  if (postAt.getTime() < justeradAt.getTime()) postAt = justeradAt;
  return { postAt, postDate: isoDateInTimeZone(postAt, TIME_ZONE), justeradDate, deadline, clamped };
}

export interface NoticeDates {
  /** The latest recorded posting (the appeal period runs from it). */
  postedDate: IsoDate | null;
  lastAppealDay: IsoDate | null;
  takeDownDate: IsoDate | null;
  /** Some board has no recorded posting yet (gemensam nämnd). */
  awaitingPostings: boolean;
  /** Boards whose posting is later than the legal deadline. */
  latePostings: string[];
}

/**
 * The dates of a notice from its postings: the appeal period runs from the latest posting of all
 * boards (gemensam nämnd); boards without a recorded posting leave the notice "awaiting".
 */
export function noticeDates(postings: PostingRecord[], deadline: IsoDate, policy: TakeDownPolicy = DEFAULT_TAKE_DOWN_POLICY): NoticeDates {
  const dates = postings.map((p) => p.postedDate).filter((d): d is IsoDate => d !== null);
  const awaitingPostings = dates.length < postings.length;
  if (dates.length === 0) return { postedDate: null, lastAppealDay: null, takeDownDate: null, awaitingPostings, latePostings: [] };
  const postedDate = maxDate(dates);
  const lad = lastAppealDay(dates);
  return {
    postedDate,
    lastAppealDay: lad,
    takeDownDate: takeDownDate(lad, policy),
    awaitingPostings,
    latePostings: postings.filter((p) => p.postedDate && compareDates(p.postedDate, deadline) > 0).map((p) => p.boardName),
  };
}

/**
 * The state a notice should be in at `today` (Swedish date): scheduled before posting, current up to
 * the day before the take-down date, archived from the take-down date on. A notice awaiting an
 * external posting is never archived (its appeal period may still move).
 */
export function stateOn(today: IsoDate, d: Pick<NoticeDates, 'postedDate' | 'takeDownDate' | 'awaitingPostings'>): NoticeState {
  if (!d.postedDate || compareDates(today, d.postedDate) < 0) return 'scheduled';
  if (d.takeDownDate && !d.awaitingPostings && compareDates(today, d.takeDownDate) >= 0) return 'archived';
  return 'current';
}

/** The instant a notice comes down: 00:00 Swedish time on the take-down date. */
export function takeDownInstant(takeDown: IsoDate): Date {
  return zonedInstant(takeDown, 0);
}

/**
 * "§§ 17–18" / "§ 5" / "§§ 3, 7, 9" (or "punkterna 1–3" for a protocol numbered "1.") from paragraph
 * numbers: the protocol's own way of writing a range (libs/protocol formatParagraphRange), so the
 * anslagstavla says what the PDF and the signing page say. Null for none.
 */
export function formatParagraphs(numbers: number[], numbering: NumberingStyle = 'paragraph'): string | null {
  return formatParagraphRange(numbers.filter((n) => Number.isInteger(n)), numbering) || null;
}
