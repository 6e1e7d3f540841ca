import { DataSource, EntityManager } from 'typeorm';
import type { MailToQueue } from '@justera/application';
import type {
  ArchiveCheck,
  FrozenDocument,
  JusteringEvent,
  JusteringStore,
  JusteringUnitOfWork,
  ProtocolFacts,
  RecordedEvent,
  Round,
  RoundStatus,
  PostingBoard,
  Signatory,
  SignatoryState,
  SignerRole,
  SigningLink,
  SigningOrder,
  StoredPdf,
  Version,
} from '@justera/justering';
import type { JobName, JobPayloads } from '@justera/queue';
import { AnslagBoardEntity } from '../entities/anslag.entity';
import { DocumentEntity } from '../entities/document.entity';
import {
  JusteringAuditEventEntity,
  JusteringRoundEntity,
  JusteringSignatoryEntity,
  JusteringVersionEntity,
  SigningLinkEntity,
} from '../entities/justering.entity';
import { OrganEntity } from '../entities/organ.entity';
import { OrganisationEntity } from '../entities/organisation.entity';
import { ProtocolEntity } from '../entities/protocol.entity';
import { insertOutboxRow } from '../outbox-row';
import { TypeOrmJusteringRepository, TypeOrmJusteringUnitOfWork } from './justering.repository';

/** The Nest token of the justering use cases' store (libs/justering `JusteringStore`). */
export const JUSTERING_STORE = Symbol('JUSTERING_STORE');

/**
 * Queues one e-mail in the given transaction and returns its delivery id: libs/queue's
 * `queueMailInTransaction` (which seals the bodies). Passed in because libs/queue depends on this
 * lib, not the other way round; the apps wire it (`justeringStoreProvider` in libs/queue).
 */
export type QueueMailIn = (manager: EntityManager, mail: MailToQueue) => Promise<string>;

// Rows become plain domain objects (copies, with the stored strings read as the domain's types): no
// entity instance leaves this file.
export const toProtocolFacts = (p: ProtocolEntity): ProtocolFacts => ({
  id: p.id,
  organisationId: p.organisationId,
  organId: p.organId,
  title: p.title,
  meetingDate: p.meetingDate,
  status: p.status,
  source: p.source,
  data: p.data,
  documentId: p.documentId,
  rowVersion: p.rowVersion,
});
export const toRound = (r: JusteringRoundEntity): Round => ({
  ...r,
  identityLevel: r.identityLevel ?? 'e-postlank',
  paragraphs: r.paragraphs ? (JSON.parse(r.paragraphs) as number[]) : null,
  signingOrder: r.signingOrder as SigningOrder,
  status: r.status as RoundStatus,
});
const roundRow = (r: Round): JusteringRoundEntity => ({ ...r, paragraphs: r.paragraphs ? JSON.stringify(r.paragraphs) : null });
export const toSignatory = (s: JusteringSignatoryEntity): Signatory => ({
  ...s,
  role: s.role as SignerRole,
  state: s.state as SignatoryState,
  identity: s.identity ?? null,
});
const copy = <T extends object>(x: T): T => ({ ...x });
const toStoredPdf = (d: DocumentEntity): StoredPdf => ({
  id: d.id,
  organisationId: d.organisationId,
  sha256: d.sha256,
  size: d.size,
  mediaType: d.mediaType,
  fileName: d.fileName,
  content: d.content,
  createdAt: d.createdAt,
});

class TypeOrmJusteringStoreUnitOfWork implements JusteringUnitOfWork {
  private readonly rows: TypeOrmJusteringUnitOfWork;
  constructor(
    private readonly m: EntityManager,
    private readonly queueMailIn: QueueMailIn,
  ) {
    this.rows = new TypeOrmJusteringUnitOfWork(m);
  }
  // The signing job's read (CompleteRound); it writes with saveVersion and insertDocument.
  async postingBoards(organisationId: string, organId: string): Promise<PostingBoard[]> {
    const boards = await this.m.find(AnslagBoardEntity, {
      where: { organisationId, organId, active: true },
      order: { createdAt: 'ASC', name: 'ASC' },
    });
    return boards.map((b) => ({ kind: b.kind, name: b.name, postingMode: b.postingMode, postingHour: b.postingHour }));
  }
  enqueue<K extends JobName>(name: K, payload: JobPayloads[K], options?: { delayMs?: number }): Promise<string> {
    return insertOutboxRow(this.m, name, payload, options?.delayMs ?? 0);
  }
  queueMail(mail: MailToQueue): Promise<string> {
    return this.queueMailIn(this.m, mail);
  }
  async appendAudit(e: JusteringEvent): Promise<void> {
    const { organisationId, ...content } = e;
    await this.rows.appendAudit(organisationId, content);
  }
  async lockProtocol(organisationId: string, protocolId: string) {
    const p = await this.rows.lockProtocol(organisationId, protocolId);
    return p ? toProtocolFacts(p) : null;
  }
  setProtocolStatus(protocolId: string, status: 'draft' | 'justering' | 'justerat') {
    return this.rows.setProtocolStatus(protocolId, status);
  }
  async round(roundId: string) {
    const r = await this.rows.round(roundId);
    return r ? toRound(r) : null;
  }
  saveRound(round: Round) {
    return this.rows.saveRound(roundRow(round));
  }
  async version(versionId: string): Promise<Version | null> {
    const v = await this.rows.version(versionId);
    return v ? copy(v) : null;
  }
  async signatories(roundId: string) {
    return (await this.rows.signatories(roundId)).map(toSignatory);
  }
  saveSignatory(s: Signatory) {
    return this.rows.saveSignatory({ ...s });
  }
  insertLink(link: SigningLink) {
    return this.rows.insertLink({ ...link });
  }
  supersedeLinks(roundId: string, reason: string, at: Date, signatoryIds?: string[]) {
    return this.rows.supersedeLinks(roundId, reason, at, signatoryIds);
  }
  // -------- the signing link (signer side)
  async link(linkId: string): Promise<SigningLink | null> {
    const l = await this.rows.link(linkId);
    return l ? copy(l) : null;
  }
  claimLink(linkId: string, at: Date) {
    return this.rows.claimLink(linkId, at);
  }
  async protocol(protocolId: string) {
    const p = await this.m.findOneBy(ProtocolEntity, { id: protocolId });
    return p ? toProtocolFacts(p) : null;
  }
  async auditEvents(protocolId: string): Promise<RecordedEvent[]> {
    const rows = await this.m.find(JusteringAuditEventEntity, { where: { protocolId }, order: { seq: 'ASC' } });
    return rows.map((e) => ({ seq: e.seq, type: e.type, data: JSON.parse(e.data) as Record<string, unknown> }));
  }
  // StartJustering and FreezeNewVersion
  async roundsOfProtocol(protocolId: string) {
    return (await this.rows.roundsOfProtocol(protocolId)).map(toRound);
  }
  saveVersion(version: Version) {
    return this.rows.saveVersion({ ...version });
  }
  insertDocument(doc: FrozenDocument) {
    return this.rows.insertDocument({ ...doc, content: Buffer.from(doc.content) });
  }
  // RenewArchives
  recordArchiveCheck(documentId: string, check: ArchiveCheck) {
    return this.rows.recordArchiveCheck(documentId, check);
  }
  async updateProtocolContent(protocolId: string, change: { documentId?: string; data?: unknown }, at: Date) {
    // A save, not an update: it moves the row version, so an editor still holding the old data is told it is stale.
    const p = await this.m.findOneByOrFail(ProtocolEntity, { id: protocolId });
    if (change.documentId !== undefined) p.documentId = change.documentId;
    if (change.data !== undefined) p.data = change.data;
    p.updatedAt = at;
    await this.m.save(ProtocolEntity, p);
  }
}

