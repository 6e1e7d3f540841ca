import fc from 'fast-check';
import Holidays from 'date-holidays';
import { addDays } from './calendar-date';
import { easterSunday, holidaysOfYear, isPublicHoliday, nonWorkingEvesOfYear } from './holidays';

// date-holidays is an independent implementation, used only here as an oracle.
const oracle = new Holidays('SE');
const LAW_1989_253 = new Set([
  'nyårsdagen',
  'trettondedag jul',
  'långfredagen',
  'påskdagen',
  'annandag påsk',
  'första maj',
  'Kristi himmelsfärdsdag',
  'pingstdagen',
  'annandag pingst',
  'nationaldagen',
  'midsommardagen',
  'alla helgons dag',
  'juldagen',
  'annandag jul',
]);
const EVES = new Set(['midsommarafton', 'julafton', 'nyårsafton']);

const oracleCache = new Map<number, { date: string; name: string; type: string }[]>();
function oracleDays(year: number) {
  let days = oracleCache.get(year);
  if (!days) {
    days = oracle.getHolidays(year).map((h) => ({ date: h.date.slice(0, 10), name: h.name, type: h.type }));
    oracleCache.set(year, days);
  }
  return days;
}

/** What lag 1989:253 names for a year, read from date-holidays. */
function oracleLawHolidays(year: number): string[] {
  return oracleDays(year)
    .filter((h) => LAW_1989_253.has(h.name))
    // date-holidays types annandag pingst "observance" in every year; it was a public holiday until 2004.
    .filter((h) => h.type === 'public' || (h.name === 'annandag pingst' && year < 2005))
    .map((h) => `${h.date} ${h.name}`)
    .sort();
}

describe('holidays', () => {
  describe(easterSunday.name, () => {
    it.each([
      [1990, '1990-04-15'],
      [2000, '2000-04-23'],
      [2008, '2008-03-23'],
      [2011, '2011-04-24'],
      [2019, '2019-04-21'],
      [2024, '2024-03-31'],
      [2025, '2025-04-20'],
      [2026, '2026-04-05'],
      [2038, '2038-04-25'],
      [2285, '2285-03-22'],
    ])('Easter %i is %s', (year, date) => {
      expect(easterSunday(year)).toBe(date);
    });
  });

  describe(holidaysOfYear.name, () => {
    it('lists the holidays of 2025 with Swedish names', () => {
      expect(holidaysOfYear(2025).map((h) => `${h.date} ${h.name}`)).toEqual([
        '2025-01-01 nyårsdagen',
        '2025-01-06 trettondedag jul',
        '2025-04-18 långfredagen',
        '2025-04-20 påskdagen',
        '2025-04-21 annandag påsk',
        '2025-05-01 första maj',
        '2025-05-29 Kristi himmelsfärdsdag',
        '2025-06-06 nationaldagen',
        '2025-06-08 pingstdagen',
        '2025-06-21 midsommardagen',
        '2025-11-01 alla helgons dag',
        '2025-12-25 juldagen',
        '2025-12-26 annandag jul',
      ]);
    });

    it('has annandag pingst and no nationaldag before 2005, and the reverse from 2005', () => {
      const names = (y: number) => holidaysOfYear(y).map((h) => h.name);
      expect(names(2004)).toContain('annandag pingst');
      expect(names(2004)).not.toContain('nationaldagen');
      expect(holidaysOfYear(2004).find((h) => h.key === 'annandagPingst')?.date).toBe('2004-05-31');
      expect(names(2005)).not.toContain('annandag pingst');
      expect(names(2005)).toContain('nationaldagen');
      expect(isPublicHoliday('2004-06-07')).toBe(false); // 6 June 2004 was a Sunday anyway; 7 June a Monday
      expect(isPublicHoliday('2003-06-06')).toBe(false); // Friday, not yet a holiday
      expect(isPublicHoliday('2003-06-09')).toBe(true); // annandag pingst 2003
      expect(isPublicHoliday('2025-06-09')).toBe(false); // annandag pingst 2025: working day
    });

    it('places midsommardagen on the Saturday 20–26 June and alla helgons dag on the Saturday 31 Oct–6 Nov', () => {
      for (let y = 1990; y <= 2200; y++) {
        const mid = holidaysOfYear(y).find((h) => h.key === 'midsommardagen')!.date;
        const ahd = holidaysOfYear(y).find((h) => h.key === 'allaHelgonsDag')!.date;
        expect(mid >= `${y}-06-20` && mid <= `${y}-06-26`).toBe(true);
        expect(ahd >= `${y}-10-31` && ahd <= `${y}-11-06`).toBe(true);
        expect(new Date(`${mid}T12:00:00Z`).getUTCDay()).toBe(6);
        expect(new Date(`${ahd}T12:00:00Z`).getUTCDay()).toBe(6);
      }
    });

    it('matches date-holidays for every lag 1989:253 holiday, 2000–2100 (property)', () => {
      fc.assert(
        fc.property(fc.integer({ min: 2000, max: 2100 }), (year) => {
          const ours = holidaysOfYear(year)
            .map((h) => `${h.date} ${h.name}`)
            .sort();
          expect(ours).toEqual(oracleLawHolidays(year));
        }),
        { numRuns: 150 },
      );
    });

    it('matches date-holidays for every lag 1989:253 holiday and eve in each year 2000–2100 (exhaustive)', () => {
      for (let year = 2000; year <= 2100; year++) {
        expect([year, holidaysOfYear(year).map((h) => `${h.date} ${h.name}`).sort()]).toEqual([year, oracleLawHolidays(year)]);
        const eves = oracleDays(year)
          .filter((h) => EVES.has(h.name))
          .map((h) => `${h.date} ${h.name}`)
          .sort();
        expect([year, nonWorkingEvesOfYear(year).map((e) => `${e.date} ${e.name}`).sort()]).toEqual([year, eves]);
      }
    });

    it('matches date-holidays for the three non-working eves, 2000–2100 (property)', () => {
      fc.assert(
        fc.property(fc.integer({ min: 2000, max: 2100 }), (year) => {
          const ours = nonWorkingEvesOfYear(year).map((e) => `${e.date} ${e.name}`);
          const theirs = oracleDays(year)
            .filter((h) => EVES.has(h.name))
            .map((h) => `${h.date} ${h.name}`)
            .sort();
          expect([...ours].sort()).toEqual(theirs);
        }),
        { numRuns: 150 },
      );
    });
  });

  describe(isPublicHoliday.name, () => {
    it('is true on every Sunday and false on the afton days and trettondedagsafton', () => {
      expect(isPublicHoliday('2025-12-07')).toBe(true); // Sunday
      expect(isPublicHoliday('2025-12-24')).toBe(false); // julafton is not a public holiday
      expect(isPublicHoliday('2025-06-20')).toBe(false); // midsommarafton
      expect(isPublicHoliday('2026-01-05')).toBe(false); // trettondedagsafton
      expect(isPublicHoliday('2025-04-19')).toBe(false); // påskafton (a Saturday)
      expect(isPublicHoliday('2025-04-18')).toBe(true);
    });

    it('agrees with date-holidays for random days of 2000–2100 (property)', () => {
      const start = '2000-01-01';
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 36889 }), (offset) => {
          const d = addDays(start, offset);
          const year = Number(d.slice(0, 4));
          const sunday = new Date(`${d}T12:00:00Z`).getUTCDay() === 0;
          const expected = sunday || oracleLawHolidays(year).some((s) => s.startsWith(`${d} `));
          expect(isPublicHoliday(d)).toBe(expected);
        }),
        { numRuns: 1000 },
      );
    });
  });
});
