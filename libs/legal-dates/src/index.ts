/**
 * Swedish legal dates for justering and anslag: holidays (lag 1989:253), deadline moves
 * (lag 1930:173) and the Kommunallagen (2017:725) periods. Pure: no Nest, no I/O; dates are
 * `YYYY-MM-DD` strings with integer day arithmetic (a JS Date enters only in isoDateInTimeZone).
 */
export type { IsoDate, IsoWeekday } from './calendar-date';
export {
  InvalidDateError,
  MIN_YEAR,
  MAX_YEAR,
  isIsoDate,
  parseIsoDate,
  addDays,
  daysBetween,
  compareDates,
  maxDate,
  isoWeekday,
  weekdayNameSv,
  weekdayNameEn,
  isLeapYear,
  daysInMonth,
  isoDateInTimeZone,
} from './calendar-date';
export type { Holiday, HolidayKey, NonWorkingEve, EveKey } from './holidays';
export {
  NATIONALDAG_REFORM_YEAR,
  easterSunday,
  holidaysOfYear,
  nonWorkingEvesOfYear,
  namedHolidaysOn,
  isPublicHoliday,
  nonWorkingEveOn,
} from './holidays';
export {
  isWorkingDay,
  nonWorkingReason,
  workingDayOnOrAfter,
  nextWorkingDay,
  previousWorkingDay,
  addWorkingDays,
} from './working-days';
export type {
  TakeDownPolicy,
  DeriveDatesInput,
  DeriveDatesOptions,
  DerivedDates,
  DateIssue,
  DateIssueCode,
} from './deadlines';
export {
  JUSTERING_DAYS,
  POSTING_DAYS,
  APPEAL_WEEKS,
  TAKE_DOWN_POLICIES,
  DEFAULT_TAKE_DOWN_POLICY,
  isTakeDownPolicy,
  justeringDeadline,
  postingDeadline,
  lastAppealDay,
  takeDownDate,
  deriveDates,
} from './deadlines';
