export type { AnslagReads, BoardIndexEntry, BoardList, BoardOrganisation, BoardVersion, DocumentInfo } from './ports';
export {
  boardUrlOf,
  isPublic,
  noticeDetail,
  noticeStatus,
  noticeView,
  publicState,
  type NoticeDetail,
  type NoticeStatus,
  type NoticeViewInput,
} from './notice-view';
export {
  ARCHIVE_PAGE_SIZE,
  ARCHIVE_PREVIEW,
  BOARD_INDEX_SIZE,
  BOARD_PAGE_SIZE,
  BoardFeed,
  FEED_SIZE,
  FindPublicNotice,
  GetPublicNoticeDocument,
  ListBoardNotices,
  ListPublicBoards,
  OpenPublicBoard,
  ViewPublicNotice,
  type FeedFile,
  type Paged,
  type PublicBoard,
  type PublicDocumentKind,
  type PublicNotice,
} from './public-board';
export { GetNotice, ListNoticesOfProtocols, ListOrganBoards, ListProtocolNotices, ProtocolNoticeStatus } from './protocol-notices';
