import type { Actor, StoredDocument, UnitOfWork } from '@justera/application';
import type { Protocol } from '@justera/protocol';
import type { AuditContent } from '../audit';
import type { RoundStatus, SignatoryState, SignerRole, SigningOrder } from '../round';

/**
 * The ports the justering use cases see: plain domain types, a store for reads and a unit of work
 * for one transaction. The TypeORM implementation is libs/persistence `TypeOrmJusteringStore`; the
 * specs use the in-memory one in `../testing`. No EntityManager or decorated entity crosses into a
 * use case.
 */

/** One justering round of a protocol (the whole protocol, or single §§ for omedelbar justering). */
export interface Round {
  id: string;
  organisationId: string;
  protocolId: string;
  organId: string;
  /** 'e-postlank' or 'e-legitimation', fixed when the round starts. */
  identityLevel: string;
  /** The §§ of an omedelbar justering; null for the whole protocol. */
  paragraphs: number[] | null;
  signingOrder: SigningOrder;
  status: RoundStatus;
  /** The justering deadline, YYYY-MM-DD. */
  deadline: string;
  currentVersionId: string | null;
  createdBy: string;
  createdAt: Date;
  completedAt: Date | null;
  cancelledAt: Date | null;
  warnedAt: Date | null;
  signingError: string | null;
  signingFailedAt: Date | null;
  signingFailures: number;
}

/** A frozen version of the round's PDF. */
export interface Version {
  id: string;
  roundId: string;
  number: number;
  documentId: string;
  sha256: string;
  size: number;
  previousSha256: string | null;
  signedDocumentId: string;
  reason: string | null;
  createdAt: Date;
}

/** A signer of a round and where they stand on the current version. */
export interface Signatory {
  id: string;
  roundId: string;
  role: SignerRole;
  name: string;
  email: string;
  position: number;
  state: SignatoryState;
  sentAt: Date | null;
  openedAt: Date | null;
  signedAt: Date | null;
  signedSha256: string | null;
  signedTransactionId: string | null;
  changeRequestedAt: Date | null;
  changeComment: string | null;
  remindersSent: number;
  lastRemindedAt: Date | null;
  signatureAppliedAt: Date | null;
  signatureMethod: string | null;
  /** The verified identity of the approval (JSON), null for an approval by link alone. */
  identity: string | null;
}

/** A personal signing link: only the token's SHA-256 is stored. */
export interface SigningLink {
  id: string;
  tokenHash: string;
  roundId: string;
  signatoryId: string;
  versionId: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  supersededAt: Date | null;
  /** replaced | resent | email_changed | replaced_signatory | cancelled */
  supersededReason: string | null;
}

/** What a justering needs to know of its protocol. */
export interface ProtocolFacts {
  id: string;
  organisationId: string;
  organId: string;
  title: string;
  meetingDate: string;
  /** draft | justering | justerat */
  status: string;
  /** 'uploaded' | 'structured' */
  source: string;
  /** The structured protocol, or an upload's metadata. */
  data: unknown;
  documentId: string | null;
  /**
   * Moves with every write of the protocol row (an editor's save, a status change, a corrected
   * version): StartJustering and FreezeNewVersion refuse (`stale`) when it moved between freezing the
   * PDF and taking the lock.
   */
  rowVersion: number;
}

/** One event of the protocol's audit hash chain (the store links it to the chain). */
export interface JusteringEvent extends Omit<AuditContent, 'seq' | 'actor'> {
  organisationId: string;
  actor: Actor;
}

/**
 * One transaction on a protocol's justering. Every change runs after `lockProtocol` (PostgreSQL
 * `FOR UPDATE`): that row lock serialises all changes of one protocol — two sign clicks, the worker's
 * reminder and the secretary's resend — and keeps the protocol's audit chain linear. The rows, the
 * outbox jobs (`enqueue`), the mail (`queueMail`) and the audit events (`appendAudit`) commit together.
 */
export interface JusteringUnitOfWork extends UnitOfWork<JusteringEvent>, SigningLinkUnitOfWork, SigningUnitOfWork, ArchiveUnitOfWork {
  lockProtocol(organisationId: string, protocolId: string): Promise<ProtocolFacts | null>;
  setProtocolStatus(protocolId: string, status: 'draft' | 'justering' | 'justerat'): Promise<void>;
  round(roundId: string): Promise<Round | null>;
  saveRound(round: Round): Promise<void>;
  version(versionId: string): Promise<Version | null>;
  /** The round's signatories by position. */
  signatories(roundId: string): Promise<Signatory[]>;
  saveSignatory(s: Signatory): Promise<void>;
  insertLink(link: SigningLink): Promise<void>;
  /** Supersedes every live link of these signatories (all of the round's when omitted); returns how many. */
  supersedeLinks(roundId: string, reason: string, at: Date, signatoryIds?: string[]): Promise<number>;

