import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere, In, IsNull, LessThanOrEqual, MoreThan, Not } from 'typeorm';
import { DomainError } from '@justera/application';
import { AnslagBoardEntity, AnslagEventEntity, AnslagNoticeEntity, AnslagPostingEntity } from '../entities/anslag.entity';
import { DocumentEntity } from '../entities/document.entity';
import { OrganEntity } from '../entities/organ.entity';
import { OrganisationEntity } from '../entities/organisation.entity';
import { ProtocolEntity } from '../entities/protocol.entity';
import { isUniqueViolation } from '../overload';

/** The two lists of the public board: notices up now, and those taken down. */
export type BoardList = 'current' | 'archive';

/** See `AnslagRepository.boardVersion`. */
export interface BoardVersion {
  notices: number;
  archived: number;
  updatedAt: Date | null;
}

/** `stateOn` (libs/anslag) as a filter: posted by `today`, and taken down by date or not. */
function boardWhere(organisationId: string, list: BoardList, today: string): FindOptionsWhere<AnslagNoticeEntity>[] {
  const posted = { organisationId, state: 'current', postedDate: LessThanOrEqual(today) };
  if (list === 'current')
    return [
      { ...posted, takeDownDate: IsNull() },
      { ...posted, awaitingPostings: true },
      { ...posted, takeDownDate: MoreThan(today) },
    ];
  return [
    { organisationId, state: 'archived' },
    { ...posted, awaitingPostings: false, takeDownDate: LessThanOrEqual(today) },
  ];
}

/** An organisation's public board, for the index of boards. */
export interface PublicBoard {
  organisation: OrganisationEntity;
  /** Organs with an active Justera board, by name. */
  organs: string[];
}

/** A timestamp from a raw row: a Date on PostgreSQL, "YYYY-MM-DD HH:MM:SS.SSS" (UTC) on SQLite. */
function rawInstant(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  const s = String(v);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
}

/**
 * The anslag aggregate: boards, notices with their postings and audit events, and the documents they
 * point to. Every method takes an optional EntityManager so a use case can run several of them (and
 * its outbox row) in one transaction opened with `transaction`.
 */
export abstract class AnslagRepository {
  abstract transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T>;
  abstract listBoards(organisationId: string, organId: string, m?: EntityManager): Promise<AnslagBoardEntity[]>;
  abstract findBoard(organisationId: string, id: string, m?: EntityManager): Promise<AnslagBoardEntity | null>;
  /** Throws DomainError `board_exists` when `b` would be the organ's second active Justera board. */
  abstract saveBoard(b: AnslagBoardEntity, m?: EntityManager): Promise<void>;
  /**
   * The organ's own (Justera) board: `candidate` is inserted unless the organ has one already (an
   * upsert on the unique index, safe under concurrency); returns the one that exists.
   */
  abstract ensureOwnBoard(candidate: AnslagBoardEntity): Promise<AnslagBoardEntity>;
  abstract findNotice(organisationId: string, id: string, m?: EntityManager): Promise<AnslagNoticeEntity | null>;
  abstract findNoticeById(id: string, m?: EntityManager): Promise<AnslagNoticeEntity | null>;
  abstract findNoticeByRound(roundId: string, m?: EntityManager): Promise<AnslagNoticeEntity | null>;
  /**
   * One page of the public board's list `list` on the Swedish date `today`, newest posting first, and
   * the list's length. Which list a posted notice is in follows from its dates (libs/anslag `stateOn`),
   * not only from the stored state: a notice whose take-down job has not run is in the archive from
   * its take-down date on.
   */
  abstract boardPage(
    organisationId: string,
    list: BoardList,
    today: string,
    offset: number,
    limit: number,
  ): Promise<{ notices: AnslagNoticeEntity[]; total: number }>;
  /**
   * What the public board of an organisation is made of, cheaply: the number of posted notices (current
   * or archived), how many are stored as archived, and the latest `updated_at` among them. Every write
   * of a notice sets `updated_at`, so a posting, a take-down or a recorded external posting changes it.
   */
  abstract boardVersion(organisationId: string): Promise<BoardVersion>;
  abstract listNoticesOfProtocol(organisationId: string, protocolId: string): Promise<AnslagNoticeEntity[]>;
  /** Notices a reconciliation must look at: not archived, or missing their documents. */
  abstract noticesToReconcile(now: Date, limit: number): Promise<AnslagNoticeEntity[]>;
  abstract saveNotice(n: AnslagNoticeEntity, m?: EntityManager): Promise<void>;
  /** Sets only the given columns (a concurrent change of other columns is kept). */
  abstract updateNotice(id: string, changes: Partial<AnslagNoticeEntity>, m?: EntityManager): Promise<void>;
  abstract postingsOf(noticeIds: string[], m?: EntityManager): Promise<AnslagPostingEntity[]>;
  abstract savePosting(p: AnslagPostingEntity, m?: EntityManager): Promise<void>;
  abstract addEvent(e: AnslagEventEntity, m?: EntityManager): Promise<void>;
  abstract eventsOf(noticeId: string): Promise<AnslagEventEntity[]>;
  abstract findProtocol(id: string, m?: EntityManager): Promise<ProtocolEntity | null>;
  abstract findOrgan(id: string, m?: EntityManager): Promise<OrganEntity | null>;
  abstract findOrganisation(id: string): Promise<OrganisationEntity | null>;
  abstract findOrganisationBySlug(slug: string): Promise<OrganisationEntity | null>;
  /**
   * The installation's public boards for the index at /anslagstavla: the first `limit` organisations
   * by name (each has a board at /anslagstavla/<slug>), each with the names of its organs that have an
   * active Justera board (those whose notices go up there), and the number of organisations.
   */
  abstract publicBoards(limit: number): Promise<{ boards: PublicBoard[]; total: number }>;
  abstract findDocument(organisationId: string, id: string): Promise<DocumentEntity | null>;
  /** Documents rows without content (SHA-256, size) of the given ids, for the notices' documents. */
  abstract documentInfos(organisationId: string, ids: string[]): Promise<DocumentEntity[]>;
  abstract insertDocument(d: DocumentEntity, m?: EntityManager): Promise<void>;
}

