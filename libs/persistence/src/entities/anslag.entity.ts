import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from './columns';

/**
 * A notice board of an organ: Justera's own public board, or (gemensam nämnd) another
 * municipality's board whose posting date the secretary records. Justera's board carries the
 * organ's posting policy.
 */
@Entity('anslag_boards')
@Index('ix_anslag_boards_organ', ['organisationId', 'organId'])
// One active Justera board per organ, by construction (external boards may be many).
@Index('uq_anslag_boards_own', ['organisationId', 'organId'], { unique: true, where: "kind = 'justera' AND active" })
export class AnslagBoardEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId: string;

  @Column({ name: 'organ_id', type: 'varchar', length: 36 })
  organId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** justera | external */
  @Column({ type: 'varchar', length: 16 })
  kind: string;

  /** Where an external board is (for the posting log); null for Justera's own. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  url: string | null;

  /** immediate | nextWorkingDayAt */
  @Column({ name: 'posting_mode', type: 'varchar', length: 20 })
  postingMode: string;

  /** Hour (0-23, Swedish time) for nextWorkingDayAt. */
  @Column({ name: 'posting_hour', type: 'integer', nullable: true })
  postingHour: number | null;

  /** A TakeDownPolicy of libs/legal-dates. */
  @Column({ name: 'take_down_policy', type: 'varchar', length: 40 })
  takeDownPolicy: string;

  /** Whether the signed protocol PDF is published with the notice. */
  @Column({ name: 'publish_pdf', type: 'boolean', default: true })
  publishPdf: boolean;

  @Column({ type: 'varchar', length: 300, nullable: true })
  contact: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @TimestampColumn({ name: 'created_at' })
  createdAt: Date;
}

/** One notice ("Justerat protokoll") of one justering round: the dates the law asks for and the documents. */
@Entity('anslag_notices')
@Index('ix_anslag_notices_board', ['organisationId', 'state', 'postedDate', 'createdAt'])
export class AnslagNoticeEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId: string;

  @Column({ name: 'organ_id', type: 'varchar', length: 36 })
  organId: string;

  @Index('ix_anslag_notices_protocol')
  @Column({ name: 'protocol_id', type: 'varchar', length: 36 })
  protocolId: string;

  /** The justering round; one notice per round (an omedelbar justering is its own round). */
  @Column({ name: 'round_id', type: 'varchar', length: 64, unique: true })
  roundId: string;

  /** A NoticeType of libs/anslag. */
  @Column({ type: 'varchar', length: 40 })
  type: string;

  @Column({ name: 'organ_name', type: 'varchar', length: 200 })
  organName: string;

  @Column({ name: 'meeting_date', type: 'varchar', length: 10 })
  meetingDate: string;

  /** "§§ 17–18" as shown. */
  @Column({ type: 'varchar', length: 400, nullable: true })
  paragraphs: string | null;

  @TimestampColumn({ name: 'justerad_at' })
  justeradAt: Date;

  @Column({ name: 'justerad_date', type: 'varchar', length: 10 })
  justeradDate: string;

  @Column({ name: 'posting_deadline', type: 'varchar', length: 10 })
  postingDeadline: string;

  /** When Justera posts on its own board(s). */
  @TimestampColumn({ name: 'post_at' })
  postAt: Date;

  /** Latest posting over all boards. */
  @Column({ name: 'posted_date', type: 'varchar', length: 10, nullable: true })
  postedDate: string | null;

  @Column({ name: 'last_appeal_day', type: 'varchar', length: 10, nullable: true })
  lastAppealDay: string | null;

  @Column({ name: 'take_down_date', type: 'varchar', length: 10, nullable: true })
  takeDownDate: string | null;

  @Column({ name: 'take_down_policy', type: 'varchar', length: 40 })
  takeDownPolicy: string;

  @Column({ name: 'awaiting_postings', type: 'boolean', default: false })
  awaitingPostings: boolean;

  @Column({ name: 'storage_place', type: 'varchar', length: 200 })
  storagePlace: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  contact: string | null;

  @Column({ name: 'publish_pdf', type: 'boolean', default: true })
  publishPdf: boolean;

  /** The signed protocol PDF the notice is about (documents row). */
  @Column({ name: 'document_id', type: 'varchar', length: 36, nullable: true })
  documentId: string | null;

  @Column({ name: 'protocol_sha256', type: 'varchar', length: 64, nullable: true })
  protocolSha256: string | null;

  /** The signed PDF with its ANSLAG fields filled and sealed (a new revision), when made. */
  @Column({ name: 'filled_document_id', type: 'varchar', length: 36, nullable: true })
  filledDocumentId: string | null;

  /** null (not yet) | sealed | no-fields | failed */
  @Column({ name: 'fields_status', type: 'varchar', length: 16, nullable: true })
  fieldsStatus: string | null;

  /** The sealed anslagsbevis (documents row). */
  @Column({ name: 'bevis_document_id', type: 'varchar', length: 36, nullable: true })
  bevisDocumentId: string | null;

  /** scheduled | current | archived */
  @Column({ type: 'varchar', length: 16 })
  state: string;

  @TimestampColumn({ name: 'taken_down_at', nullable: true })
  takenDownAt: Date | null;

  @TimestampColumn({ name: 'created_at' })
  createdAt: Date;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt: Date;
}

/** The posting of one notice on one board (the posting log per board). */
@Entity('anslag_postings')
@Index('uq_anslag_postings_notice_board', ['noticeId', 'boardId'], { unique: true })
export class AnslagPostingEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'notice_id', type: 'varchar', length: 36 })
  noticeId: string;

  @Column({ name: 'board_id', type: 'varchar', length: 36 })
  boardId: string;

  @Column({ name: 'board_name', type: 'varchar', length: 200 })
  boardName: string;

  /** justera | external */
  @Column({ type: 'varchar', length: 16 })
  kind: string;

  @Column({ name: 'posted_date', type: 'varchar', length: 10, nullable: true })
  postedDate: string | null;

  @TimestampColumn({ name: 'posted_at', nullable: true })
  postedAt: Date | null;

  /** Who recorded an external posting (user id or "apikey:<id>"); "system" for Justera's own. */
  @Column({ name: 'recorded_by', type: 'varchar', length: 64, nullable: true })
  recordedBy: string | null;

  @TimestampColumn({ name: 'created_at' })
  createdAt: Date;
}

/** The notice's audit trail: scheduled, posted, external posting recorded, sealed, taken down. */
@Entity('anslag_events')
@Index('ix_anslag_events_notice', ['noticeId'])
export class AnslagEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId: string;

  @Column({ name: 'notice_id', type: 'varchar', length: 36 })
  noticeId: string;

  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @TimestampColumn()
  at: Date;

  @Column({ type: 'varchar', length: 64 })
  actor: string;

  @Column({ type: 'text' })
  detail: string;
}

export const ANSLAG_ENTITIES = [AnslagBoardEntity, AnslagNoticeEntity, AnslagPostingEntity, AnslagEventEntity];
