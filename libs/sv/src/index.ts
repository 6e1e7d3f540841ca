/**
 * The one Swedish formatting module: dates, month and weekday names, Swedish time (with the
 * "(svensk tid)" convention), day counts ("om 3 dagar") and the words for the signer roles. Pages,
 * mails and PDFs format such things only through this lib. Pure: no Nest, no I/O.
 */
export {
  SWEDISH_TIME_ZONE,
  MONTH_NAMES_SV,
  weekdayNameSv,
  formatDateSv,
  formatDateTimeSv,
  formatStockholmTimestamp,
  formatTimestampSv,
  todayInSweden,
  daysUntil,
  relativeDaysSv,
} from './dates';
export { ROLE_SV, ROLE_LABEL_SV, SIGNATURE_CAPTION_SV, roleSv, roleLabelSv, type SignerRoleKey } from './roles';
export {
  PROTOCOL_DOCUMENT_SV,
  protocolDocumentTitleSv,
  protocolDocumentRelationSv,
  type ProtocolDocumentKind,
  type ProtocolDocumentWords,
} from './documents';
export { slugSv } from './slug';
export { plannedJusteringOf, plannedJusteringSv, plannedJusteringText, type PlannedJustering } from './planned-justering';
