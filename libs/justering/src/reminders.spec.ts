import { checkReminderPolicy, nextReminderAt, reminderSchedule } from './reminders';
import { justeringSettingsFromEnv } from './settings';

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

describe('justeringSettingsFromEnv', () => {
  it('has defaults and reads overrides', () => {
    expect(justeringSettingsFromEnv({})).toEqual({ reminders: { firstAfterDays: 3, everyDays: 2, max: 3, dayMs: day }, linkGraceDays: 0, warnWorkingDaysBefore: 2 });
    const s = justeringSettingsFromEnv({ JUSTERING_REMINDER_MAX: '5', JUSTERING_DAY_MS: '1000', JUSTERING_LINK_GRACE_DAYS: '3' });
    expect(s.reminders.max).toBe(5);
    expect(s.reminders.dayMs).toBe(1000);
    expect(s.linkGraceDays).toBe(3);
    expect(() => justeringSettingsFromEnv({ JUSTERING_REMINDER_MAX: 'tre' })).toThrow('JUSTERING_REMINDER_MAX');
  });
});
