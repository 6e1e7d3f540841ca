import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import type {
  AdminAuditEntry,
  AnslagStore,
  AnslagUnitOfWork,
  Board,
  Notice,
  NoticeEvent,
  NoticeState,
  NoticeType,
  OrganFacts,
  OrganisationFacts,
  Posting,
  ProtocolFacts,
  RoundFacts,
  StoredDocument,
} from '@justera/anslag';
import { Actor, DomainError, normaliseActor } from '@justera/application';
import type { JobName, JobPayloads } from '@justera/queue';
import { AdminAuditEventEntity } from '../entities/admin.entity';
import { isUniqueViolation } from '../overload';
import { AnslagBoardEntity, AnslagEventEntity, AnslagNoticeEntity, AnslagPostingEntity } from '../entities/anslag.entity';
import { DocumentEntity } from '../entities/document.entity';
import { JusteringRoundEntity, JusteringVersionEntity } from '../entities/justering.entity';
import { OrganEntity } from '../entities/organ.entity';
import { OrganisationEntity } from '../entities/organisation.entity';
import { ProtocolEntity } from '../entities/protocol.entity';
import { insertOutboxRow } from '../outbox-row';

/** The Nest token of the anslag use cases' store (libs/anslag `AnslagStore`). */
export const ANSLAG_STORE = Symbol('ANSLAG_STORE');

// Rows become plain domain objects (copies, with the stored strings read as the domain's unions):
// no entity instance leaves this file.
export const toNotice = (e: AnslagNoticeEntity): Notice => ({ ...e, type: e.type as NoticeType, state: e.state as NoticeState });
export const toPosting = (e: AnslagPostingEntity): Posting => ({
  ...e,
  kind: e.kind === 'external' ? 'external' : 'justera',
  recordedBy: e.recordedBy === null ? null : (normaliseActor(e.recordedBy) as Actor),
});
export const toBoard = (e: AnslagBoardEntity): Board => ({
  ...e,
  kind: e.kind === 'external' ? 'external' : 'justera',
  postingMode: e.postingMode === 'nextWorkingDayAt' ? 'nextWorkingDayAt' : 'immediate',
});
export const toDocument = (e: DocumentEntity): StoredDocument => ({
  id: e.id,
  organisationId: e.organisationId,
  sha256: e.sha256,
  size: e.size,
  mediaType: e.mediaType,
  fileName: e.fileName,
  content: e.content,
  createdAt: e.createdAt,
});
const documentRow = (d: StoredDocument): DocumentEntity => ({ ...d, content: Buffer.from(d.content) });

function isPostgres(m: EntityManager): boolean {
  return m.connection.options.type === 'postgres';
}

class TypeOrmAnslagUnitOfWork implements AnslagUnitOfWork {
  constructor(private readonly m: EntityManager) {}

