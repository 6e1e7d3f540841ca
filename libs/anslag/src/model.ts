import type { IsoDate, TakeDownPolicy } from '@justera/legal-dates';

/** What the notice announces. An omedelbar justering of some paragraphs gets its own notice. */
export type NoticeType = 'Justerat protokoll' | 'Justerat protokollsutdrag';

/** A notice is scheduled (waiting for its posting hour), current (on the board) or archived (taken down). */
export type NoticeState = 'scheduled' | 'current' | 'archived';

/** When Justera puts a notice on its own board after the last signature. */
export type PostingPolicy = { mode: 'immediate' } | { mode: 'nextWorkingDayAt'; hour: number };

/** A board is Justera's own public page, or another municipality's board (gemensam nämnd) recorded by hand. */
export type BoardKind = 'justera' | 'external';

/** One posting of a notice on one board (the posting log per board). */
export interface PostingRecord {
  boardId: string;
  boardName: string;
  kind: BoardKind;
  /** The calendar date (Swedish time) it went up; null while an external posting is not yet recorded. */
  postedDate: IsoDate | null;
}

/** Everything the public board, the feeds and the anslagsbevis show about one notice. */
export interface NoticeView {
  id: string;
  type: NoticeType;
  organisationName: string;
  organName: string;
  meetingDate: IsoDate;
  /** "§§ 17–18", or null when unknown (uploaded protocol without the metadata). */
  paragraphs: string | null;
  justeradDate: IsoDate;
  postingDeadline: IsoDate;
  /** The latest recorded posting; null before the notice is posted. */
  postedDate: IsoDate | null;
  lastAppealDay: IsoDate | null;
  takeDownDate: IsoDate | null;
  storagePlace: string;
  contact: string | null;
  state: NoticeState;
  /** True while a board of a gemensam nämnd has no recorded posting: the appeal period may still move. */
  awaitingPostings: boolean;
  postings: PostingRecord[];
  /**
   * SHA-256 of the justerat PDF the notice is about (all signatures, DSS, time-stamps; libs/sv
   * PROTOCOL_DOCUMENT_SV.justerat), and its size in bytes.
   */
  protocolSha256: string | null;
  protocolSize: number | null;
  /**
   * Absolute URL of the justerat PDF itself, when the body publishes PDFs and it is another file than
   * `pdfUrl` (the posted PDF contains it unchanged as its first `protocolSize` bytes).
   */
  protocolPdfUrl: string | null;
  /** Absolute URL of the published PDF, when the body publishes PDFs: the posted PDF, or the justerat PDF until (or unless) the ANSLAG fields are filled. */
  pdfUrl: string | null;
  /** What the file at `pdfUrl` is ('posted': the justerat PDF plus the sealed ANSLAG revision), its SHA-256 and size. */
  pdf: { kind: 'posted' | 'justerat'; sha256: string; size: number } | null;
  /** The sealed anslagsbevis, once made: absolute URL, SHA-256 and size. */
  bevis: { url: string; sha256: string; size: number } | null;
  noticeUrl: string;
  /** The instant the notice last changed (for feeds). */
  updatedAt: Date;
}

export type { IsoDate, TakeDownPolicy };
