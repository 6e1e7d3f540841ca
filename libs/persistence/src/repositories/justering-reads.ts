import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { AuditRecord, DocumentNotice, JusteringReads, StoredDocumentFacts, StoredPdf, Version } from '@justera/justering';
import { AnslagNoticeEntity } from '../entities/anslag.entity';
import { DocumentEntity } from '../entities/document.entity';
import { OrganisationEntity } from '../entities/organisation.entity';
import { JusteringAuditEventEntity, JusteringRoundEntity, JusteringSignatoryEntity, JusteringVersionEntity } from '../entities/justering.entity';
import { ProtocolEntity } from '../entities/protocol.entity';
import { TypeOrmJusteringUnitOfWork } from './justering.repository';
import { toProtocolFacts, toRound, toSignatory } from './justering-store';

/** The Nest token of the justering queries' read port (libs/justering `JusteringReads`). */
export const JUSTERING_READS = Symbol('JUSTERING_READS');

/**
 * The justering queries' reads on TypeORM: one query per method, a list of ids in one `IN (…)`, no
 * transaction. Rows become plain domain objects (copies); no entity instance leaves this file.
 */
@Injectable()
export class TypeOrmJusteringReads implements JusteringReads {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async protocolsByIds(organisationId: string, protocolIds: string[]) {
    if (protocolIds.length === 0) return [];
    const rows = await this.ds.getRepository(ProtocolEntity).findBy({ organisationId, id: In(protocolIds) });
    return rows.map(toProtocolFacts);
  }
  async roundsOfProtocols(organisationId: string, protocolIds: string[]) {
    if (protocolIds.length === 0) return [];
    const rows = await this.ds
      .getRepository(JusteringRoundEntity)
      .find({ where: { organisationId, protocolId: In(protocolIds) }, order: { createdAt: 'ASC' } });
    return rows.map(toRound);
  }
  async signatoriesOfRounds(roundIds: string[]) {
    if (roundIds.length === 0) return [];
    const rows = await this.ds.getRepository(JusteringSignatoryEntity).find({ where: { roundId: In(roundIds) }, order: { position: 'ASC' } });
    return rows.map(toSignatory);
  }
  async versionsOfRounds(roundIds: string[]): Promise<Version[]> {
    if (roundIds.length === 0) return [];
    const rows = await this.ds.getRepository(JusteringVersionEntity).find({ where: { roundId: In(roundIds) }, order: { number: 'ASC' } });
    return rows.map((v) => ({ ...v }));
  }
  async auditRecords(organisationId: string, protocolId: string): Promise<AuditRecord[]> {
    const rows = await this.ds.getRepository(JusteringAuditEventEntity).find({ where: { organisationId, protocolId }, order: { seq: 'ASC' } });
    return rows.map((r) => ({
      seq: r.seq,
      protocolId: r.protocolId,
      roundId: r.roundId,
      type: r.type,
      at: r.at,
      actor: r.actor,
      ip: r.ip,
      userAgent: r.userAgent,
      transactionId: r.transactionId,
      data: JSON.parse(r.data) as Record<string, unknown>,
      prevHash: r.prevHash,
      hash: r.hash,
    }));
  }
  async noticesOfProtocols(organisationId: string, protocolIds: string[]): Promise<DocumentNotice[]> {
    if (protocolIds.length === 0) return [];
    const rows = await this.ds.getRepository(AnslagNoticeEntity).find({
      where: { organisationId, protocolId: In(protocolIds) },
      select: { id: true, protocolId: true, roundId: true, publishPdf: true, documentId: true, filledDocumentId: true, bevisDocumentId: true, createdAt: true },
      order: { createdAt: 'ASC' },
    });
    return rows.map((n) => ({
      id: n.id,
      protocolId: n.protocolId,
      roundId: n.roundId,
      publishPdf: n.publishPdf,
      documentId: n.documentId,
      filledDocumentId: n.filledDocumentId,
      bevisDocumentId: n.bevisDocumentId,
    }));
  }
  async documentInfos(organisationId: string, ids: string[]): Promise<StoredDocumentFacts[]> {
    if (ids.length === 0) return [];
    const rows = await this.ds.getRepository(DocumentEntity).find({ where: { organisationId, id: In(ids) }, select: { id: true, sha256: true, size: true } });
    return rows.map((d) => ({ id: d.id, sha256: d.sha256, size: d.size }));
  }
  async organisationSlug(organisationId: string): Promise<string | null> {
    const o = await this.ds.getRepository(OrganisationEntity).findOne({ where: { id: organisationId }, select: { id: true, slug: true } });
    return o?.slug ?? null;
  }
  async documentWithContent(organisationId: string, id: string): Promise<StoredPdf | null> {
    const d = await new TypeOrmJusteringUnitOfWork(this.ds.manager).document(organisationId, id);
    if (!d) return null;
    return { id: d.id, organisationId: d.organisationId, sha256: d.sha256, size: d.size, mediaType: d.mediaType, fileName: d.fileName, content: d.content, createdAt: d.createdAt };
  }
}
