import { checkReminderPolicy, DEFAULT_REMINDER_POLICY, ReminderPolicy } from './reminders';

export interface JusteringSettings {
  reminders: ReminderPolicy;
  /** Days a link stays valid after the justering deadline (0 = it expires when the deadline day ends). */
  linkGraceDays: number;
  /** Working days before the deadline that the secretary is warned. */
  warnWorkingDaysBefore: number;
}

function num(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new RangeError(`${name} måste vara ett tal, fick "${raw}"`);
  return n;
}

/**
 * JUSTERING_REMINDER_FIRST_DAYS (3), JUSTERING_REMINDER_EVERY_DAYS (2), JUSTERING_REMINDER_MAX (3),
 * JUSTERING_LINK_GRACE_DAYS (0), JUSTERING_WARN_WORKING_DAYS (2), and JUSTERING_DAY_MS (86400000; a
 * test hook that shortens a reminder "day" so end-to-end tests never sleep for days).
 */
export function justeringSettingsFromEnv(env: Record<string, string | undefined>): JusteringSettings {
  const dayMs = num(env, 'JUSTERING_DAY_MS', 86_400_000);
  return {
    reminders: checkReminderPolicy({
      firstAfterDays: num(env, 'JUSTERING_REMINDER_FIRST_DAYS', DEFAULT_REMINDER_POLICY.firstAfterDays),
      everyDays: num(env, 'JUSTERING_REMINDER_EVERY_DAYS', DEFAULT_REMINDER_POLICY.everyDays),
      max: num(env, 'JUSTERING_REMINDER_MAX', DEFAULT_REMINDER_POLICY.max),
      dayMs,
    }),
    linkGraceDays: Math.max(0, Math.floor(num(env, 'JUSTERING_LINK_GRACE_DAYS', 0))),
    warnWorkingDaysBefore: Math.max(0, Math.floor(num(env, 'JUSTERING_WARN_WORKING_DAYS', 2))),
  };
}
