/**
 * `npm run cli -- dates --meeting 2025-12-10 --justerad 2025-12-15 --posted 2025-12-16`
 *
 * Prints one JSON object per given date (one line each, in the order given) with every date that
 * follows from it: the justering deadline and the warning day for a meeting, the posting deadline
 * for a justering, the last appeal day and take-down date for a posting. A date that a deadline
 * rule moved says from where and why (e.g. "julafton").
 */
import {
  addDays,
  addWorkingDays,
  APPEAL_WEEKS,
  DEFAULT_TAKE_DOWN_POLICY,
  holidaysOfYear,
  isIsoDate,
  IsoDate,
  isTakeDownPolicy,
  JUSTERING_DAYS,
  justeringDeadline,
  lastAppealDay,
  nonWorkingEvesOfYear,
  nonWorkingReason,
  POSTING_DAYS,
  postingDeadline,
  takeDownDate,
  TakeDownPolicy,
  weekdayNameSv,
} from '@justera/legal-dates';
import { CliCommand, UsageError } from './command';

type Kind = 'meeting' | 'justerad' | 'posted';

const POLICY_ALIASES: Record<string, TakeDownPolicy> = {
  'dagen-efter': 'dayAfterLastAppealDay',
  'sista-dagen': 'lastAppealDay',
  'vardagen-efter': 'workingDayAfterLastAppealDay',
};

const usage = [
  'Användning: npm run cli -- dates [--meeting ÅÅÅÅ-MM-DD]… [--justerad ÅÅÅÅ-MM-DD]… [--posted ÅÅÅÅ-MM-DD]…',
  '                              [--take-down-policy POLICY] [--warn-days N] [--holidays ÅÅÅÅ]',
  '',
  '  --meeting D           sammanträdesdatum: sista dag för justering (D + 14 dagar) och varningsdag',
  '  --justerad D          justeringsdatum: sista dag för anslag (D + 2 dagar)',
  '  --posted D            anslagsdatum: sista dag att överklaga (D + 3 veckor) och nedtagningsdatum',
  '  --take-down-policy P  dayAfterLastAppealDay (dagen-efter, standard), lastAppealDay (sista-dagen)',
  '                        eller workingDayAfterLastAppealDay (vardagen-efter)',
  '  --warn-days N         varna sekreteraren N arbetsdagar före sista justeringsdag (standard 2)',
  '  --holidays ÅÅÅÅ       skriv ut årets helgdagar och aftnar som inte är arbetsdagar',
  '',
  'Flaggorna kan upprepas. Infaller en sista dag på lördag, söndag, helgdag, midsommarafton, julafton',
  'eller nyårsafton flyttas den till nästa vardag (lag 1930:173). Utdata: ett JSON-objekt per rad.',
].join('\n');

interface DayOut {
  date: IsoDate;
  weekday: string;
  /** The date before the lag 1930:173 move, when it moved. */
  movedFrom?: IsoDate;
  /** Why `movedFrom` was not a working day ("julafton", "lördag", …). */
  movedBecause?: string;
}

function day(date: IsoDate, unmoved?: IsoDate): DayOut {
  const out: DayOut = { date, weekday: weekdayNameSv(date) };
  if (unmoved !== undefined && unmoved !== date) {
    out.movedFrom = unmoved;
    out.movedBecause = nonWorkingReason(unmoved);
  }
  return out;
}

