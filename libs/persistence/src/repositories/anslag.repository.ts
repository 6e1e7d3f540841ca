import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, FindOptionsWhere, In, IsNull, LessThanOrEqual, MoreThan } from 'typeorm';
import { AnslagBoardEntity, AnslagEventEntity, AnslagNoticeEntity, AnslagPostingEntity } from '../entities/anslag.entity';
import { DocumentEntity } from '../entities/document.entity';
import { OrganEntity } from '../entities/organ.entity';
import { OrganisationEntity } from '../entities/organisation.entity';

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
 * The anslag reads of the api (the public board, feeds, notice pages and PDFs, the notice API) and
 * the board settings. What changes a notice goes through the anslag use cases and their ports
 * (`TypeOrmAnslagStore`, anslag-store.ts), never through here.
 */
export abstract class AnslagRepository {
  /**
   * The organ's active boards, oldest first. `m`: the justering completion reads them inside its own
   * transaction (to tell the signers when the notice goes up); the anslag use cases use the
   * `AnslagStore` port (anslag-store.ts) instead.
   */
  abstract listBoards(organisationId: string, organId: string): Promise<AnslagBoardEntity[]>;
  abstract findBoard(organisationId: string, id: string): Promise<AnslagBoardEntity | null>;
  abstract findNotice(organisationId: string, id: string): Promise<AnslagNoticeEntity | null>;
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
  /** The notices of these protocols, oldest first, in one query. */
  abstract listNoticesOfProtocols(organisationId: string, protocolIds: string[]): Promise<AnslagNoticeEntity[]>;
  abstract postingsOf(noticeIds: string[]): Promise<AnslagPostingEntity[]>;
  /** The events of these notices in one query, in order. */
  abstract eventsOfNotices(noticeIds: string[]): Promise<AnslagEventEntity[]>;
  abstract findOrgan(id: string): Promise<OrganEntity | null>;
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
}

@Injectable()
export class TypeOrmAnslagRepository extends AnslagRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {
    super();
  }
  listBoards(organisationId: string, organId: string) {
    return this.ds.manager.find(AnslagBoardEntity, {
      where: { organisationId, organId, active: true },
      order: { createdAt: 'ASC', name: 'ASC' },
    });
  }
  findBoard(organisationId: string, id: string) {
    return this.ds.manager.findOneBy(AnslagBoardEntity, { organisationId, id });
  }
  findNotice(organisationId: string, id: string) {
    return this.ds.manager.findOneBy(AnslagNoticeEntity, { organisationId, id });
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
  postingsOf(noticeIds: string[]) {
    if (noticeIds.length === 0) return Promise.resolve([]);
    return this.ds.manager.find(AnslagPostingEntity, { where: { noticeId: In(noticeIds) }, order: { createdAt: 'ASC', boardName: 'ASC' } });
  }
  listNoticesOfProtocols(organisationId: string, protocolIds: string[]) {
    if (protocolIds.length === 0) return Promise.resolve([]);
    return this.ds.manager.find(AnslagNoticeEntity, { where: { organisationId, protocolId: In(protocolIds) }, order: { createdAt: 'ASC' } });
  }
  eventsOfNotices(noticeIds: string[]) {
    if (noticeIds.length === 0) return Promise.resolve([]);
    return this.ds.manager.find(AnslagEventEntity, { where: { noticeId: In(noticeIds) }, order: { at: 'ASC' } });
  }
  findOrgan(id: string) {
    return this.ds.manager.findOneBy(OrganEntity, { id });
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
    return this.ds.manager.getRepository(DocumentEntity).findOne({
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
}
