import { checkReminderPolicy, DEFAULT_REMINDER_POLICY, nextReminderAt, reminderSchedule } from './reminders';
import { tmpdir } from 'node:os';
import { loadConfig } from '@justera/config';
import type { JusteringSettings } from './settings';

const t0 = new Date('2025-03-05T09:00:00Z');
const day = 86_400_000;

describe('reminderSchedule', () => {
  it.each([
    [{ firstAfterDays: 3, everyDays: 2, max: 3 }, [3, 5, 7]],
    [{ firstAfterDays: 1, everyDays: 1, max: 2 }, [1, 2]],
    [{ firstAfterDays: 2, everyDays: 5, max: 0 }, []],
  ])('%j → days %j', (policy, days) => {
    expect(reminderSchedule(policy, t0).map((d) => (d.getTime() - t0.getTime()) / day)).toEqual(days);
  });
  it('uses a shortened day when configured (tests never sleep for days)', () => {
    expect(reminderSchedule({ firstAfterDays: 2, everyDays: 1, max: 2, dayMs: 1000 }, t0).map((d) => d.getTime() - t0.getTime())).toEqual([2000, 3000]);
  });
});

describe('nextReminderAt', () => {
  const p = { firstAfterDays: 3, everyDays: 2, max: 3 };
  it.each([
    [0, undefined, 3],
    [1, undefined, 5],
    [2, undefined, 7],
    [3, undefined, null],
    [1, new Date(t0.getTime() + 5 * day), null], // not after the link has expired
    [1, new Date(t0.getTime() + 6 * day), 5],
  ])('after %d sent (until %s) → day %s', (sent, until, expected) => {
    const at = nextReminderAt(p, t0, sent, until);
    expect(at === null ? null : (at.getTime() - t0.getTime()) / day).toBe(expected);
  });
});

describe('checkReminderPolicy', () => {
  it.each([{ firstAfterDays: -1, everyDays: 1, max: 1 }, { firstAfterDays: 1, everyDays: 0, max: 1 }, { firstAfterDays: 1, everyDays: 1, max: 1.5 }])('refuses %j', (p) => {
    expect(() => checkReminderPolicy(p)).toThrow(RangeError);
  });
});

describe('AppConfig.justering', () => {
  it('has the reminder policy defaults of this lib and is a JusteringSettings', () => {
    const settings: JusteringSettings = loadConfig({ JUSTERA_SECRET: 'x'.repeat(32), JUSTERA_DATA_DIR: tmpdir() }).justering;
    expect(settings).toEqual({ reminders: { ...DEFAULT_REMINDER_POLICY, dayMs: day }, linkGraceDays: 0, warnWorkingDaysBefore: 2 });
    expect(checkReminderPolicy(settings.reminders)).toBe(settings.reminders);
  });
});
