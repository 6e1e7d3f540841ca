import type { ProtocolDocumentKind } from '@justera/sv';
import type { ChainVerdict } from '../audit';

/** A verified identity of an approval (e-legitimation): never a token, never the personal identity number. */
export interface EvidenceIdentity {
  provider: string;
  iss: string;
  sub: string;
  name: string;
  authTime: string | null;
  acr: string | null;
}

export interface EvidenceSigner {
  roundId: string;
  versionNumber: number | null;
  name: string;
  role: string;
  email: string | null;
  /** How the signer was identified (e-mailed link) and how the signature was made. */
  identifiedBy: string | null;
  /** The round's identity level for this approval: e-postlank, or e-legitimation (docs/identity.md). */
  identityLevel: 'e-postlank' | 'e-legitimation';
  /** With e-legitimation: who the provider verified (never a token, never the personal identity number). */
  identity: EvidenceIdentity | null;
  method: string | null;
  signedAt: string;
  ip: string | null;
  userAgent: string | null;
  transactionId: string;
  approvedSha256: string | null;
  /** SHA-256 of the PDF revision this signature produced. */
  revisionSha256: string | null;
  /** When the worker appended the cryptographic signature to the PDF (null: not yet). */
  signatureAppliedAt: string | null;
}

export interface EvidenceVersion {
  id: string;
  roundId: string;
  number: number;
  sha256: string;
  previousSha256: string | null;
  size: number;
  createdAt: string;
  reason: string | null;
  current: boolean;
  /** The signed revisions of this version, in order (after signature 1, 2, …). */
  signedRevisions: { sha256: string; size: number; transactionId: string }[];
  /**
   * PAdES-LTA archive renewals of the final signed document, in order (audit events
   * `document.renewed`): each the previous bytes plus a new DSS and document time-stamp.
   */
  renewals: { at: string; fromSha256: string; sha256: string; size: number; protectedUntil: string | null }[];
}

export interface EvidenceAnslag {
  noticeId: string;
  roundId: string;
  state: string;
  justeradAt: string;
  postedDate: string | null;
  lastAppealDay: string | null;
  takeDownDate: string | null;
  takenDownAt: string | null;
  storagePlace: string;
  postings: { board: string; kind: string; postedDate: string | null; postedAt: string | null }[];
  filledDocumentSha256: string | null;
  anslagsbevis: { documentId: string; sha256: string } | null;
}

/**
 * A document of the protocol (the query `ProtocolDocuments`) in the evidence: its own SHA-256
 * and size next to its own download (`url`, absolute: for a signed-in user who may read the
 * protocol; `publicUrl` on the anslagstavla when published) and how it relates to the document it contains.
 */
export interface EvidenceDocument {
  kind: ProtocolDocumentKind;
  name: string;
  title: string;
  relation: string | null;
  roundId: string;
  versionNumber: number | null;
  current: boolean;
  sha256: string;
  size: number;
  url: string;
  publicUrl: string | null;
  containsSha256: string | null;
}

export interface EvidenceEvent {
  seq: number;
  type: string;
  at: string;
  actor: string;
  ip: string | null;
  userAgent: string | null;
  transactionId: string;
  roundId: string;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** The Verifieringsunderlag of a protocol, as JSON (docs/signatures.md). */
export interface Evidence {
  schema: 'justera.evidence/1';
  generatedAt: string;
  protocol: { id: string; title: string; organ: string; meetingDate: string; status: string };
  rounds: {
    id: string;
    paragraphs: number[] | null;
    status: string;
    signingOrder: string;
    deadline: string;
    createdAt: string;
    completedAt: string | null;
  }[];
  versions: EvidenceVersion[];
  signers: EvidenceSigner[];
  audit: { chainValid: boolean; verification: ChainVerdict; events: EvidenceEvent[] };
  anslag: EvidenceAnslag[];
  /** The protocol's documents (docs/glossary.md, "The documents of a protocol"). */
  documents: EvidenceDocument[];
}
