import type { Actor, StoredDocument, UnitOfWork } from '@justera/application';
import type { IsoDate } from '@justera/legal-dates';
import type { BoardKind, NoticeState, NoticeType } from '../model';

/**
 * The ports the anslag use cases see: plain domain types, a store for reads and a unit of work for
 * writes. The TypeORM implementation is libs/persistence `TypeOrmAnslagStore`; the specs use the
 * in-memory one in `testing.ts`. No EntityManager or decorated entity crosses into a use case.
 */

/** A notice board of an organ (Justera's own, or another municipality's for a gemensam nämnd). */
export interface Board {
  id: string;
  organisationId: string;
  organId: string;
  name: string;
  kind: BoardKind;
  url: string | null;
  postingMode: 'immediate' | 'nextWorkingDayAt';
  postingHour: number | null;
  /** A TakeDownPolicy of libs/legal-dates (an unknown stored value reads as the default). */
  takeDownPolicy: string;
  publishPdf: boolean;
  contact: string | null;
  active: boolean;
  createdAt: Date;
}

/** One notice of one justering round, with the dates the law asks for and its documents. */
export interface Notice {
  id: string;
  organisationId: string;
  organId: string;
  protocolId: string;
  roundId: string;
  type: NoticeType;
  organName: string;
  meetingDate: IsoDate;
  paragraphs: string | null;
  justeradAt: Date;
  justeradDate: IsoDate;
  postingDeadline: IsoDate;
  postAt: Date;
  postedDate: IsoDate | null;
  lastAppealDay: IsoDate | null;
  takeDownDate: IsoDate | null;
  takeDownPolicy: string;
  awaitingPostings: boolean;
  storagePlace: string;
  contact: string | null;
  publishPdf: boolean;
  documentId: string | null;
  protocolSha256: string | null;
  filledDocumentId: string | null;
  /** null (not yet) | sealed | no-fields | failed */
  fieldsStatus: string | null;
  bevisDocumentId: string | null;
  state: NoticeState;
  takenDownAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The posting of one notice on one board. */
export interface Posting {
  id: string;
  noticeId: string;
  boardId: string;
  boardName: string;
  kind: BoardKind;
  postedDate: IsoDate | null;
  postedAt: Date | null;
  /** Who recorded it: "system" for Justera's own boards, `user:<id>`/`apikey:<id>` for an external one. */
  recordedBy: Actor | null;
  createdAt: Date;
}

export type NoticeEventKind =
  | 'scheduled'
  | 'posted'
  | 'external-posting-recorded'
  | 'bevis-sealed'
  | 'fields-sealed'
  | 'fields-no-fields'
  | 'fields-failed'
  | 'taken-down';

/** One event of a notice's audit trail (anslag_events). */
export interface NoticeEvent {
  organisationId: string;
  noticeId: string;
  kind: NoticeEventKind;
  at: Date;
  /** The same form as justering's audit actors: `user:<id>`, `apikey:<id>` or `system`. */
  actor: Actor;
  detail: Record<string, unknown>;
}

/**
 * One entry of the organisation's administrative audit trail (admin_audit_events, shown on /admin):
 * who changed which setting, from where. Board settings and the board's address are written there,
 * like users, organs and API keys.
 */
export interface AdminAuditEntry {
  organisationId: string;
  actor: Actor;
  /** e.g. "board.created", "board.updated", "board.address-changed" */
  action: string;
  /** "board" | "organisation" */
  targetType: string;
  targetId: string;
  /** Without secrets; stored as JSON. */
  detail: Record<string, unknown>;
  ip: string | null;
  at: Date;
}

/** A stored file (documents row): the application's one stored-document type. */
export type { StoredDocument };

/** What a notice needs to know of its protocol. */
export interface ProtocolFacts {
  id: string;
  organisationId: string;
  organId: string;
  /** 'uploaded' | 'structured' */
  source: string;
  status: string;
  title: string;
  meetingDate: IsoDate;
  /** The protocol's data: the structured protocol, or an upload's metadata. */
  data: unknown;
  documentId: string | null;
}

export interface OrganFacts {
  id: string;
  organisationId: string;
  name: string;
  storagePlace: string | null;
}

export interface OrganisationFacts {
  id: string;
  name: string;
  slug: string;
}

/** What a notice needs to know of the justering round it follows. */
export interface RoundFacts {
  id: string;
  status: string;
  /** The §§ of an omedelbar justering, or null for the whole protocol. */
  paragraphs: number[] | null;
  /** The current version's signed document and its SHA-256, once there is one. */
  signedDocumentId: string | null;
  signedSha256: string | null;
}

/**
 * One transaction on the anslag aggregate: what it writes, its outbox jobs and its audit events
 * commit or roll back together. Anslag sends no mail, so the unit of work of libs/application is
 * offered without `queueMail` (add it here when a use case needs it).
 */
export interface AnslagUnitOfWork extends Omit<UnitOfWork<NoticeEvent>, 'queueMail'> {
  /**
   * The notice, locked for this transaction (PostgreSQL `FOR UPDATE`): every change of one notice —
   * a posting, a recorded external posting, a take-down, its documents — runs after this, so two
   * of them never work from the same stale row.
   */
  lockNotice(id: string): Promise<Notice | null>;
  postingsOf(noticeId: string): Promise<Posting[]>;
  /**
   * Records the posting's date unless one is recorded already: true for exactly one caller (two
   * secretaries, or a job and its retry, never both record one board).
   */
  claimPosting(postingId: string, postedDate: IsoDate, postedAt: Date, recordedBy: Actor): Promise<boolean>;
  /** A new notice with one posting per board; false (and nothing written) when its round has one already. */
  insertNotice(notice: Notice, postings: Posting[]): Promise<boolean>;
  /** Sets only the given fields (a concurrent change of the others is kept). */
  updateNotice(id: string, changes: Partial<Omit<Notice, 'id'>>): Promise<void>;
  insertDocument(doc: StoredDocument): Promise<void>;
  /**
   * Inserts or updates the board. Throws DomainError `board_exists` when it would be the organ's second
   * active Justera board (the unique index decides under concurrency).
   */
  saveBoard(board: Board): Promise<void>;
  /** Sets the organisation's slug (its board's address); false when another organisation has it. */
  setOrganisationSlug(organisationId: string, slug: string): Promise<boolean>;
  /** Appends to the organisation's administrative audit trail (admin_audit_events). */
  appendAdminAudit(entry: AdminAuditEntry): Promise<void>;
}

/** The reads the anslag use cases need outside a transaction, and the door to a unit of work. */
export interface AnslagStore {
  unitOfWork<T>(fn: (uow: AnslagUnitOfWork) => Promise<T>): Promise<T>;
  findNotice(id: string): Promise<Notice | null>;
  findNoticeByRound(roundId: string): Promise<Notice | null>;
  postingsOf(noticeId: string): Promise<Posting[]>;
  /** Notices the reconciliation looks at: not archived, or archived without their anslagsbevis. */
  noticesToReconcile(limit: number): Promise<Notice[]>;
  findProtocol(id: string): Promise<ProtocolFacts | null>;
  findRound(id: string): Promise<RoundFacts | null>;
  findOrgan(id: string): Promise<OrganFacts | null>;
  findOrganisation(id: string): Promise<OrganisationFacts | null>;
  findDocument(organisationId: string, id: string): Promise<StoredDocument | null>;
  /** A board of any organ (active or not); the use case checks its organisation. */
  findBoard(id: string): Promise<Board | null>;
  findOrganisationBySlug(slug: string): Promise<OrganisationFacts | null>;
  /** Whether any notice of the organisation has been posted (its address is then in sealed documents and feeds). */
  hasPostedNotices(organisationId: string): Promise<boolean>;
  /** The organ's active boards, oldest first. */
  boardsOf(organisationId: string, organId: string): Promise<Board[]>;
  /**
   * The organ's own (Justera) board: `candidate` is inserted unless the organ has one already (safe
   * under concurrency, on the unique index); returns the one that exists.
   */
  ensureOwnBoard(candidate: Board): Promise<Board>;
}
