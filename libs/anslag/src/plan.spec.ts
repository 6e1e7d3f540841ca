import fc from 'fast-check';
import { compareDates, isWorkingDay, postingDeadline } from '@justera/legal-dates';
import { formatParagraphs, noticeDates, planPosting, stateOn, takeDownInstant, zonedInstant } from './plan';
import type { PostingRecord } from './model';

const justera = (postedDate: string | null, boardName = 'Justera'): PostingRecord => ({
  boardId: boardName,
  boardName,
  kind: 'justera',
  postedDate,
});
const external = (postedDate: string | null, boardName: string): PostingRecord => ({
  boardId: boardName,
  boardName,
  kind: 'external',
  postedDate,
});

describe(planPosting.name, () => {
  it.each([
    // [justeradAt (UTC), policy, postAt (UTC), postDate, deadline]
    ['2025-03-05T10:00:00Z', { mode: 'immediate' as const }, '2025-03-05T10:00:00.000Z', '2025-03-05', '2025-03-07'],
    // 00:30 Swedish time on the 6th is still the 5th in UTC: the Swedish date counts.
    ['2025-03-05T23:30:00Z', { mode: 'immediate' as const }, '2025-03-05T23:30:00.000Z', '2025-03-06', '2025-03-10'],
    // Friday afternoon, next working day Monday 09:00, which is summer time (CEST, UTC+2) after 30 March.
    ['2025-03-28T14:00:00Z', { mode: 'nextWorkingDayAt' as const, hour: 9 }, '2025-03-31T07:00:00.000Z', '2025-03-31', '2025-03-31'],
    // Winter time (CET, UTC+1).
    ['2025-03-05T10:00:00Z', { mode: 'nextWorkingDayAt' as const, hour: 8 }, '2025-03-06T07:00:00.000Z', '2025-03-06', '2025-03-07'],
    // Justerad 23 December: julafton, juldagen, annandag jul and a weekend follow; the deadline moves too.
    ['2025-12-23T12:00:00Z', { mode: 'nextWorkingDayAt' as const, hour: 10 }, '2025-12-29T09:00:00.000Z', '2025-12-29', '2025-12-29'],
    // Skärtorsdagen: långfredagen, påskafton, påskdagen, annandag påsk.
    ['2025-04-17T12:00:00Z', { mode: 'nextWorkingDayAt' as const, hour: 0 }, '2025-04-21T22:00:00.000Z', '2025-04-22', '2025-04-22'],
  ])('justerad %s with %j posts at %s (%s, deadline %s)', (at, policy, postAt, postDate, deadline) => {
    const plan = planPosting(new Date(at), policy);
    expect(plan.postAt.toISOString()).toBe(postAt);
    expect(plan.postDate).toBe(postDate);
    expect(plan.deadline).toBe(deadline);
    expect(plan.clamped).toBe(false);
  });

  it('rejects a policy without a valid hour', () => {
    expect(() => planPosting(new Date(), { mode: 'nextWorkingDayAt', hour: 24 })).toThrow(/Ogiltig anslagsregel/);
    expect(() => planPosting(new Date(), { mode: 'later' } as never)).toThrow(/Ogiltig anslagsregel/);
  });

  it('never posts after the legal deadline nor before the justering (2000-2100, every hour)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-12-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 23 }),
        (at, hour) => {
          const plan = planPosting(at, { mode: 'nextWorkingDayAt', hour });
          expect(compareDates(plan.postDate, postingDeadline(plan.justeradDate))).toBeLessThanOrEqual(0);
          expect(plan.postAt.getTime()).toBeGreaterThanOrEqual(at.getTime());
          expect(isWorkingDay(plan.postDate)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe(zonedInstant.name, () => {
  it.each([
    ['2025-01-15', 9, '2025-01-15T08:00:00.000Z'],
    ['2025-07-15', 9, '2025-07-15T07:00:00.000Z'],
    ['2025-10-26', 0, '2025-10-25T22:00:00.000Z'], // the autumn change night: 00:00 is still summer time
    ['2025-03-30', 2, '2025-03-30T01:00:00.000Z'], // 02:00 does not exist in Sweden that night: 03:00 CEST
  ])('%s %i:00 in Stockholm is %s', (date, hour, iso) => {
    expect(zonedInstant(date, hour).toISOString()).toBe(iso);
  });
  it('puts the take-down at Swedish midnight', () => {
    expect(takeDownInstant('2026-01-03').toISOString()).toBe('2026-01-02T23:00:00.000Z');
  });
});

describe(noticeDates.name, () => {
  it.each([
    // [postings, deadline, policy, posted, last appeal day, take-down, awaiting]
    ['domain example 1', [justera('2025-03-05')], '2025-03-07', undefined, '2025-03-05', '2025-03-26', '2025-03-27', false],
    ['nyårsafton moves the last day', [justera('2025-12-10')], '2025-12-12', undefined, '2025-12-10', '2026-01-02', '2026-01-03', false],
    [
      'seed 2020 (down on the last day)',
      [justera('2020-02-24')],
      '2020-02-24',
      'lastAppealDay' as const,
      '2020-02-24',
      '2020-03-16',
      '2020-03-16',
      false,
    ],
    [
      'seed 2022 (down the day after)',
      [justera('2022-10-20')],
      '2022-10-21',
      'dayAfterLastAppealDay' as const,
      '2022-10-20',
      '2022-11-10',
      '2022-11-11',
      false,
    ],
    [
      'gemensam nämnd: from the latest posting',
      [justera('2020-02-24'), external('2020-02-21', 'Mora kommun'), external('2020-02-26', 'Orsa kommun')],
      '2020-02-24',
      undefined,
      '2020-02-26',
      '2020-03-18',
      '2020-03-19',
      false,
    ],
    [
      'gemensam nämnd: one board not yet recorded',
      [justera('2020-02-24'), external(null, 'Orsa kommun')],
      '2020-02-24',
      undefined,
      '2020-02-24',
      '2020-03-16',
      '2020-03-17',
      true,
    ],
    ['nothing posted yet', [justera(null)], '2020-02-24', undefined, null, null, null, true],
  ])('%s', (_name, postings, deadline, policy, posted, lad, down, awaiting) => {
    const d = noticeDates(postings as PostingRecord[], deadline as string, policy);
    expect([d.postedDate, d.lastAppealDay, d.takeDownDate, d.awaitingPostings]).toEqual([posted, lad, down, awaiting]);
  });

  it('names boards posted after the legal deadline', () => {
    const d = noticeDates([justera('2020-02-24'), external('2020-02-27', 'Orsa kommun')], '2020-02-24');
    expect(d.latePostings).toEqual(['Orsa kommun']);
  });
});

describe(stateOn.name, () => {
  const d = { postedDate: '2025-03-05', takeDownDate: '2025-03-27', awaitingPostings: false };
  it.each([
    ['2025-03-04', d, 'scheduled'],
    ['2025-03-05', d, 'current'],
    ['2025-03-26', d, 'current'],
    ['2025-03-27', d, 'archived'],
    ['2025-04-30', { ...d, awaitingPostings: true }, 'current'],
    ['2025-04-30', { postedDate: null, takeDownDate: null, awaitingPostings: true }, 'scheduled'],
  ])('on %s: %j is %s', (today, dates, state) => {
    expect(stateOn(today, dates)).toBe(state);
  });
});

describe(formatParagraphs.name, () => {
  it.each([
    [[], null],
    [[5], '§ 5'],
    [[17, 18], '§§ 17–18'],
    [[627, 628, 629, 638], '§§ 627–629, 638'],
    [[9, 3, 7, 3], '§§ 3, 7, 9'],
  ])('%j -> %s', (ns, s) => {
    expect(formatParagraphs(ns)).toBe(s);
  });

  it('writes a decimal-numbered protocol\'s items as the protocol does', () => {
    expect(formatParagraphs([1, 2, 3, 5], 'decimal')).toBe('punkterna 1–3, 5');
  });
});
