import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Like } from 'typeorm';
import { AnslagNoticeEntity } from '../entities/anslag.entity';
import { DocumentEntity } from '../entities/document.entity';
import {
  JusteringAuditEventEntity,
  JusteringRoundEntity,
  JusteringSignatoryEntity,
  JusteringVersionEntity,
} from '../entities/justering.entity';

/** Where a stored PDF (by its documents row) sits in a protocol's justering and anslag. */
export interface DocumentPlace {
  organisationId: string;
  protocolId: string;
  /** The justering round, when the document is a frozen version or a signed revision of one. */
  roundId: string | null;
  versionId: string | null;
  /**
   * frozen: the version every signer approved; signed: after a signature; renewed: the signed
   * document with a later archive time-stamp (PAdES-LTA renewal); anslag: with the ANSLAG fields
   * filled; anslagsbevis: the notice's certificate of posting; upload: the protocol's own document.
   */
  kind: 'frozen' | 'signed' | 'renewed' | 'anslag' | 'anslagsbevis' | 'upload';
  documentId: string;
  /** For kind 'signed': the transaction id of the signature that produced this revision. */
  transactionId: string | null;
}

/**
 * Read-only queries for the evidence (docs/signatures.md) and for recognising a document on
 * validation (docs/validation.md, "Known documents"). Reads the justering and anslag entities; never writes.
 */
export abstract class EvidenceRepository {
  /** Documents rows (without content) with this SHA-256, newest first. */
  abstract documentsBySha256(sha256: string): Promise<DocumentEntity[]>;
  /** Every place the given documents hold in justering rounds and anslag notices. */
  abstract placesOfDocuments(docs: DocumentEntity[]): Promise<DocumentPlace[]>;
  /** The 'signed' audit event with this transaction id, if any. */
  abstract signedEventByTransaction(transactionId: string): Promise<JusteringAuditEventEntity | null>;
  /** The signatory who signed with this transaction id. */
  abstract signatoryByTransaction(transactionId: string): Promise<JusteringSignatoryEntity | null>;
  /** Documents rows without content, for hashes and sizes. */
  abstract documentsByIds(organisationId: string, ids: string[]): Promise<DocumentEntity[]>;
}

@Injectable()
export class TypeOrmEvidenceRepository extends EvidenceRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {
    super();
  }

  documentsBySha256(sha256: string) {
    return this.ds.getRepository(DocumentEntity).find({ where: { sha256 }, order: { createdAt: 'DESC' }, take: 50 });
  }

  documentsByIds(organisationId: string, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.ds.getRepository(DocumentEntity).find({ where: { organisationId, id: In(ids) } });
  }

  async placesOfDocuments(docs: DocumentEntity[]): Promise<DocumentPlace[]> {
    if (docs.length === 0) return [];
    const ids = docs.map((d) => d.id);
    const places: DocumentPlace[] = [];
    const versions = await this.ds
      .getRepository(JusteringVersionEntity)
      .find({ where: [{ documentId: In(ids) }, { signedDocumentId: In(ids) }] });
    const rounds = new Map<string, { organisationId: string; protocolId: string }>();
    const roundIds = [...new Set(versions.map((v) => v.roundId))];
    if (roundIds.length) {
      const rows = await this.ds.getRepository(JusteringRoundEntity).find({ where: { id: In(roundIds) } });
      for (const r of rows) rounds.set(r.id, { organisationId: r.organisationId, protocolId: r.protocolId });
    }
    for (const v of versions) {
      const r = rounds.get(v.roundId);
      if (!r) continue;
      if (ids.includes(v.documentId))
        places.push({ ...r, roundId: v.roundId, versionId: v.id, kind: 'frozen', documentId: v.documentId, transactionId: null });
    }
    // Every signed revision is named by the audit event that produced it: 'signature.applied' (the
    // worker appending an approval's signature), or 'signed' where one step did both.
    for (const id of ids) {
      const events = await this.ds
        .getRepository(JusteringAuditEventEntity)
        .find({ where: { type: In(['signature.applied', 'signed']), data: Like(`%"revisionDocumentId":"${id}"%`) } });
      for (const e of events) {
        const data = JSON.parse(e.data) as { versionId?: string };
        places.push({
          organisationId: e.organisationId,
          protocolId: e.protocolId,
          roundId: e.roundId,
          versionId: data.versionId ?? null,
          kind: 'signed',
          documentId: id,
          transactionId: e.transactionId,
        });
      }
    }
    // A renewed document (docs/signatures.md, "Archive renewal") is named by its 'document.renewed' event;
    // the bytes it replaced keep the place they had.
    for (const id of ids) {
      const events = await this.ds
        .getRepository(JusteringAuditEventEntity)
        .find({ where: { type: 'document.renewed', data: Like(`%"renewedDocumentId":"${id}"%`) } });
      for (const e of events) {
        const data = JSON.parse(e.data) as { versionId?: string };
        places.push({
          organisationId: e.organisationId,
          protocolId: e.protocolId,
          roundId: e.roundId,
          versionId: data.versionId ?? null,
          kind: 'renewed',
          documentId: id,
          transactionId: null,
        });
      }
    }
    const notices = await this.ds.getRepository(AnslagNoticeEntity).find({ where: { filledDocumentId: In(ids) } });
    for (const n of notices) {
      places.push({
        organisationId: n.organisationId,
        protocolId: n.protocolId,
        roundId: n.roundId,
        versionId: null,
        kind: 'anslag',
        documentId: n.filledDocumentId!,
        transactionId: null,
      });
    }
    const certified = await this.ds.getRepository(AnslagNoticeEntity).find({ where: { bevisDocumentId: In(ids) } });
    for (const n of certified) {
      places.push({
        organisationId: n.organisationId,
        protocolId: n.protocolId,
        roundId: n.roundId,
        versionId: null,
        kind: 'anslagsbevis',
        documentId: n.bevisDocumentId!,
        transactionId: null,
      });
    }
    return places;
  }

  /** The event that put the approval with this transaction id into the PDF ('signature.applied'), else the approval itself. */
  async signedEventByTransaction(transactionId: string) {
    const repo = this.ds.getRepository(JusteringAuditEventEntity);
    return (
      (await repo.findOne({ where: { transactionId, type: 'signature.applied' } })) ??
      repo.findOne({ where: { transactionId, type: 'signed' } })
    );
  }

  signatoryByTransaction(transactionId: string) {
    return this.ds.getRepository(JusteringSignatoryEntity).findOne({ where: { signedTransactionId: transactionId } });
  }
}
