import { DAY_MS } from './deadlines';

/** Reminders to a signer who has not acted: first after N days, then every M days, at most K. */
export interface ReminderPolicy {
  firstAfterDays: number;
  everyDays: number;
  max: number;
  /** Length of a "day" in ms: 86 400 000 in production; tests may shorten it (never sleep for days). */
  dayMs?: number;
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = { firstAfterDays: 3, everyDays: 2, max: 3 };

/** Every reminder time for a signer invited at `invitedAt`, in order (K entries). */
export function reminderSchedule(policy: ReminderPolicy, invitedAt: Date): Date[] {
  const day = policy.dayMs ?? DAY_MS;
  const out: Date[] = [];
  for (let k = 0; k < Math.max(0, Math.floor(policy.max)); k++) {
    out.push(new Date(invitedAt.getTime() + (policy.firstAfterDays + k * policy.everyDays) * day));
  }
  return out;
}

/**
 * When reminder number `sent + 1` is due, or null when all K have gone out or the next one would
 * fall after `until` (the link's expiry: reminding with a dead link helps nobody).
 */
export function nextReminderAt(policy: ReminderPolicy, invitedAt: Date, sent: number, until?: Date): Date | null {
  const schedule = reminderSchedule(policy, invitedAt);
  const next = schedule[sent];
  if (!next) return null;
  if (until && next.getTime() >= until.getTime()) return null;
  return next;
}

/** Validates a policy (Swedish message for the operator). */
export function checkReminderPolicy(p: ReminderPolicy): ReminderPolicy {
  const ok = (n: number, min: number) => Number.isFinite(n) && n >= min;
  if (!ok(p.firstAfterDays, 0) || !ok(p.everyDays, 0.000001) || !Number.isInteger(p.max) || p.max < 0 || (p.dayMs !== undefined && !ok(p.dayMs, 1))) {
    throw new RangeError(`Ogiltiga påminnelseinställningar: ${JSON.stringify(p)}`);
  }
  return p;
}
