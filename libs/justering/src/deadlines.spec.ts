import { linkExpiry, roundDeadline, startOfDayStockholm, warningAt, warningDate } from './deadlines';

describe('roundDeadline', () => {
  it.each([
    ['2025-12-10', '2025-12-29'], // +14 is julafton
    ['2025-03-05', '2025-03-19'],
    ['2025-05-23', '2025-06-09'], // +14 is Friday 06-06 nationaldagen → Monday 06-09
  ])('meeting %s → %s', (m, d) => expect(roundDeadline(m)).toBe(d));
});

describe('warningDate', () => {
  it.each([
    ['2025-12-29', 2, '2025-12-22'],
    ['2025-03-19', 2, '2025-03-17'],
    ['2025-03-19', 0, '2025-03-19'],
  ])('%s, %d working days → %s', (d, n, w) => expect(warningDate(d, n)).toBe(w));
});

describe('startOfDayStockholm', () => {
  it.each([
    ['2025-01-15', '2025-01-14T23:00:00.000Z'],
    ['2025-07-15', '2025-07-14T22:00:00.000Z'],
    ['2025-03-30', '2025-03-29T23:00:00.000Z'], // the DST switch day starts in winter time
    ['2025-10-26', '2025-10-25T22:00:00.000Z'],
  ])('%s → %s', (d, iso) => expect(startOfDayStockholm(d).toISOString()).toBe(iso));
});

describe('linkExpiry', () => {
  it('ends when the deadline day ends in Swedish time, plus grace days', () => {
    expect(linkExpiry('2025-12-29').toISOString()).toBe('2025-12-29T23:00:00.000Z');
    expect(linkExpiry('2025-06-09', 2).toISOString()).toBe('2025-06-11T22:00:00.000Z');
    expect(linkExpiry('2025-12-29', 0, new Date('2025-12-29T22:59:59Z')).toISOString()).toBe('2025-12-29T23:00:00.000Z');
  });
  it('gives a link issued after the deadline a week from now instead of being dead on arrival', () => {
    expect(linkExpiry('2025-12-29', 0, new Date('2025-12-29T23:00:00Z')).toISOString()).toBe('2026-01-06T23:00:00.000Z');
    expect(linkExpiry('2022-02-23', 0, new Date('2025-03-05T10:00:00Z')).toISOString()).toBe('2025-03-12T23:00:00.000Z');
  });
});

describe('warningAt', () => {
  it('is 08:00 Swedish time on the warning day, or now when that has passed', () => {
    expect(warningAt('2025-12-29', new Date('2025-12-10T10:00:00Z')).toISOString()).toBe('2025-12-22T07:00:00.000Z');
    const late = new Date('2025-12-23T10:00:00Z');
    expect(warningAt('2025-12-29', late)).toEqual(late);
  });
});