  enqueue<K extends JobName>(name: K, payload: JobPayloads[K], options?: { delayMs?: number }): Promise<string> {
    return insertOutboxRow(this.m, name, payload, options?.delayMs ?? 0);
  }
  async appendAudit(e: NoticeEvent): Promise<void> {
    await this.m.insert(AnslagEventEntity, {
      id: randomUUID(),
      organisationId: e.organisationId,
      noticeId: e.noticeId,
      kind: e.kind,
      at: e.at,
      actor: e.actor,
      detail: JSON.stringify(e.detail),
    });
  }
  async lockNotice(id: string): Promise<Notice | null> {
    // SQLite has no row locks; its single writer serialises the transactions instead.
    const n = await this.m.findOne(AnslagNoticeEntity, {
      where: { id },
      ...(isPostgres(this.m) ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return n ? toNotice(n) : null;
  }
  async postingsOf(noticeId: string): Promise<Posting[]> {
    return (await this.m.find(AnslagPostingEntity, { where: { noticeId }, order: { createdAt: 'ASC', boardName: 'ASC' } })).map(toPosting);
  }
  async claimPosting(postingId: string, postedDate: string, postedAt: Date, recordedBy: Actor): Promise<boolean> {
    const r = await this.m.update(AnslagPostingEntity, { id: postingId, postedDate: IsNull() }, { postedDate, postedAt, recordedBy });
    return r.affected === 1;
  }
  async insertNotice(notice: Notice, postings: Posting[]): Promise<boolean> {
    // ON CONFLICT DO NOTHING (INSERT OR IGNORE on SQLite): a concurrent first notice of the round
    // wins without aborting this transaction; the round's notice tells which one.
    await this.m.createQueryBuilder().insert().into(AnslagNoticeEntity).values(notice).orIgnore().execute();
    const stored = await this.m.findOne(AnslagNoticeEntity, { where: { roundId: notice.roundId }, select: { id: true } });
    if (stored?.id !== notice.id) return false;
    if (postings.length) await this.m.insert(AnslagPostingEntity, postings);
    return true;
  }
  async updateNotice(id: string, changes: Partial<Omit<Notice, 'id'>>): Promise<void> {
    await this.m.update(AnslagNoticeEntity, { id }, changes);
  }
  async insertDocument(doc: StoredDocument): Promise<void> {
    await this.m.insert(DocumentEntity, documentRow(doc));
  }
  async saveBoard(board: Board): Promise<void> {
    try {
      await this.m.save(AnslagBoardEntity, { ...board });
    } catch (err) {
      // uq_anslag_boards_own: one active Justera board per organ (a concurrent second one loses here).
      if (board.kind === 'justera' && board.active && isUniqueViolation(err)) throw new DomainError('board_exists');
      throw err;
    }
  }
  async setOrganisationSlug(organisationId: string, slug: string): Promise<boolean> {
    try {
      await this.m.update(OrganisationEntity, { id: organisationId }, { slug });
      return true;
    } catch (err) {
      // organisations.slug is unique: another organisation took it meanwhile (the transaction is then
      // aborted on PostgreSQL; the use case throws and it rolls back).
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }
  async appendAdminAudit(e: AdminAuditEntry): Promise<void> {
    await this.m.insert(AdminAuditEventEntity, { ...e, id: randomUUID(), detail: JSON.stringify(e.detail) });
  }
}

/** The anslag use cases' ports on TypeORM (PostgreSQL in production, SQLite in the quick start). */
@Injectable()
export class TypeOrmAnslagStore implements AnslagStore {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  unitOfWork<T>(fn: (uow: AnslagUnitOfWork) => Promise<T>): Promise<T> {
    return this.ds.transaction((m) => fn(new TypeOrmAnslagUnitOfWork(m)));
  }
  async findNotice(id: string) {
    const n = await this.ds.manager.findOneBy(AnslagNoticeEntity, { id });
    return n ? toNotice(n) : null;
  }
  async findNoticeByRound(roundId: string) {
    const n = await this.ds.manager.findOneBy(AnslagNoticeEntity, { roundId });
    return n ? toNotice(n) : null;
  }
  postingsOf(noticeId: string) {
    return new TypeOrmAnslagUnitOfWork(this.ds.manager).postingsOf(noticeId);
  }
  async noticesToReconcile(limit: number) {
    const open = await this.ds.manager.find(AnslagNoticeEntity, {
      where: { state: Not('archived') },
      order: { postAt: 'ASC' },
      take: limit,
    });
    const missingBevis = await this.ds.manager.find(AnslagNoticeEntity, {
      where: { state: 'archived', bevisDocumentId: IsNull(), postedDate: Not(IsNull()) },
      order: { postAt: 'ASC' },
      take: limit,
    });
    const seen = new Set<string>();
    return [...open, ...missingBevis].filter((n) => !seen.has(n.id) && seen.add(n.id)).map(toNotice);
  }
  async findProtocol(id: string): Promise<ProtocolFacts | null> {
    const p = await this.ds.manager.findOneBy(ProtocolEntity, { id });
    if (!p) return null;
    const { id: _, organisationId, organId, source, status, title, meetingDate, data, documentId } = p;
    return { id, organisationId, organId, source, status, title, meetingDate, data, documentId };
  }
  async findRound(id: string): Promise<RoundFacts | null> {
    const round = await this.ds.manager.findOneBy(JusteringRoundEntity, { id }).catch(() => null);
    if (!round) return null;
    const versions = await this.ds.manager.find(JusteringVersionEntity, { where: { roundId: round.id }, order: { number: 'ASC' } });
    const current = versions.find((v) => v.id === round.currentVersionId) ?? versions[versions.length - 1];
    return {
      id: round.id,
      status: round.status,
      paragraphs: round.paragraphs ? (JSON.parse(round.paragraphs) as number[]) : null,
      signedDocumentId: current?.signedDocumentId ?? null,
      signedSha256: current?.sha256 ?? null,
    };
  }
  async findOrgan(id: string): Promise<OrganFacts | null> {
    const o = await this.ds.manager.findOneBy(OrganEntity, { id });
    return o ? { id: o.id, organisationId: o.organisationId, name: o.name, storagePlace: o.storagePlace } : null;
  }
  async findOrganisation(id: string): Promise<OrganisationFacts | null> {
    const o = await this.ds.manager.findOneBy(OrganisationEntity, { id });
    return o ? { id: o.id, name: o.name, slug: o.slug } : null;
  }
  async findDocument(organisationId: string, id: string): Promise<StoredDocument | null> {
    const d = await this.ds.manager.getRepository(DocumentEntity).findOne({
      where: { id, organisationId },
      select: { id: true, organisationId: true, sha256: true, size: true, mediaType: true, fileName: true, content: true, createdAt: true },
    });
    return d ? toDocument(d) : null;
  }
  async findBoard(id: string): Promise<Board | null> {
    const b = await this.ds.manager.findOneBy(AnslagBoardEntity, { id });
    return b ? toBoard(b) : null;
  }
  async findOrganisationBySlug(slug: string): Promise<OrganisationFacts | null> {
    const o = await this.ds.manager.findOneBy(OrganisationEntity, { slug });
    return o ? { id: o.id, name: o.name, slug: o.slug } : null;
  }
  async hasPostedNotices(organisationId: string): Promise<boolean> {
    return this.ds.manager.exists(AnslagNoticeEntity, { where: { organisationId, postedDate: Not(IsNull()) } });
  }
  async boardsOf(organisationId: string, organId: string): Promise<Board[]> {
    const boards = await this.ds.manager.find(AnslagBoardEntity, {
      where: { organisationId, organId, active: true },
      order: { createdAt: 'ASC', name: 'ASC' },
    });
    return boards.map(toBoard);
  }
  async ensureOwnBoard(candidate: Board): Promise<Board> {
    const where = { organisationId: candidate.organisationId, organId: candidate.organId, kind: 'justera', active: true };
    const existing = await this.ds.manager.findOneBy(AnslagBoardEntity, where);
    if (existing) return toBoard(existing);
    await this.ds.createQueryBuilder().insert().into(AnslagBoardEntity).values(candidate).orIgnore().execute();
    return toBoard((await this.ds.manager.findOneBy(AnslagBoardEntity, where))!);
  }
}
