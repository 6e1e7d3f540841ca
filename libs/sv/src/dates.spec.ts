import { daysUntil, formatDateSv, formatDateTimeSv, formatStockholmTimestamp, formatTimestampSv, relativeDaysSv, todayInSweden } from './dates';
import { ROLE_LABEL_SV, roleLabelSv, roleSv, SIGNATURE_CAPTION_SV } from './roles';

describe(formatDateSv.name, () => {
  it.each([
    ['2025-12-10', 'onsdag 10 december 2025', '10 december 2025'],
    ['2025-03-05', 'onsdag 5 mars 2025', '5 mars 2025'],
    ['2026-01-01', 'torsdag 1 januari 2026', '1 januari 2026'],
    ['2024-02-29', 'torsdag 29 februari 2024', '29 februari 2024'],
  ])('%s -> "%s" / "%s"', (iso, withWeekday, without) => {
    expect(formatDateSv(iso)).toBe(withWeekday);
    expect(formatDateSv(iso, { weekday: false })).toBe(without);
  });

  it('refuses what is not a date', () => {
    expect(() => formatDateSv('2025-02-30')).toThrow(TypeError);
    expect(() => formatDateSv('10/12/2025')).toThrow(TypeError);
  });
});

describe(formatDateTimeSv.name, () => {
  it('writes an instant in Swedish time, winter (CET) and summer (CEST)', () => {
    expect(formatDateTimeSv(new Date('2025-12-16T17:19:00Z'))).toBe('16 december 2025 kl. 18:19');
    expect(formatDateTimeSv('2025-06-30T22:30:00Z')).toBe('1 juli 2025 kl. 00:30');
  });
});

describe(formatTimestampSv.name, () => {
  it('writes the exact instant in Swedish time and says so', () => {
    expect(formatStockholmTimestamp(new Date('2025-03-05T09:00:07Z'))).toBe('2025-03-05 10:00:07');
    expect(formatTimestampSv('2025-07-01T00:00:00Z')).toBe('2025-07-01 02:00:00 (svensk tid)');
    expect(formatTimestampSv('2025-12-31T23:00:00Z')).toBe('2026-01-01 00:00:00 (svensk tid)');
  });
});

describe(daysUntil.name, () => {
  it('counts calendar days in Swedish time, not UTC, around midnight', () => {
    // 00:30 in Sweden on 11 December is still 10 December in UTC.
    const justAfterMidnight = new Date('2025-12-10T23:30:00Z');
    expect(todayInSweden(justAfterMidnight)).toBe('2025-12-11');
    expect(daysUntil('2025-12-11', justAfterMidnight)).toBe(0);
    expect(daysUntil('2025-12-13', justAfterMidnight)).toBe(2);
    expect(daysUntil('2025-12-10', justAfterMidnight)).toBe(-1);
    // 23:30 in Sweden on 10 December.
    expect(daysUntil('2025-12-11', new Date('2025-12-10T22:30:00Z'))).toBe(1);
  });

  it('counts across the switches to and from summer time', () => {
    // 00:30 CEST on 30 March 2025 (the night clocks go forward) is 22:30 UTC on 29 March.
    expect(daysUntil('2025-03-31', new Date('2025-03-29T23:30:00Z'))).toBe(1);
    // 00:30 CEST on 26 October 2025 (the night clocks go back) is 22:30 UTC on 25 October.
    expect(daysUntil('2025-10-27', new Date('2025-10-25T22:30:00Z'))).toBe(1);
    expect(daysUntil('2025-11-25', new Date('2025-10-26T12:00:00Z'))).toBe(30);
  });
});

describe(relativeDaysSv.name, () => {
  it.each([
    [0, 'i dag'],
    [1, 'i morgon'],
    [2, 'om 2 dagar'],
    [14, 'om 14 dagar'],
    [-1, 'för 1 dag sedan'],
    [-3, 'för 3 dagar sedan'],
  ])('%i -> %s', (n, text) => expect(relativeDaysSv(n)).toBe(text));
});

describe('role words', () => {
  it('names the role "justerare" and keeps "Justerande" for the signature block caption only', () => {
    expect(roleSv('ordforande')).toBe('ordförande');
    expect(roleSv('justerare')).toBe('justerare');
    expect(roleLabelSv('justerare')).toBe('Justerare');
    expect(ROLE_LABEL_SV.sekreterare).toBe('Sekreterare');
    expect(SIGNATURE_CAPTION_SV.justerare).toBe('Justerande');
    expect(roleSv('okänd')).toBe('okänd');
  });
});
