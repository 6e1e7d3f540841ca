import type { IsoDate } from '@justera/legal-dates';
import type { Board, Notice, NoticeEvent, OrganisationFacts, Posting, StoredDocument } from '../usecases/ports';

/**
 * The read port of the anslag queries (the public board, its feeds and documents, and the notice
 * API): plain domain types, no transaction. The TypeORM implementation is libs/persistence
 * `TypeOrmAnslagReads` (token `ANSLAG_READS`); the specs use `InMemoryAnslagReads` (testing/).
 */

/** The two lists of the public board: notices up now, and those taken down. */
export type BoardList = 'current' | 'archive';

/** An organisation as its public board needs it. */
export interface BoardOrganisation extends OrganisationFacts {
  createdAt: Date;
}

/**
 * What the public board of an organisation is made of, cheaply: the number of posted notices (current
 * or archived), how many are stored as archived, and the latest `updatedAt` among them (every write of
 * a notice sets it).
 */
export interface BoardVersion {
  notices: number;
  archived: number;
  updatedAt: Date | null;
}

/** A stored file without its content. */
export type DocumentInfo = Pick<StoredDocument, 'id' | 'sha256' | 'size'>;

/** One organisation on the index of boards, with the organs (by name, Swedish order) that have an active Justera board. */
export interface BoardIndexEntry {
  organisation: BoardOrganisation;
  organs: string[];
}

export interface AnslagReads {
  organisation(id: string): Promise<BoardOrganisation | null>;
  organisationBySlug(slug: string): Promise<BoardOrganisation | null>;
  /** The first `limit` organisations by name (each has a board), and how many there are. */
  boardIndex(limit: number): Promise<{ entries: BoardIndexEntry[]; total: number }>;
  /**
   * One page of the board's list `list` on the Swedish date `today`, newest posting first, and the
   * list's length. Which list a posted notice is in is `publicState` (queries/notice-view.ts) as a
   * filter: a notice whose take-down job has not run is in the archive from its take-down date on;
   * a scheduled notice is in neither.
   */
  boardPage(
    organisationId: string,
    list: BoardList,
    today: IsoDate,
    offset: number,
    limit: number,
  ): Promise<{ notices: Notice[]; total: number }>;
  boardVersion(organisationId: string): Promise<BoardVersion>;
  notice(organisationId: string, id: string): Promise<Notice | null>;
  /** The notices of these protocols, oldest first (one query for the whole list). */
  noticesOfProtocols(organisationId: string, protocolIds: string[]): Promise<Notice[]>;
  /** The postings of the notices, oldest first (then by board name). */
  postingsOf(noticeIds: string[]): Promise<Posting[]>;
  /** The events of these notices, each notice's in order (actors as written by any version read as `user:<id>` …). */
  eventsOfNotices(noticeIds: string[]): Promise<NoticeEvent[]>;
  documentInfos(organisationId: string, ids: string[]): Promise<DocumentInfo[]>;
  document(organisationId: string, id: string): Promise<StoredDocument | null>;
  /** The organ's active boards, oldest first. */
  boards(organisationId: string, organId: string): Promise<Board[]>;
}
