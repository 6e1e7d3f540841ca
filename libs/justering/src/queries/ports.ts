import type { AuditRecord } from '../audit';
import type { ProtocolFacts, Round, Signatory, StoredPdf, Version } from '../usecases/ports';

/**
 * The read port of the justering queries (JusteringStatus, LiveState, AuditTrail, RoundDocument,
 * LinkDocument): plain domain types, no transaction, no lock. Every method that takes a list of ids
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
  /** A document of the organisation with its bytes. */
  documentWithContent(organisationId: string, id: string): Promise<StoredPdf | null>;
}
