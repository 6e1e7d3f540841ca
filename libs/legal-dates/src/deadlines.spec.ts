import { InvalidDateError } from './calendar-date';
import { deriveDates, justeringDeadline, lastAppealDay, postingDeadline, takeDownDate } from './deadlines';

describe('deadlines', () => {
  describe(lastAppealDay.name, () => {
    // The worked examples of domain.md.
    it.each([
      ['2025-03-05', '2025-03-26'], // Wed -> Wed
      ['2025-03-28', '2025-04-22'], // +21 is långfredagen -> Tue after annandag påsk
      ['2025-05-30', '2025-06-23'], // +21 is midsommarafton -> Mon
      ['2025-12-03', '2025-12-29'], // +21 is julafton -> Mon
      ['2025-12-10', '2026-01-02'], // +21 is nyårsafton -> Fri
      ['2025-12-15', '2026-01-05'], // trettondedagsafton is a working day
      ['2020-02-24', '2020-03-16'], // seed: gemensam nämnd 2020-02-14
      ['2022-10-20', '2022-11-10'], // seed pair 2
      ['2025-05-15', '2025-06-05'], // Thursday before nationaldagen: unaffected
      ['2025-05-16', '2025-06-09'], // +21 is nationaldagen (Fri) -> annandag pingst is a working Monday
      ['2004-05-10', '2004-06-01'], // +21 was annandag pingst 2004 -> Tue
    ])('posted %s -> last appeal day %s', (posted, expected) => {
      expect(lastAppealDay(posted)).toBe(expected);
    });

    it('runs from the latest posting for a gemensam nämnd', () => {
      expect(lastAppealDay(['2025-03-05', '2025-03-07', '2025-03-06'])).toBe('2025-03-28');
    });
  });

  describe(justeringDeadline.name, () => {
    it.each([
      ['2025-12-10', '2025-12-29'], // domain.md: +14 is julafton -> Mon
      ['2020-02-14', '2020-02-28'],
      ['2024-12-13', '2024-12-27'],
      ['2025-06-06', '2025-06-23'], // +14 is midsommarafton
    ])('meeting %s -> justera by %s', (meeting, expected) => {
      expect(justeringDeadline(meeting)).toBe(expected);
    });
  });

  describe(postingDeadline.name, () => {
    it.each([
      ['2025-12-10', '2025-12-12'], // Wed -> Fri
      ['2025-12-11', '2025-12-15'], // Thu -> Sat -> Mon
      ['2025-12-22', '2025-12-29'], // Mon -> julafton -> Mon after the holidays
      ['2020-02-21', '2020-02-24'], // seed: justerad Fri 2020-02-21, posted Mon 2020-02-24 = on time
    ])('justerad %s -> post by %s', (justerad, expected) => {
      expect(postingDeadline(justerad)).toBe(expected);
    });
  });

  describe(takeDownDate.name, () => {
    it('reproduces the seeds: 2020 with lastAppealDay, 2022 with dayAfterLastAppealDay', () => {
      expect(takeDownDate(lastAppealDay('2020-02-24'), 'lastAppealDay')).toBe('2020-03-16');
      expect(takeDownDate(lastAppealDay('2022-10-20'), 'dayAfterLastAppealDay')).toBe('2022-11-11');
      // No single policy produces both seeds.
      expect(takeDownDate(lastAppealDay('2020-02-24'))).toBe('2020-03-17');
      expect(takeDownDate(lastAppealDay('2022-10-20'), 'lastAppealDay')).toBe('2022-11-10');
    });

    it('takes the day after literally by default, even a Saturday; the working-day policy moves it', () => {
      expect(takeDownDate('2025-06-19')).toBe('2025-06-20'); // midsommarafton
      expect(takeDownDate('2026-01-02')).toBe('2026-01-03'); // Saturday
      expect(takeDownDate('2026-01-02', 'workingDayAfterLastAppealDay')).toBe('2026-01-05');
      expect(takeDownDate('2025-12-23', 'workingDayAfterLastAppealDay')).toBe('2025-12-29');
      expect(takeDownDate('2025-12-10', 'workingDayAfterLastAppealDay')).toBe('2025-12-11');
    });

    it('rejects an unknown policy', () => {
      expect(() => takeDownDate('2025-12-10', 'never' as never)).toThrow(RangeError);
    });
  });

  describe(deriveDates.name, () => {
    it('derives every date from the seed protocol (gemensam nämnd 2020-02-14)', () => {
      expect(
        deriveDates({ meeting: '2020-02-14', justerad: '2020-02-21', posted: '2020-02-24' }, { takeDownPolicy: 'lastAppealDay' }),
      ).toEqual({
        meeting: '2020-02-14',
        justeringDeadline: '2020-02-28',
        justeringWarningDate: '2020-02-26',
        justerad: '2020-02-21',
        postingDeadline: '2020-02-24',
        posted: '2020-02-24',
        postings: ['2020-02-24'],
        lastAppealDay: '2020-03-16',
        takeDownDate: '2020-03-16',
        takeDownPolicy: 'lastAppealDay',
        issues: [],
      });
    });

    it('derives only what follows from the given dates', () => {
      expect(deriveDates({ meeting: '2025-12-10' })).toEqual({
        meeting: '2025-12-10',
        justeringDeadline: '2025-12-29',
        justeringWarningDate: '2025-12-22',
        takeDownPolicy: 'dayAfterLastAppealDay',
        issues: [],
      });
      expect(deriveDates({ posted: '2025-12-10' }, { warnWorkingDaysBefore: 0 })).toMatchObject({
        lastAppealDay: '2026-01-02',
        takeDownDate: '2026-01-03',
      });
      expect(deriveDates({})).toEqual({ takeDownPolicy: 'dayAfterLastAppealDay', issues: [] });
    });

    it('uses the latest of several postings', () => {
      const d = deriveDates({ justerad: '2025-03-03', posted: ['2025-03-07', '2025-03-05'] });
      expect(d.postings).toEqual(['2025-03-05', '2025-03-07']);
      expect(d.posted).toBe('2025-03-07');
      expect(d.lastAppealDay).toBe('2025-03-28');
      expect(d.issues.map((i) => i.code)).toEqual(['POSTED_AFTER_DEADLINE']);
      expect(d.issues[0].message).toContain('2025-03-07');
    });

    it('reports late or out-of-order dates', () => {
      expect(deriveDates({ meeting: '2025-12-10', justerad: '2025-12-30' }).issues.map((i) => i.code)).toEqual([
        'JUSTERAD_AFTER_DEADLINE',
      ]);
      expect(deriveDates({ meeting: '2025-12-10', justerad: '2025-12-29' }).issues).toEqual([]);
      expect(deriveDates({ meeting: '2025-12-10', justerad: '2025-12-09' }).issues.map((i) => i.code)).toEqual([
        'JUSTERAD_BEFORE_MEETING',
      ]);
      expect(deriveDates({ justerad: '2025-12-10', posted: '2025-12-09' }).issues.map((i) => i.code)).toEqual([
        'POSTED_BEFORE_JUSTERAD',
      ]);
    });

    it('validates its input', () => {
      expect(() => deriveDates({ meeting: '2025-02-30' })).toThrow(InvalidDateError);
      expect(() => deriveDates({ posted: ['2025-02-03', 'x'] })).toThrow(InvalidDateError);
      expect(() => deriveDates({}, { takeDownPolicy: 'x' as never })).toThrow(RangeError);
      expect(() => deriveDates({}, { warnWorkingDaysBefore: -1 })).toThrow(RangeError);
    });
  });
});
