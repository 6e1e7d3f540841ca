import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull, LessThan } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { type ArchiveCandidate, type ArchiveCheck, AuditContent, chainEvent } from '@justera/justering';
import { DocumentEntity } from '../entities/document.entity';
import {
  JusteringAuditEventEntity,
  JusteringRoundEntity,
  JusteringSignatoryEntity,
  JusteringVersionEntity,
  SigningLinkEntity,
} from '../entities/justering.entity';
import { ProtocolEntity } from '../entities/protocol.entity';

/**
 * One unit of work on a protocol's justering. Every change of a round runs inside one, after
 * `lockProtocol`: on PostgreSQL that row lock serialises all changes of one protocol (two
 * simultaneous sign clicks, the worker's reminder and the secretary's resend), which also keeps
 * the per-protocol audit chain linear. `manager` is there for the outbox (enqueueInTransaction).
 */
export interface JusteringUnitOfWork {
  readonly manager: EntityManager;
  lockProtocol(organisationId: string, protocolId: string): Promise<ProtocolEntity | null>;
  setProtocolStatus(protocolId: string, status: ProtocolEntity['status']): Promise<void>;
  round(roundId: string): Promise<JusteringRoundEntity | null>;
  roundsOfProtocol(protocolId: string): Promise<JusteringRoundEntity[]>;
  saveRound(round: JusteringRoundEntity): Promise<void>;
  versions(roundId: string): Promise<JusteringVersionEntity[]>;
  version(versionId: string): Promise<JusteringVersionEntity | null>;
  saveVersion(version: JusteringVersionEntity): Promise<void>;
  insertDocument(doc: DocumentEntity): Promise<void>;
  document(organisationId: string, id: string): Promise<DocumentEntity | null>;
  recordArchiveCheck(documentId: string, check: ArchiveCheck): Promise<void>;
  signatories(roundId: string): Promise<JusteringSignatoryEntity[]>;
  saveSignatory(s: JusteringSignatoryEntity): Promise<void>;
  insertLink(link: SigningLinkEntity): Promise<void>;
  link(id: string): Promise<SigningLinkEntity | null>;
  /** Marks the link used unless it already was: true for exactly one caller. */
  claimLink(id: string, at: Date): Promise<boolean>;
  /** Supersedes every live link of these signatories (all of the round's when omitted). */
  supersedeLinks(roundId: string, reason: string, at: Date, signatoryIds?: string[]): Promise<number>;
  lastAuditEvent(protocolId: string): Promise<JusteringAuditEventEntity | null>;
  insertAuditEvent(e: JusteringAuditEventEntity): Promise<void>;
  /**
   * Links an event to the protocol's chain and stores it. The chain is appended under the protocol's
   * row lock (taken here unless this unit of work holds it already), so two transactions can never
   * link to the same head; take `lockProtocol` first when the transaction also changes other rows.
   */
  appendAudit(organisationId: string, e: Omit<AuditContent, 'seq'>): Promise<JusteringAuditEventEntity>;
}

// The archive renewal's candidate and check record are the use case's own types (libs/justering ports, RenewArchives).
export type { ArchiveCandidate, ArchiveCheck };

/** Justering rounds, versions, signatories, links and the audit trail. */
export abstract class JusteringRepository {
  abstract unitOfWork<T>(fn: (uow: JusteringUnitOfWork) => Promise<T>): Promise<T>;
  abstract findRound(roundId: string): Promise<JusteringRoundEntity | null>;
  abstract roundsOfProtocol(organisationId: string, protocolId: string): Promise<JusteringRoundEntity[]>;
  abstract roundsOfProtocols(organisationId: string, protocolIds: string[]): Promise<JusteringRoundEntity[]>;
  abstract signatories(roundIds: string[]): Promise<JusteringSignatoryEntity[]>;
  abstract versions(roundId: string): Promise<JusteringVersionEntity[]>;
  abstract auditEvents(organisationId: string, protocolId: string): Promise<JusteringAuditEventEntity[]>;
  abstract documentWithContent(organisationId: string, id: string): Promise<DocumentEntity | null>;
  /** Rounds (active or signing) with an approval given before `approvedBefore` whose signature is not in the PDF yet. */
  abstract roundsAwaitingSignatures(approvedBefore: Date): Promise<JusteringRoundEntity[]>;
  /**
   * Up to `limit` signed documents of completed rounds (their current version) that the archive
   * renewal job should look at: never examined, protected only until `dueBefore` or earlier, or whose
   * last look failed; the least recently examined first, so a document that keeps failing does not
   * hold back the others.
   */
  abstract archiveCandidates(dueBefore: Date, limit: number): Promise<ArchiveCandidate[]>;
  /** Records a look of the archive renewal job at a document. */
  abstract recordArchiveCheck(documentId: string, check: ArchiveCheck): Promise<void>;
}

