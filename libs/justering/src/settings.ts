import type { ReminderPolicy } from './reminders';

/**
 * The justering's reminders and link lifetimes. Read from the environment (`JUSTERING_*`) and
 * validated once at boot by libs/config (`AppConfig.justering`, docs/operations.md); the api and the
 * worker pass that object on.
 */
export interface JusteringSettings {
  reminders: ReminderPolicy;
  /** Days a link stays valid after the justering deadline (0 = it expires when the deadline day ends). */
  linkGraceDays: number;
  /** Working days before the deadline that the secretary is warned. */
  warnWorkingDaysBefore: number;
}
