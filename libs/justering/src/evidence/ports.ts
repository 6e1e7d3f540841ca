import type { ProtocolDocumentKind } from '@justera/sv';
import type { AuditRecord } from '../audit';
import type { Round, Signatory, Version } from '../usecases/ports';

/** The protocol as the evidence names it (and whose organ decides who may read it). */
export interface EvidenceProtocol {
  id: string;
  organisationId: string;
  organId: string;
  title: string;
  meetingDate: string;
  /** draft | justering | justerat */
  status: string;
}

export type EvidenceRound = Pick<
  Round,
  'id' | 'paragraphs' | 'status' | 'signingOrder' | 'deadline' | 'createdAt' | 'completedAt' | 'currentVersionId'
>;
export type EvidenceVersionFacts = Pick<
  Version,
  'id' | 'roundId' | 'number' | 'sha256' | 'previousSha256' | 'size' | 'createdAt' | 'reason'
>;
export type EvidenceSignatory = Pick<Signatory, 'id' | 'roundId' | 'name' | 'role' | 'email'>;

/** A stored document's hash and size (never its bytes). */
export interface StoredDocumentFacts {
  id: string;
  sha256: string;
  size: number;
}

/** An anslag notice as the evidence reports it (libs/anslag's Notice, the fields the evidence shows). */
export interface NoticeFacts {
  id: string;
  roundId: string;
  state: string;
  justeradAt: Date;
  postedDate: string | null;
  lastAppealDay: string | null;
  takeDownDate: string | null;
  takenDownAt: Date | null;
  storagePlace: string;
  filledDocumentId: string | null;
  bevisDocumentId: string | null;
}

/** One board's posting of a notice. */
export interface PostingFacts {
  noticeId: string;
  boardName: string;
  /** justera | external */
  kind: string;
  postedDate: string | null;
  postedAt: Date | null;
}

/** One of the protocol's named documents (docs/glossary.md), as `protocolDocuments` (queries/protocol-documents.ts) lists them. */
export interface NamedDocument {
  kind: ProtocolDocumentKind;
  documentId: string;
  nameSv: string;
  titleSv: string;
  relationSv: string | null;
  roundId: string;
  versionNumber: number | null;
  current: boolean;
  sha256: string;
  size: number;
  /** Relative: `/api/protocols/<id>/documents/<documentId>`. */
  url: string;
  publicUrl: string | null;
  contains: { sha256: string } | null;
}

/**
 * The reads of the evidence (read only; `TypeOrmEvidenceReads` in libs/persistence, token
 * `EVIDENCE_READS`). Everything is a plain object; lists come in the order the evidence shows them.
 */
export interface EvidenceReads {
  /** The protocol of this organisation, or null. */
  protocol(organisationId: string, protocolId: string): Promise<EvidenceProtocol | null>;
  organName(organisationId: string, organId: string): Promise<string | null>;
  /** Oldest first. */
  rounds(organisationId: string, protocolId: string): Promise<EvidenceRound[]>;
  /** Of these rounds, by number (within a round). */
  versions(roundIds: string[]): Promise<EvidenceVersionFacts[]>;
  /** Of these rounds, by position. */
  signatories(roundIds: string[]): Promise<EvidenceSignatory[]>;
  /** The protocol's audit chain, by seq, with each event's data parsed. */
  auditEvents(organisationId: string, protocolId: string): Promise<AuditRecord[]>;
  documents(organisationId: string, ids: string[]): Promise<StoredDocumentFacts[]>;
  notices(organisationId: string, protocolId: string): Promise<NoticeFacts[]>;
  postings(noticeIds: string[]): Promise<PostingFacts[]>;
}

/** The protocol's named documents (the query `ProtocolDocuments`, queries/protocol-documents.ts: the one place that lists them). */
export interface ProtocolDocumentList {
  of(protocol: EvidenceProtocol): Promise<NamedDocument[]>;
}