  // -- StartJustering and FreezeNewVersion (the secretary's start and corrected version)
  /** The protocol's rounds, oldest first. */
  roundsOfProtocol(protocolId: string): Promise<Round[]>;
  saveVersion(version: Version): Promise<void>;
  /** Stores a frozen PDF as one of the organisation's documents. */
  insertDocument(doc: FrozenDocument): Promise<void>;
  /**
   * A corrected version changes the protocol itself: an uploaded protocol's document becomes the
   * corrected PDF, a structured protocol's data the corrected protocol (its updatedAt is `at`).
   */
  updateProtocolContent(protocolId: string, change: { documentId?: string; data?: unknown }, at: Date): Promise<void>;
}

/** The reads the justering use cases need outside a transaction, and the door to a unit of work. */
export interface JusteringStore extends SigningLinkStore, SigningStore, ArchiveStore {
  unitOfWork<T>(fn: (uow: JusteringUnitOfWork) => Promise<T>): Promise<T>;
  findProtocol(organisationId: string, protocolId: string): Promise<ProtocolFacts | null>;
  findRound(roundId: string): Promise<Round | null>;

  // -- StartJustering and FreezeNewVersion
  /** The protocol's rounds, oldest first (read without a lock, before the PDF is frozen). */
  roundsOfProtocol(organisationId: string, protocolId: string): Promise<Round[]>;
  /** The organ's identity level (the default of a round started without one); null when unknown. */
  organIdentityLevel(organisationId: string, organId: string): Promise<string | null>;
}

// -- StartJustering and FreezeNewVersion: the frozen PDF

/** A frozen PDF as stored (the documents table): the bytes and their SHA-256. */
export type FrozenDocument = StoredDocument & { mediaType: 'application/pdf' };

/** What to freeze: an uploaded protocol's stored PDF, or a structured protocol rendered (whole or an excerpt). */
export interface FreezeRequest {
  protocol: ProtocolFacts;
  /** 'e-postlank' or 'e-legitimation': the Underskrifter page says how the undertecknare are identified. */
  identityLevel: string;
  /**
   * The structured protocol to render (validated, the §§ already justerade on their own marked) and
   * the §§ of an excerpt (null: the whole protocol); absent for an uploaded protocol.
   */
  render?: { protocol: Protocol; paragraphs: number[] | null };
}

/**
 * Renders or reads the PDF a round freezes. Not a justering rule: the api implements it with
 * libs/pdf and the documents store; a rendering problem is a coded DomainError
 * (`unsupported_characters`, `unknown_paragraph`, `identity_unavailable`, `not_found`).
 */
export interface ProtocolFreezer {
  freeze(request: FreezeRequest): Promise<{ bytes: Uint8Array; fileName: string }>;
}

// ---------------------------------------------------------------- the signing link (signer side)
// The ports of ClassifyLink, OpenLink, ApproveVersion and RequestChanges (and the e-legitimation
// step's audit events): finding a link by its token's hash, reading and claiming it in a unit of work.

/** One recorded event of a protocol's audit chain, as a use case reads it back. */
export interface RecordedEvent {
  seq: number;
  type: string;
  data: Record<string, unknown>;
}

/** The signing-link part of the justering unit of work. */
export interface SigningLinkUnitOfWork {
  link(linkId: string): Promise<SigningLink | null>;
  /**
   * Marks the link used if it is not yet (a conditional update); false when another transaction has
   * used it. Called with the protocol locked, so a second click waits and then finds it used.
   */
  claimLink(linkId: string, at: Date): Promise<boolean>;
  /** The protocol without a row lock (a page read, not a change). */
  protocol(protocolId: string): Promise<ProtocolFacts | null>;
  /** The protocol's audit events in chain order. */
  auditEvents(protocolId: string): Promise<RecordedEvent[]>;
}

/** The signing-link part of the justering store. */
export interface SigningLinkStore {
  /** The link whose token hashes to `tokenHash` (only hashes are stored), or null. */
  findLinkByTokenHash(tokenHash: string): Promise<SigningLink | null>;
}