function archiveColumns(check: ArchiveCheck): Partial<DocumentEntity> {
  return {
    archiveCheckedAt: check.checkedAt,
    ...(check.protectedUntil !== undefined ? { archiveProtectedUntil: check.protectedUntil } : {}),
    ...(check.error !== undefined ? { archiveError: check.error === null ? null : check.error.slice(0, 500) } : {}),
  };
}

export class TypeOrmJusteringUnitOfWork implements JusteringUnitOfWork {
  /** Protocols whose row lock this transaction holds. */
  private readonly locked = new Set<string>();
  constructor(readonly manager: EntityManager) {}
  private get postgres() {
    return this.manager.connection.options.type === 'postgres';
  }
  async lockProtocol(organisationId: string, protocolId: string) {
    // SQLite has no row locks; its single writer serialises the transactions instead.
    const p = await this.manager.findOne(ProtocolEntity, {
      where: { id: protocolId, organisationId },
      ...(this.postgres ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (p) this.locked.add(protocolId);
    return p;
  }
  async setProtocolStatus(protocolId: string, status: ProtocolEntity['status']) {
    await this.manager.update(ProtocolEntity, { id: protocolId }, { status, updatedAt: new Date() });
  }
  round(roundId: string) {
    return this.manager.findOneBy(JusteringRoundEntity, { id: roundId });
  }
  roundsOfProtocol(protocolId: string) {
    return this.manager.find(JusteringRoundEntity, { where: { protocolId }, order: { createdAt: 'ASC' } });
  }
  async saveRound(round: JusteringRoundEntity) {
    await this.manager.save(JusteringRoundEntity, round);
  }
  versions(roundId: string) {
    return this.manager.find(JusteringVersionEntity, { where: { roundId }, order: { number: 'ASC' } });
  }
  version(versionId: string) {
    return this.manager.findOneBy(JusteringVersionEntity, { id: versionId });
  }
  async saveVersion(version: JusteringVersionEntity) {
    await this.manager.save(JusteringVersionEntity, version);
  }
  async insertDocument(doc: DocumentEntity) {
    await this.manager.insert(DocumentEntity, doc);
  }
  async recordArchiveCheck(documentId: string, check: ArchiveCheck) {
    await this.manager.update(DocumentEntity, { id: documentId }, archiveColumns(check));
  }
  document(organisationId: string, id: string) {
    return this.manager
      .getRepository(DocumentEntity)
      .createQueryBuilder('d')
      .addSelect('d.content')
      .where('d.id = :id AND d.organisation_id = :org', { id, org: organisationId })
      .getOne();
  }
  signatories(roundId: string) {
    return this.manager.find(JusteringSignatoryEntity, { where: { roundId }, order: { position: 'ASC' } });
  }
  async saveSignatory(s: JusteringSignatoryEntity) {
    await this.manager.save(JusteringSignatoryEntity, s);
  }
  async insertLink(link: SigningLinkEntity) {
    await this.manager.insert(SigningLinkEntity, link);
  }
  link(id: string) {
    return this.manager.findOneBy(SigningLinkEntity, { id });
  }
  async claimLink(id: string, at: Date) {
    const r = await this.manager.update(SigningLinkEntity, { id, usedAt: IsNull() }, { usedAt: at });
    return r.affected === 1;
  }
  async supersedeLinks(roundId: string, reason: string, at: Date, signatoryIds?: string[]) {
    const where = { roundId, supersededAt: IsNull(), ...(signatoryIds ? { signatoryId: In(signatoryIds) } : {}) };
    const r = await this.manager.update(SigningLinkEntity, where, { supersededAt: at, supersededReason: reason });
    return r.affected ?? 0;
  }
  lastAuditEvent(protocolId: string) {
    return this.manager.findOne(JusteringAuditEventEntity, { where: { protocolId }, order: { seq: 'DESC' } });
  }
  async insertAuditEvent(e: JusteringAuditEventEntity) {
    await this.manager.insert(JusteringAuditEventEntity, e);
  }
  async appendAudit(organisationId: string, e: Omit<AuditContent, 'seq'>) {
    // Read the head under the lock: without it two appends read the same head and the second
    // fails on the unique (protocol, seq) index.
    if (!this.locked.has(e.protocolId)) await this.lockProtocol(organisationId, e.protocolId);
    const last = await this.lastAuditEvent(e.protocolId);
    const rec = chainEvent(last ? { seq: last.seq, hash: last.hash } : null, e);
    const row: JusteringAuditEventEntity = {
      id: randomUUID(),
      organisationId,
      protocolId: rec.protocolId,
      roundId: rec.roundId,
      seq: rec.seq,
      type: rec.type,
      at: rec.at,
      actor: rec.actor.slice(0, 80),
      ip: rec.ip,
      userAgent: rec.userAgent,
      transactionId: rec.transactionId,
      data: JSON.stringify(rec.data),
      prevHash: rec.prevHash,
      hash: rec.hash,
    };
    await this.insertAuditEvent(row);
    return row;
  }
}

@Injectable()
export class TypeOrmJusteringRepository extends JusteringRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {
    super();
  }
  unitOfWork<T>(fn: (uow: JusteringUnitOfWork) => Promise<T>): Promise<T> {
    return this.ds.transaction((m) => fn(new TypeOrmJusteringUnitOfWork(m)));
  }
  findRound(roundId: string) {
    return this.ds.getRepository(JusteringRoundEntity).findOneBy({ id: roundId });
  }
  roundsOfProtocol(organisationId: string, protocolId: string) {
    return this.ds.getRepository(JusteringRoundEntity).find({ where: { organisationId, protocolId }, order: { createdAt: 'ASC' } });
  }
  roundsOfProtocols(organisationId: string, protocolIds: string[]) {
    if (protocolIds.length === 0) return Promise.resolve([]);
    return this.ds
      .getRepository(JusteringRoundEntity)
      .find({ where: { organisationId, protocolId: In(protocolIds) }, order: { createdAt: 'ASC' } });
  }
  signatories(roundIds: string[]) {
    if (roundIds.length === 0) return Promise.resolve([]);
    return this.ds.getRepository(JusteringSignatoryEntity).find({ where: { roundId: In(roundIds) }, order: { position: 'ASC' } });
  }
  versions(roundId: string) {
    return this.ds.getRepository(JusteringVersionEntity).find({ where: { roundId }, order: { number: 'ASC' } });
  }
  auditEvents(organisationId: string, protocolId: string) {
    return this.ds.getRepository(JusteringAuditEventEntity).find({ where: { organisationId, protocolId }, order: { seq: 'ASC' } });
  }
  documentWithContent(organisationId: string, id: string) {
    return new TypeOrmJusteringUnitOfWork(this.ds.manager).document(organisationId, id);
  }
  async roundsAwaitingSignatures(approvedBefore: Date) {
    const waiting = await this.ds
      .getRepository(JusteringSignatoryEntity)
      .find({ select: { roundId: true }, where: { state: 'signed', signatureAppliedAt: IsNull(), signedAt: LessThan(approvedBefore) } });
    const ids = [...new Set(waiting.map((s) => s.roundId))];
    if (ids.length === 0) return [];
    return this.ds.getRepository(JusteringRoundEntity).find({ where: { id: In(ids), status: In(['active', 'signing']) } });
  }
  async archiveCandidates(dueBefore: Date, limit: number): Promise<ArchiveCandidate[]> {
    const rows = await this.ds
      .getRepository(JusteringRoundEntity)
      .createQueryBuilder('r')
      .innerJoin(JusteringVersionEntity, 'v', 'v.id = r.current_version_id')
      .innerJoin(DocumentEntity, 'd', 'd.id = v.signed_document_id')
      .select([
        'r.organisation_id AS "organisationId"',
        'r.protocol_id AS "protocolId"',
        'r.id AS "roundId"',
        'v.id AS "versionId"',
        'd.id AS "documentId"',
      ])
      .where("r.status = 'completed'")
      .andWhere('(d.archive_checked_at IS NULL OR d.archive_error IS NOT NULL OR d.archive_protected_until <= :due)', { due: dueBefore })
      .orderBy('CASE WHEN d.archive_checked_at IS NULL THEN 0 ELSE 1 END', 'ASC')
      .addOrderBy('d.archive_checked_at', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .limit(limit)
      .getRawMany<ArchiveCandidate>();
    return rows.map((r) => ({
      organisationId: r.organisationId,
      protocolId: r.protocolId,
      roundId: r.roundId,
      versionId: r.versionId,
      documentId: r.documentId,
    }));
  }
  async recordArchiveCheck(documentId: string, check: ArchiveCheck) {
    await this.ds.getRepository(DocumentEntity).update({ id: documentId }, archiveColumns(check));
  }
}
