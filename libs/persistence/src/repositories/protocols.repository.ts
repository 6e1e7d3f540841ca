import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { DocumentEntity } from '../entities/document.entity';
import { ProtocolEntity } from '../entities/protocol.entity';

export interface ProtocolQuery {
  organisationId: string;
  /** Only these organs (a sekreterare's); all of the organisation's when absent. */
  organIds?: string[];
  limit: number;
  offset: number;
}

/** Protocols and the immutable documents (PDF bytes) they refer to. */
export abstract class ProtocolsRepository {
  abstract find(organisationId: string, id: string): Promise<ProtocolEntity | null>;
  abstract list(q: ProtocolQuery): Promise<{ items: ProtocolEntity[]; total: number }>;
  abstract insert(p: ProtocolEntity, document?: DocumentEntity): Promise<void>;
  /** Saves with the optimistic lock: rejects when rowVersion moved on since it was read. */
  abstract update(p: ProtocolEntity): Promise<boolean>;
  abstract delete(organisationId: string, id: string): Promise<void>;
  abstract findDocument(organisationId: string, id: string, withContent: boolean): Promise<DocumentEntity | null>;
  /** A justerat protocol whose document has this SHA-256 (what public validation may reveal). */
  abstract findPublishedBySha256(sha256: string): Promise<ProtocolEntity | null>;
}

@Injectable()
export class TypeOrmProtocolsRepository extends ProtocolsRepository {
  constructor(
    @InjectRepository(ProtocolEntity) private readonly protocols: Repository<ProtocolEntity>,
    @InjectRepository(DocumentEntity) private readonly documents: Repository<DocumentEntity>,
  ) {
    super();
  }
  find(organisationId: string, id: string) {
    return this.protocols.findOneBy({ id, organisationId });
  }
  async list(q: ProtocolQuery) {
    const where = q.organIds ? { organisationId: q.organisationId, organId: In(q.organIds) } : { organisationId: q.organisationId };
    const [items, total] = await this.protocols.findAndCount({
      where,
      order: { meetingDate: 'DESC', createdAt: 'DESC' },
      take: q.limit,
      skip: q.offset,
    });
    return { items, total };
  }
  async insert(p: ProtocolEntity, document?: DocumentEntity) {
    await this.protocols.manager.transaction(async (m) => {
      if (document) await m.insert(DocumentEntity, document);
      await m.save(ProtocolEntity, p);
    });
  }
  async update(p: ProtocolEntity) {
    const result = await this.protocols
      .createQueryBuilder()
      .update(ProtocolEntity)
      // The JsonColumn transformer stringifies `data` (the query builder applies it): pass the value itself.
      .set({ title: p.title, meetingDate: p.meetingDate, data: p.data as never, organId: p.organId, status: p.status, updatedAt: p.updatedAt, rowVersion: p.rowVersion + 1 })
      .where('id = :id AND organisation_id = :org AND row_version = :v', { id: p.id, org: p.organisationId, v: p.rowVersion })
      .execute();
    if (result.affected === 1) p.rowVersion += 1;
    return result.affected === 1;
  }
  async delete(organisationId: string, id: string) {
    await this.protocols.manager.transaction(async (m) => {
      const p = await m.findOneBy(ProtocolEntity, { id, organisationId });
      if (!p) return;
      await m.delete(ProtocolEntity, { id });
      if (p.documentId) await m.delete(DocumentEntity, { id: p.documentId, organisationId });
    });
  }
  async findPublishedBySha256(sha256: string) {
    const docs = await this.documents.find({ where: { sha256 }, take: 50 });
    if (!docs.length) return null;
    return this.protocols.findOne({ where: { documentId: In(docs.map((d) => d.id)), status: 'justerat' }, order: { updatedAt: 'DESC' } });
  }
  findDocument(organisationId: string, id: string, withContent: boolean) {
    if (!withContent) return this.documents.findOneBy({ id, organisationId });
    return this.documents
      .createQueryBuilder('d')
      .addSelect('d.content')
      .where('d.id = :id AND d.organisation_id = :org', { id, org: organisationId })
      .getOne();
  }
}
