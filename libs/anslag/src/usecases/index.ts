export type {
  AnslagStore,
  AnslagUnitOfWork,
  Board,
  Notice,
  NoticeEvent,
  NoticeEventKind,
  OrganFacts,
  OrganisationFacts,
  Posting,
  ProtocolFacts,
  RoundFacts,
  StoredDocument,
} from './ports';
export {
  applyNoticeDates,
  takeDownPolicyOf,
  swedishToday,
  RecomputeNoticeDates,
  type RecomputeNoticeDatesCommand,
  type RecomputedDates,
} from './notice-dates';
export { RecordExternalPosting, type RecordExternalPostingCommand, type RecordExternalPostingResult } from './record-external-posting';
