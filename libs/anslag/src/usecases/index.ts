export type {
  AdminAuditEntry,
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
export { MakeNoticeDocuments, datesFinal, type MakeNoticeDocumentsCommand, type SealKeys, type UseCaseLog } from './make-notice-documents';
export { PostNotice, boardPolicy, type PostNoticeCommand } from './post-notice';
export { TakeDownNotice, type TakeDownNoticeCommand } from './take-down-notice';
export { ReconcileNotices, RECONCILE_BATCH } from './reconcile-notices';
export { SaveBoard, BOARD_LIMITS, type SaveBoardCommand, type BoardSettings } from './save-board';
export { ChangeBoardAddress, BOARD_SLUG, type ChangeBoardAddressCommand } from './change-board-address';
export { BOARD_DEFAULTS, isStandardBoard } from './board-defaults';