// --- Appending the signatures and completing a round (the worker's justering.sign job: AppendSignatures,
// CompleteRound, RecordSigningFailure, ReconcileSigning) ---

/** A stored document with its bytes: the frozen PDF of a version or one of its signed revisions. */
export type StoredPdf = StoredDocument;

/**
 * What completing a round needs of the organ's active anslagstavlor: Justera's own board's posting
 * policy and the names of the other municipalities' boards (docs/anslag.md), to tell the secretary
 * when the notice goes up. The anslag side itself posts the notice (its `anslag.post-notice` job).
 */
export interface PostingBoard {
  /** 'justera' (Justera's own board) or 'external'. */
  kind: string;
  name: string;
  postingMode: string;
  postingHour: number | null;
}

/**
 * What completing a round reads in the unit of work (appending a signature writes with `insertDocument`
 * and `saveVersion`).
 */
export interface SigningUnitOfWork {
  /** The organ's active boards, the oldest first. */
  postingBoards(organisationId: string, organId: string): Promise<PostingBoard[]>;
}

/** The reads of the signing job outside a transaction (the signature is computed outside one). */
export interface SigningStore {
  findVersion(versionId: string): Promise<Version | null>;
  /** The round's signatories by position. */
  signatoriesOf(roundId: string): Promise<Signatory[]>;
  /** A document of the organisation with its bytes. */
  findDocument(organisationId: string, id: string): Promise<StoredPdf | null>;
  /** The organisation as stored now (its name goes into the signer certificate). */
  findOrganisation(id: string): Promise<{ id: string; name: string } | null>;
  /** Rounds (active or signing) with an approval given before `approvedBefore` whose signature is not in the PDF yet. */
  roundsAwaitingSignatures(approvedBefore: Date): Promise<Round[]>;
}

/** Where the signing use cases log (the worker's logger). */
export interface SigningLog {
  log(detail: object, message: string): void;
  warn(detail: object, message: string): void;
  error(detail: object, message: string): void;
}

// --- Archive renewal (the worker's daily maintenance.renew-archives job: RenewArchives) ---

/** A justerat document of record: the signed PDF of a completed round's current version. */
export interface ArchiveCandidate {
  organisationId: string;
  protocolId: string;
  roundId: string;
  versionId: string;
  documentId: string;
}

/** What one look at a document learnt (only the fields given are written). */
export interface ArchiveCheck {
  checkedAt: Date;
  protectedUntil?: Date | null;
  error?: string | null;
}

/** The archive reads and the check record outside a transaction. */
export interface ArchiveStore {
  /**
   * Up to `limit` documents of record never examined, due (protected until no later than
   * `dueBefore`) or failed last time; never-examined first, then the least recently examined.
   */
  archiveCandidates(dueBefore: Date, limit: number): Promise<ArchiveCandidate[]>;
  recordArchiveCheck(documentId: string, check: ArchiveCheck): Promise<void>;
}

/** The archive check record inside a unit of work (the renewed document's and the old one's). */
export interface ArchiveUnitOfWork {
  recordArchiveCheck(documentId: string, check: ArchiveCheck): Promise<void>;
}

/** How long a PDF's last document time-stamp protects it (PAdES-LTA), at a time. */
export interface ArchiveState {
  /** False for a document without a document time-stamp (made before documents were B-LTA). */
  hasDocumentTimestamp: boolean;
  /** When the last document time-stamp stops protecting it (its unit's expiry or its algorithm's sunset). */
  protectedUntil: Date | null;
  /** True when that is within the margin asked for. */
  renewalDue: boolean;
}

/** One renewal: the new bytes (the old ones unchanged, plus a DSS and a document time-stamp). */
export interface ArchiveRenewal {
  pdf: Uint8Array;
  protectedUntilBefore: Date | null;
  protectedUntilAfter: Date | null;
  /** Which time-stamping authority made the new time-stamp (recorded in the audit trail). */
  tsa: Record<string, unknown>;
}

/**
 * The PAdES-LTA mechanics, not a justering rule: the worker implements it with libs/pades
 * (`archiveStatus`, `renewArchive`) and the installation's CA and time-stamping unit (or TSA_URL).
 */
export interface ArchiveRenewer {
  state(pdf: Uint8Array, now: Date, marginMs: number): ArchiveState;
  /** A TSA or CA failure throws. */
  renew(pdf: Uint8Array, now: Date): Promise<ArchiveRenewal>;
}
