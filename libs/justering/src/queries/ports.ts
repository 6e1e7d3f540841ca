import type { AuditRecord } from '../audit';
import type { StoredDocumentFacts } from '../evidence/ports';
import type { ProtocolFacts, Round, Signatory, StoredPdf, Version } from '../usecases/ports';

/** What a protocol's documents need of an anslag notice (libs/anslag's `Notice`, these fields). */
export interface DocumentNotice {
  id: string;
  protocolId: string;
  roundId: string;
  /** Whether the body publishes the protocol's PDFs on its public board. */
  publishPdf: boolean;
  /** The justerat PDF the notice was made from. */
  documentId: string | null;
  /** The posted PDF (the justerat PDF with the ANSLAG fields filled and sealed). */
  filledDocumentId: string | null;
  bevisDocumentId: string | null;
}

/**
 * The read port of the justering queries (JusteringStatus, LiveState, AuditTrail, RoundDocument,
 * LinkDocument, ProtocolDocuments): plain domain types, no transaction, no lock. Every method that takes a list of ids
 * answers with one query for the whole list, so a page listing many protocols reads their justering
 * in a fixed number of queries (not one set per protocol). The TypeORM implementation is libs/persistence
 * `TypeOrmJusteringReads` (token `JUSTERING_READS`); the specs use `InMemoryJusteringReads` in `../testing`.
 */
export interface JusteringReads {
  /** The organisation's protocols among `protocolIds` (in no particular order; unknown ids are left out). */
  protocolsByIds(organisationId: string, protocolIds: string[]): Promise<ProtocolFacts[]>;
  /** The rounds of these protocols, oldest first. */
  roundsOfProtocols(organisationId: string, protocolIds: string[]): Promise<Round[]>;
  /** The signatories of these rounds, by position. */
  signatoriesOfRounds(roundIds: string[]): Promise<Signatory[]>;
  /** The versions of these rounds, by number. */
  versionsOfRounds(roundIds: string[]): Promise<Version[]>;
  /** The protocol's audit events as stored (hash chain included), in seq order; `data` parsed. */
  auditRecords(organisationId: string, protocolId: string): Promise<AuditRecord[]>;
  /** The anslag notices of these protocols, oldest first. */
  noticesOfProtocols(organisationId: string, protocolIds: string[]): Promise<DocumentNotice[]>;
  /** The organisation's documents among `ids`: SHA-256 and size, never the bytes (unknown ids are left out). */
  documentInfos(organisationId: string, ids: string[]): Promise<StoredDocumentFacts[]>;
  /** The organisation's slug (the address of its public board), or null. */
  organisationSlug(organisationId: string): Promise<string | null>;
  /** A document of the organisation with its bytes. */
  documentWithContent(organisationId: string, id: string): Promise<StoredPdf | null>;
}
