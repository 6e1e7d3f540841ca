import fc from 'fast-check';
import {
  addDays,
  compareDates,
  daysBetween,
  fromDayNumber,
  InvalidDateError,
  isIsoDate,
  isoDateInTimeZone,
  isoWeekday,
  maxDate,
  parseIsoDate,
  toDayNumber,
  weekdayNameSv,
} from './calendar-date';

describe('calendar-date', () => {
  describe(parseIsoDate.name, () => {
    it.each(['2025-12-10', '2024-02-29', '2000-02-29', '1900-01-01', '9999-12-31'])('accepts %s', (s) => {
      expect(parseIsoDate(s)).toBe(s);
    });

    it.each([
      '2025-02-29', // not a leap year
      '1900-02-29', // century, not a leap year
      '2025-13-01',
      '2025-00-10',
      '2025-04-31',
      '2025-12-1',
      '25-12-10',
      '2025/12/10',
      ' 2025-12-10',
      '2025-12-10T00:00',
      '1899-12-31',
      '',
      'igår',
    ])('rejects %j with a Swedish message', (s) => {
      expect(() => parseIsoDate(s)).toThrow(InvalidDateError);
      expect(() => parseIsoDate(s)).toThrow(/Ogiltigt datum.*ÅÅÅÅ-MM-DD/);
    });

    it('rejects non-strings', () => {
      expect(isIsoDate(20251210)).toBe(false);
      expect(isIsoDate(undefined)).toBe(false);
      expect(isIsoDate(new Date())).toBe(false);
    });
  });

  describe(addDays.name, () => {
    it.each([
      ['2025-12-10', 14, '2025-12-24'],
      ['2025-12-31', 1, '2026-01-01'],
      ['2024-02-28', 1, '2024-02-29'],
      ['2025-02-28', 1, '2025-03-01'],
      ['2025-03-30', 1, '2025-03-31'], // Swedish DST change day: no drift
      ['2025-10-26', 1, '2025-10-27'],
      ['2025-03-05', 21, '2025-03-26'],
      ['2026-01-01', -1, '2025-12-31'],
    ])('%s + %i = %s', (d, n, expected) => {
      expect(addDays(d, n)).toBe(expected);
    });

    it('agrees with UTC Date arithmetic over 1970–2200 (property)', () => {
      const base = Date.UTC(1970, 0, 1);
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 84000 }), fc.integer({ min: -800, max: 800 }), (n, k) => {
          const iso = new Date(base + n * 86400000).toISOString().slice(0, 10);
          expect(toDayNumber(iso)).toBe(n);
          expect(fromDayNumber(n)).toBe(iso);
          const expected = new Date(base + (n + k) * 86400000).toISOString().slice(0, 10);
          expect(addDays(iso, k)).toBe(expected);
          expect(daysBetween(iso, expected)).toBe(k);
          expect(isoWeekday(iso)).toBe(((new Date(base + n * 86400000).getUTCDay() + 6) % 7) + 1);
        }),
        { numRuns: 500 },
      );
    });
  });

  describe(isoWeekday.name, () => {
    it.each([
      ['2025-12-10', 3, 'onsdag'],
      ['2025-12-24', 3, 'onsdag'],
      ['2025-12-29', 1, 'måndag'],
      ['2020-02-24', 1, 'måndag'],
      ['2022-10-20', 4, 'torsdag'],
      ['2025-06-21', 6, 'lördag'],
      ['1900-01-01', 1, 'måndag'],
      ['2026-01-04', 7, 'söndag'],
    ])('%s is weekday %i (%s)', (d, wd, name) => {
      expect(isoWeekday(d)).toBe(wd);
      expect(weekdayNameSv(d)).toBe(name);
    });
  });

  it('compares and picks the latest date', () => {
    expect(compareDates('2025-01-02', '2025-01-01')).toBeGreaterThan(0);
    expect(compareDates('2025-01-01', '2025-01-01')).toBe(0);
    expect(maxDate(['2025-03-01', '2025-12-01', '2025-06-01'])).toBe('2025-12-01');
    expect(() => maxDate([])).toThrow(RangeError);
  });

  describe(isoDateInTimeZone.name, () => {
    it.each([
      ['2025-12-09T23:30:00Z', '2025-12-10'], // 00:30 CET
      ['2025-12-10T22:59:59Z', '2025-12-10'],
      ['2025-12-10T23:00:00Z', '2025-12-11'],
      ['2025-06-20T22:30:00Z', '2025-06-21'], // 00:30 CEST
      ['2025-06-20T21:59:00Z', '2025-06-20'],
    ])('%s is %s in Sweden', (instant, expected) => {
      expect(isoDateInTimeZone(new Date(instant))).toBe(expected);
    });

    it('takes another zone and rejects an invalid Date', () => {
      expect(isoDateInTimeZone(new Date('2025-12-09T23:30:00Z'), 'UTC')).toBe('2025-12-09');
      expect(() => isoDateInTimeZone(new Date('nope'))).toThrow(InvalidDateError);
    });
  });
});