function readDate(flag: string, value: string | undefined): IsoDate {
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} saknar datum. Ange datum som ÅÅÅÅ-MM-DD.`);
  if (!isIsoDate(value)) {
    throw new UsageError(`Ogiltigt datum för ${flag}: "${value}". Ange ett verkligt datum som ÅÅÅÅ-MM-DD, till exempel 2025-12-10.`);
  }
  return value;
}

function readPolicy(value: string | undefined): TakeDownPolicy {
  const v = value === undefined ? undefined : POLICY_ALIASES[value] ?? value;
  if (!isTakeDownPolicy(v)) {
    throw new UsageError(
      `Okänd policy för nedtagning: "${value ?? ''}". Välj dayAfterLastAppealDay (dagen-efter), lastAppealDay (sista-dagen) eller workingDayAfterLastAppealDay (vardagen-efter).`,
    );
  }
  return v;
}

export interface DatesArgs {
  dates: { kind: Kind; date: IsoDate }[];
  policy: TakeDownPolicy;
  warnDays: number;
  holidayYears: number[];
}

export function parseDatesArgs(args: string[]): DatesArgs {
  const out: DatesArgs = { dates: [], policy: DEFAULT_TAKE_DOWN_POLICY, warnDays: 2, holidayYears: [] };
  for (let i = 0; i < args.length; i++) {
    let flag = args[i];
    let value: string | undefined;
    const eq = flag.indexOf('=');
    if (flag.startsWith('--') && eq > 0) {
      value = flag.slice(eq + 1);
      flag = flag.slice(0, eq);
    } else {
      value = args[i + 1];
      if (['--meeting', '--justerad', '--posted', '--take-down-policy', '--warn-days', '--holidays'].includes(flag)) i++;
    }
    switch (flag) {
      case '--meeting':
      case '--justerad':
      case '--posted':
        out.dates.push({ kind: flag.slice(2) as Kind, date: readDate(flag, value) });
        break;
      case '--take-down-policy':
        out.policy = readPolicy(value);
        break;
      case '--warn-days': {
        const n = Number(value);
        if (value === undefined || !/^\d{1,2}$/.test(value) || !Number.isInteger(n)) {
          throw new UsageError(`--warn-days ska vara ett heltal 0–99, fick "${value ?? ''}".`);
        }
        out.warnDays = n;
        break;
      }
      case '--holidays': {
        const y = Number(value);
        if (value === undefined || !/^\d{4}$/.test(value) || y < 1900) {
          throw new UsageError(`--holidays ska vara ett årtal (ÅÅÅÅ, från 1900), fick "${value ?? ''}".`);
        }
        out.holidayYears.push(y);
        break;
      }
      default:
        throw new UsageError(`Okänt argument: "${args[i]}".`);
    }
  }
  if (out.dates.length === 0 && out.holidayYears.length === 0) {
    throw new UsageError('Ange minst ett datum (--meeting, --justerad eller --posted) eller --holidays ÅÅÅÅ.');
  }
  return out;
}

/** The JSON object printed for one given date. */
export function describeDate(kind: Kind, date: IsoDate, policy: TakeDownPolicy, warnDays: number): Record<string, unknown> {
  const base = { given: kind, date, weekday: weekdayNameSv(date) };
  switch (kind) {
    case 'meeting': {
      const deadline = justeringDeadline(date);
      return {
        ...base,
        justeringDeadline: day(deadline, addDays(date, JUSTERING_DAYS)),
        justeringWarningDate: { ...day(addWorkingDays(deadline, -warnDays)), workingDaysBefore: warnDays },
      };
    }
    case 'justerad':
      return { ...base, postingDeadline: day(postingDeadline(date), addDays(date, POSTING_DAYS)) };
    case 'posted': {
      const last = lastAppealDay(date);
      return {
        ...base,
        lastAppealDay: day(last, addDays(date, APPEAL_WEEKS * 7)),
        takeDownDate: day(takeDownDate(last, policy)),
        takeDownPolicy: policy,
      };
    }
  }
}

export function describeYear(year: number): Record<string, unknown> {
  return {
    holidays: year,
    publicHolidays: holidaysOfYear(year).map((h) => ({ date: h.date, weekday: weekdayNameSv(h.date), name: h.name })),
    nonWorkingEves: nonWorkingEvesOfYear(year).map((e) => ({ date: e.date, weekday: weekdayNameSv(e.date), name: e.name })),
    note: 'Alla söndagar är också allmänna helgdagar (lag 1989:253). Lördagar räknas inte som arbetsdagar för frister (lag 1930:173).',
  };
}

export const datesCommand: CliCommand = {
  name: 'dates',
  summary: 'Räkna ut justerings-, anslags-, överklagande- och nedtagningsdatum (svenska helgdagar)',
  usage,
  async run(args: string[]): Promise<number> {
    const parsed = parseDatesArgs(args);
    for (const { kind, date } of parsed.dates) {
      process.stdout.write(`${JSON.stringify(describeDate(kind, date, parsed.policy, parsed.warnDays))}\n`);
    }
    for (const year of parsed.holidayYears) {
      process.stdout.write(`${JSON.stringify(describeYear(year))}\n`);
    }
    return 0;
  },
};
