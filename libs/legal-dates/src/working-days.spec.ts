import { addWorkingDays, isWorkingDay, nextWorkingDay, nonWorkingReason, previousWorkingDay, workingDayOnOrAfter } from './working-days';

describe('working-days', () => {
  describe(isWorkingDay.name, () => {
    it.each([
      ['2025-12-10', true, undefined], // ordinary Wednesday
      ['2025-12-13', false, 'lördag'],
      ['2025-12-14', false, 'söndag'],
      ['2025-12-24', false, 'julafton'],
      ['2025-12-25', false, 'juldagen'],
      ['2025-12-31', false, 'nyårsafton'],
      ['2025-06-20', false, 'midsommarafton'],
      ['2025-06-21', false, 'midsommardagen'],
      ['2025-04-18', false, 'långfredagen'],
      ['2025-04-21', false, 'annandag påsk'],
      ['2025-05-29', false, 'Kristi himmelsfärdsdag'],
      ['2025-06-06', false, 'nationaldagen'],
      ['2026-01-05', true, undefined], // trettondedagsafton is a working day
      ['2025-06-09', true, undefined], // annandag pingst, not a holiday since 2005
      ['2004-05-31', false, 'annandag pingst'], // … but it was in 2004
      ['2004-06-07', true, undefined],
      ['2003-06-06', true, undefined], // nationaldagen before 2005: a working Friday
      ['2025-04-17', true, undefined], // skärtorsdagen
      ['2025-04-30', true, undefined], // valborgsmässoafton
      ['2025-10-31', true, undefined], // allhelgonaafton
    ])('%s working=%s (%s)', (date, working, reason) => {
      expect(isWorkingDay(date)).toBe(working);
      expect(nonWorkingReason(date)).toBe(reason);
    });
  });

  describe(workingDayOnOrAfter.name, () => {
    it.each([
      ['2025-12-10', '2025-12-10'],
      ['2025-12-24', '2025-12-29'],
      ['2025-12-31', '2026-01-02'],
      ['2026-01-03', '2026-01-05'],
      ['2025-04-18', '2025-04-22'],
    ])('%s -> %s', (d, expected) => {
      expect(workingDayOnOrAfter(d)).toBe(expected);
    });
  });

  describe(nextWorkingDay.name, () => {
    it('is strictly after the date', () => {
      expect(nextWorkingDay('2025-12-10')).toBe('2025-12-11');
      expect(nextWorkingDay('2025-12-23')).toBe('2025-12-29');
      expect(nextWorkingDay('2025-12-30')).toBe('2026-01-02');
      expect(previousWorkingDay('2025-12-29')).toBe('2025-12-23');
      expect(previousWorkingDay('2026-01-07')).toBe('2026-01-05');
    });
  });

  describe(addWorkingDays.name, () => {
    it.each([
      ['2025-12-29', -2, '2025-12-22'], // warn two working days before the justering deadline
      ['2025-12-29', -1, '2025-12-23'],
      ['2025-12-10', 0, '2025-12-10'],
      ['2025-12-13', 0, '2025-12-13'], // 0 leaves even a Saturday alone
      ['2025-12-12', 1, '2025-12-15'],
      ['2025-12-13', 1, '2025-12-15'],
      ['2025-12-22', 2, '2025-12-29'],
      ['2025-12-30', 1, '2026-01-02'],
      ['2026-01-02', -1, '2025-12-30'],
      ['2025-03-05', 5, '2025-03-12'],
    ])('%s %+i working days = %s', (d, n, expected) => {
      expect(addWorkingDays(d, n)).toBe(expected);
    });

    it('rejects a fractional count', () => {
      expect(() => addWorkingDays('2025-12-10', 1.5)).toThrow(RangeError);
    });
  });
});
