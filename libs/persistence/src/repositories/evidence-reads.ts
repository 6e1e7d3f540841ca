import { Inject, Injectable } from '@nestjs/common';
import type {
  EvidenceProtocol,
  EvidenceReads,
  EvidenceRound,
  EvidenceSignatory,
  EvidenceVersionFacts,
  NoticeFacts,
  PostingFacts,
  StoredDocumentFacts,
} from '@justera/justering';
import type { AuditRecord, JusteringReads } from '@justera/justering';
import { AnslagRepository } from './anslag.repository';
import { EvidenceRepository } from './evidence.repository';
import { JUSTERING_READS } from './justering-reads';
import { OrganisationsRepository } from './organisations.repository';
import { ProtocolsRepository } from './protocols.repository';

/** Nest token of the evidence's read port (`EvidenceReads` of libs/justering). */
export const EVIDENCE_READS = Symbol('EVIDENCE_READS');

/**
 * The evidence's reads over the existing repositories and the justering queries' reads (no SQL of its
 * own): each row copied into the plain fact `buildEvidence` takes, never an entity instance.
 */
@Injectable()
export class TypeOrmEvidenceReads implements EvidenceReads {
  constructor(
    private readonly protocols: ProtocolsRepository,
    private readonly organisations: OrganisationsRepository,
    @Inject(JUSTERING_READS) private readonly justering: JusteringReads,
    private readonly anslag: AnslagRepository,
    private readonly evidence: EvidenceRepository,
  ) {}

  async protocol(organisationId: string, protocolId: string): Promise<EvidenceProtocol | null> {
    const p = await this.protocols.find(organisationId, protocolId);
    return p
      ? { id: p.id, organisationId: p.organisationId, organId: p.organId, title: p.title, meetingDate: p.meetingDate, status: p.status }
      : null;
  }

  async organName(organisationId: string, organId: string): Promise<string | null> {
    return (await this.organisations.findOrgan(organisationId, organId))?.name ?? null;
  }

  async rounds(organisationId: string, protocolId: string): Promise<EvidenceRound[]> {
    return (await this.justering.roundsOfProtocols(organisationId, [protocolId])).map((r) => ({
      id: r.id,
      paragraphs: r.paragraphs,
      status: r.status,
      signingOrder: r.signingOrder,
      deadline: r.deadline,
      createdAt: r.createdAt,
      completedAt: r.completedAt,
      currentVersionId: r.currentVersionId,
    }));
  }

  async versions(roundIds: string[]): Promise<EvidenceVersionFacts[]> {
    return (await this.justering.versionsOfRounds(roundIds)).map((v) => ({
      id: v.id,
      roundId: v.roundId,
      number: v.number,
      sha256: v.sha256,
      previousSha256: v.previousSha256,
      size: v.size,
      createdAt: v.createdAt,
      reason: v.reason,
    }));
  }

  async signatories(roundIds: string[]): Promise<EvidenceSignatory[]> {
    return (await this.justering.signatoriesOfRounds(roundIds)).map((s) => ({
      id: s.id,
      roundId: s.roundId,
      name: s.name,
      role: s.role,
      email: s.email,
    }));
  }

  auditEvents(organisationId: string, protocolId: string): Promise<AuditRecord[]> {
    return this.justering.auditRecords(organisationId, protocolId);
  }

  async documents(organisationId: string, ids: string[]): Promise<StoredDocumentFacts[]> {
    return (await this.evidence.documentsByIds(organisationId, ids)).map((d) => ({ id: d.id, sha256: d.sha256, size: d.size }));
  }

  async notices(organisationId: string, protocolId: string): Promise<NoticeFacts[]> {
    return (await this.anslag.listNoticesOfProtocol(organisationId, protocolId)).map((n) => ({
      id: n.id,
      roundId: n.roundId,
      state: n.state,
      justeradAt: n.justeradAt,
      postedDate: n.postedDate,
      lastAppealDay: n.lastAppealDay,
      takeDownDate: n.takeDownDate,
      takenDownAt: n.takenDownAt,
      storagePlace: n.storagePlace,
      filledDocumentId: n.filledDocumentId,
      bevisDocumentId: n.bevisDocumentId,
    }));
  }

  async postings(noticeIds: string[]): Promise<PostingFacts[]> {
    return (await this.anslag.postingsOf(noticeIds)).map((x) => ({
      noticeId: x.noticeId,
      boardName: x.boardName,
      kind: x.kind,
      postedDate: x.postedDate,
      postedAt: x.postedAt,
    }));
  }
}