@Injectable()
export class TypeOrmAnslagRepository extends AnslagRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {
    super();
  }
  private m(m?: EntityManager): EntityManager {
    return m ?? this.ds.manager;
  }
  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(fn);
  }
  listBoards(organisationId: string, organId: string, m?: EntityManager) {
    return this.m(m).find(AnslagBoardEntity, {
      where: { organisationId, organId, active: true },
      order: { createdAt: 'ASC', name: 'ASC' },
    });
  }
  async ensureOwnBoard(candidate: AnslagBoardEntity) {
    const where = { organisationId: candidate.organisationId, organId: candidate.organId, kind: 'justera', active: true };
    const existing = await this.ds.manager.findOneBy(AnslagBoardEntity, where);
    if (existing) return existing;
    await this.ds.createQueryBuilder().insert().into(AnslagBoardEntity).values(candidate).orIgnore().execute();
    return (await this.ds.manager.findOneBy(AnslagBoardEntity, where))!;
  }
  findBoard(organisationId: string, id: string, m?: EntityManager) {
    return this.m(m).findOneBy(AnslagBoardEntity, { organisationId, id });
  }
  async saveBoard(b: AnslagBoardEntity, m?: EntityManager) {
    try {
      await this.m(m).save(AnslagBoardEntity, b);
    } catch (err) {
      // uq_anslag_boards_own: one active Justera board per organ (creating or re-activating a second).
      if (b.kind === 'justera' && b.active && isUniqueViolation(err)) throw new DomainError('board_exists');
      throw err;
    }
  }
  findNotice(organisationId: string, id: string, m?: EntityManager) {
    return this.m(m).findOneBy(AnslagNoticeEntity, { organisationId, id });
  }
  findNoticeById(id: string, m?: EntityManager) {
    return this.m(m).findOneBy(AnslagNoticeEntity, { id });
  }
  findNoticeByRound(roundId: string, m?: EntityManager) {
    return this.m(m).findOneBy(AnslagNoticeEntity, { roundId });
  }
  async boardPage(organisationId: string, list: BoardList, today: string, offset: number, limit: number) {
    const [notices, total] = await this.ds.manager.findAndCount(AnslagNoticeEntity, {
      where: boardWhere(organisationId, list, today),
      order: { postedDate: 'DESC', createdAt: 'DESC', id: 'DESC' },
      skip: offset,
      take: limit,
    });
    return { notices, total };
  }
  async boardVersion(organisationId: string): Promise<BoardVersion> {
    const row: { notices: unknown; archived: unknown; updated: unknown } | undefined = await this.ds.manager
      .createQueryBuilder(AnslagNoticeEntity, 'n')
      .select('COUNT(*)', 'notices')
      .addSelect("SUM(CASE WHEN n.state = 'archived' THEN 1 ELSE 0 END)", 'archived')
      .addSelect('MAX(n.updated_at)', 'updated')
      .where('n.organisation_id = :organisationId', { organisationId })
      .andWhere('n.state IN (:...states)', { states: ['current', 'archived'] })
      .getRawOne();
    return { notices: Number(row?.notices ?? 0), archived: Number(row?.archived ?? 0), updatedAt: rawInstant(row?.updated) };
  }
  listNoticesOfProtocol(organisationId: string, protocolId: string) {
    return this.ds.manager.find(AnslagNoticeEntity, { where: { organisationId, protocolId }, order: { createdAt: 'ASC' } });
  }
  async noticesToReconcile(now: Date, limit: number) {
    const m = this.ds.manager;
    const open = await m.find(AnslagNoticeEntity, { where: { state: Not('archived') }, order: { postAt: 'ASC' }, take: limit });
    const dueScheduled = open.filter((n) => n.state !== 'scheduled' || n.postAt.getTime() <= now.getTime());
    const missingDocs = await m.find(AnslagNoticeEntity, {
      where: [{ state: 'archived', bevisDocumentId: IsNull(), postAt: LessThanOrEqual(now) }],
      take: limit,
    });
    const seen = new Set<string>();
    return [...dueScheduled, ...missingDocs].filter((n) => !seen.has(n.id) && seen.add(n.id));
  }
  async saveNotice(n: AnslagNoticeEntity, m?: EntityManager) {
    await this.m(m).save(AnslagNoticeEntity, n);
  }
  async updateNotice(id: string, changes: Partial<AnslagNoticeEntity>, m?: EntityManager) {
    await this.m(m).update(AnslagNoticeEntity, { id }, changes as never);
  }
  postingsOf(noticeIds: string[], m?: EntityManager) {
    if (noticeIds.length === 0) return Promise.resolve([]);
    return this.m(m).find(AnslagPostingEntity, { where: { noticeId: In(noticeIds) }, order: { createdAt: 'ASC', boardName: 'ASC' } });
  }
  async savePosting(p: AnslagPostingEntity, m?: EntityManager) {
    await this.m(m).save(AnslagPostingEntity, p);
  }
  async addEvent(e: AnslagEventEntity, m?: EntityManager) {
    await this.m(m).insert(AnslagEventEntity, e);
  }
  eventsOf(noticeId: string) {
    return this.ds.manager.find(AnslagEventEntity, { where: { noticeId }, order: { at: 'ASC' } });
  }
  findProtocol(id: string, m?: EntityManager) {
    return this.m(m).findOneBy(ProtocolEntity, { id });
  }
  findOrgan(id: string, m?: EntityManager) {
    return this.m(m).findOneBy(OrganEntity, { id });
  }
  findOrganisation(id: string) {
    return this.ds.manager.findOneBy(OrganisationEntity, { id });
  }
  findOrganisationBySlug(slug: string) {
    return this.ds.manager.findOneBy(OrganisationEntity, { slug });
  }
  async publicBoards(limit: number) {
    const [organisations, total] = await this.ds.manager.findAndCount(OrganisationEntity, {
      order: { name: 'ASC', slug: 'ASC' },
      take: limit,
    });
    const ids = organisations.map((o) => o.id);
    const boards = ids.length
      ? await this.ds.manager.find(AnslagBoardEntity, {
          where: { organisationId: In(ids), kind: 'justera', active: true },
          select: { organisationId: true, organId: true },
        })
      : [];
    const organIds = [...new Set(boards.map((b) => b.organId))];
    const organs = organIds.length
      ? await this.ds.manager.find(OrganEntity, { where: { id: In(organIds) }, select: { id: true, name: true } })
      : [];
    const organName = new Map(organs.map((o) => [o.id, o.name]));
    return {
      boards: organisations.map((o) => ({
        organisation: o,
        organs: boards
          .filter((b) => b.organisationId === o.id)
          .map((b) => organName.get(b.organId))
          .filter((n): n is string => !!n)
          .sort((a, b) => a.localeCompare(b, 'sv')),
      })),
      total,
    };
  }
  findDocument(organisationId: string, id: string) {
    return this.ds.manager
      .getRepository(DocumentEntity)
      .findOne({
        where: { id, organisationId },
        select: {
          id: true,
          organisationId: true,
          sha256: true,
          size: true,
          mediaType: true,
          fileName: true,
          content: true,
          createdAt: true,
        },
      });
  }
  documentInfos(organisationId: string, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.ds.manager.getRepository(DocumentEntity).find({ where: { organisationId, id: In([...new Set(ids)]) } });
  }
  async insertDocument(d: DocumentEntity, m?: EntityManager) {
    await this.m(m).insert(DocumentEntity, d);
  }
}