/**
 * The justering use cases' ports on TypeORM: one database transaction per unit of work, the protocol
 * row lock of `JusteringRepository` (PostgreSQL `FOR UPDATE`), outbox rows through `insertOutboxRow`,
 * mail through the given `QueueMailIn` and the audit hash chain appended under the lock.
 */
export class TypeOrmJusteringStore implements JusteringStore {
  constructor(
    private readonly ds: DataSource,
    private readonly queueMailIn: QueueMailIn,
  ) {}
  unitOfWork<T>(fn: (uow: JusteringUnitOfWork) => Promise<T>): Promise<T> {
    return this.ds.transaction((m) => fn(new TypeOrmJusteringStoreUnitOfWork(m, this.queueMailIn)));
  }
  async findProtocol(organisationId: string, protocolId: string) {
    const p = await this.ds.getRepository(ProtocolEntity).findOneBy({ id: protocolId, organisationId });
    return p ? toProtocolFacts(p) : null;
  }
  async findRound(roundId: string) {
    const r = await this.ds.getRepository(JusteringRoundEntity).findOneBy({ id: roundId });
    return r ? toRound(r) : null;
  }
  // -------- the signing link (signer side)
  async findLinkByTokenHash(tokenHash: string): Promise<SigningLink | null> {
    const l = await this.ds.getRepository(SigningLinkEntity).findOneBy({ tokenHash });
    return l ? copy(l) : null;
  }
  // StartJustering and FreezeNewVersion
  async roundsOfProtocol(organisationId: string, protocolId: string) {
    const rows = await this.ds
      .getRepository(JusteringRoundEntity)
      .find({ where: { organisationId, protocolId }, order: { createdAt: 'ASC' } });
    return rows.map(toRound);
  }
  async organIdentityLevel(organisationId: string, organId: string) {
    return (await this.ds.getRepository(OrganEntity).findOneBy({ id: organId, organisationId }))?.identityLevel ?? null;
  }
  // The signing job's reads (AppendSignatures, ReconcileSigning).
  async findVersion(versionId: string) {
    const v = await this.ds.getRepository(JusteringVersionEntity).findOneBy({ id: versionId });
    return v ? copy(v) : null;
  }
  async signatoriesOf(roundId: string) {
    const sigs = await this.ds.getRepository(JusteringSignatoryEntity).find({ where: { roundId }, order: { position: 'ASC' } });
    return sigs.map(toSignatory);
  }
  async findDocument(organisationId: string, id: string) {
    const d = await new TypeOrmJusteringUnitOfWork(this.ds.manager).document(organisationId, id);
    return d ? toStoredPdf(d) : null;
  }
  async findOrganisation(id: string) {
    const o = await this.ds.getRepository(OrganisationEntity).findOneBy({ id });
    return o ? { id: o.id, name: o.name } : null;
  }
  async roundsAwaitingSignatures(approvedBefore: Date) {
    return (await new TypeOrmJusteringRepository(this.ds).roundsAwaitingSignatures(approvedBefore)).map(toRound);
  }
  // RenewArchives (the query and the update are JusteringRepository's, which the medium specs cover).
  archiveCandidates(dueBefore: Date, limit: number) {
    return new TypeOrmJusteringRepository(this.ds).archiveCandidates(dueBefore, limit);
  }
  recordArchiveCheck(documentId: string, check: ArchiveCheck) {
    return new TypeOrmJusteringRepository(this.ds).recordArchiveCheck(documentId, check);
  }
}
