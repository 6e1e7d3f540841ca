/**
 * @justera/anslag: the notice model, the posting plan, joint committee dates, the board's feeds
 * (RSS 2.0, Atom, JSON Feed 1.1) and the anslagsbevis (pure), and the anslag use cases over ports
 * (`usecases/`, docs/application.md): no Nest, no database.
 */
export type { NoticeType, NoticeState, PostingPolicy, BoardKind, PostingRecord, NoticeView } from './model';
export {
  TIME_ZONE,
  AnslagRuleError,
  isPostingPolicy,
  zonedInstant,
  planPosting,
  noticeDates,
  stateOn,
  takeDownInstant,
  formatParagraphs,
  type PostingPlan,
  type NoticeDates,
} from './plan';
export {
  escapeXml,
  swedishDate,
  noticeTitle,
  noticeSummary,
  renderRss,
  renderAtom,
  renderJsonFeed,
  JUSTERA_XML_NS,
  type FeedChannel,
} from './feeds';
export { anslagsbevisRows, renderAnslagsbevisPdf, type AnslagsbevisContent } from './bevis';
export { clockFromConfig, systemClock, type Clock } from './clock';
export { APPEAL_TEXT_SV, questionsTextSv, type AppealText } from './appeal-text';
export * from './usecases';
// The anslag reads (the public board, feeds, documents, the notice API) as query classes over the
// `AnslagReads` port (queries/, docs/application.md).
export * from './queries';
