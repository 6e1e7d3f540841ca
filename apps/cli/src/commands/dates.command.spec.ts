import { runCli } from '../main';
import { UsageError } from './command';
import { datesCommand, parseDatesArgs } from './dates.command';

// Only this command, so other people's commands (and their imports) do not affect this spec.
jest.mock('./index', () => ({ COMMANDS: [jest.requireActual('./dates.command').datesCommand] }));

async function run(args: string[]): Promise<{ code: number; lines: Record<string, any>[] }> {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    const code = await datesCommand.run(args);
    const lines = chunks.join('').trimEnd().split('\n').map((l) => JSON.parse(l));
    return { code, lines };
  } finally {
    spy.mockRestore();
  }
}

describe('datesCommand', () => {
  it('prints one JSON object per given date, in order, with weekday names and moves explained', async () => {
    const { code, lines } = await run(['--meeting', '2025-12-10', '--justerad', '2025-12-22', '--posted', '2025-12-03', '--posted=2020-02-24']);
    expect(code).toBe(0);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toEqual({
      given: 'meeting',
      date: '2025-12-10',
      weekday: 'onsdag',
      justeringDeadline: { date: '2025-12-29', weekday: 'måndag', movedFrom: '2025-12-24', movedBecause: 'julafton' },
      justeringWarningDate: { date: '2025-12-22', weekday: 'måndag', workingDaysBefore: 2 },
    });
    expect(lines[1]).toMatchObject({ given: 'justerad', postingDeadline: { date: '2025-12-29', movedFrom: '2025-12-24' } });
    expect(lines[2]).toMatchObject({
      given: 'posted',
      date: '2025-12-03',
      lastAppealDay: { date: '2025-12-29', weekday: 'måndag', movedFrom: '2025-12-24', movedBecause: 'julafton' },
      takeDownDate: { date: '2025-12-30', weekday: 'tisdag' },
      takeDownPolicy: 'dayAfterLastAppealDay',
    });
    expect(lines[3]).toEqual({
      given: 'posted',
      date: '2020-02-24',
      weekday: 'måndag',
      lastAppealDay: { date: '2020-03-16', weekday: 'måndag' },
      takeDownDate: { date: '2020-03-17', weekday: 'tisdag' },
      takeDownPolicy: 'dayAfterLastAppealDay',
    });
  });

  it('applies --take-down-policy, in English or with its Swedish alias', async () => {
    const a = await run(['--posted', '2020-02-24', '--take-down-policy', 'lastAppealDay']);
    expect(a.lines[0].takeDownDate.date).toBe('2020-03-16');
    const b = await run(['--take-down-policy=vardagen-efter', '--posted', '2025-12-12']);
    expect(b.lines[0]).toMatchObject({
      lastAppealDay: { date: '2026-01-02' },
      takeDownDate: { date: '2026-01-05', weekday: 'måndag' },
      takeDownPolicy: 'workingDayAfterLastAppealDay',
    });
  });

  it('honours --warn-days and lists a year with --holidays', async () => {
    const { lines } = await run(['--meeting', '2025-12-10', '--warn-days', '1', '--holidays', '2025']);
    expect(lines[0].justeringWarningDate).toEqual({ date: '2025-12-23', weekday: 'tisdag', workingDaysBefore: 1 });
    expect(lines[1].holidays).toBe(2025);
    expect(lines[1].publicHolidays).toContainEqual({ date: '2025-06-06', weekday: 'fredag', name: 'nationaldagen' });
    expect(lines[1].nonWorkingEves.map((e: { name: string }) => e.name)).toEqual(['midsommarafton', 'julafton', 'nyårsafton']);
  });

  it.each([
    [['--meeting', '2025-02-30'], /Ogiltigt datum för --meeting: "2025-02-30"/],
    [['--posted', '10/12/2025'], /Ogiltigt datum för --posted/],
    [['--justerad'], /--justerad saknar datum/],
    [['--meeting', '--posted', '2025-01-01'], /--meeting saknar datum/],
    [[], /Ange minst ett datum/],
    [['--posted', '2025-01-01', '--take-down-policy', 'aldrig'], /Okänd policy för nedtagning/],
    [['--frobnicate'], /Okänt argument/],
    [['--warn-days', 'två', '--meeting', '2025-01-01'], /--warn-days/],
    [['--holidays', '25'], /--holidays/],
  ])('rejects %j with a Swedish usage error (exit 2 in main)', async (args, message) => {
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await expect(datesCommand.run(args)).rejects.toThrow(UsageError);
      await expect(datesCommand.run(args)).rejects.toThrow(message);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('parses repeated flags', () => {
    expect(parseDatesArgs(['--posted', '2025-01-02', '--posted', '2025-01-03']).dates).toEqual([
      { kind: 'posted', date: '2025-01-02' },
      { kind: 'posted', date: '2025-01-03' },
    ]);
  });
});

describe('dates through runCli', () => {
  it('exits 2 with the Swedish message and the usage for a bad date, 0 for a good one', async () => {
    const err: string[] = [];
    const out: string[] = [];
    const e = jest.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => (err.push(String(c)), true));
    const o = jest.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => (out.push(String(c)), true));
    try {
      expect(await runCli(['dates', '--meeting', '2025-13-01'])).toBe(2);
      expect(err.join('')).toContain('Ogiltigt datum för --meeting: "2025-13-01"');
      expect(err.join('')).toContain('Användning: npm run cli -- dates');
      expect(out).toEqual([]);
      expect(await runCli(['dates', '--posted', '2025-03-28'])).toBe(0);
      expect(JSON.parse(out.join('')).lastAppealDay.date).toBe('2025-04-22');
    } finally {
      e.mockRestore();
      o.mockRestore();
    }
  });
});
