import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from './columns';

/** One justering event of a protocol (the whole protocol, or single §§ for omedelbar justering). */
@Entity('justering_rounds')
@Index('ix_justering_rounds_protocol', ['protocolId'])
export class JusteringRoundEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index('ix_justering_rounds_organisation')
  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId: string;

  @Column({ name: 'protocol_id', type: 'varchar', length: 36 })
  protocolId: string;

  @Column({ name: 'organ_id', type: 'varchar', length: 36 })
  organId: string;

  /** 'e-postlank' or 'e-legitimation', fixed when the round starts (the organ's, or the start's override). */
  @Column({ name: 'identity_level', type: 'varchar', length: 20, default: 'e-postlank' })
  identityLevel?: string;

  /** JSON array of § numbers for an omedelbar justering; null for the whole protocol. */
  @Column({ type: 'text', nullable: true })
  paragraphs: string | null;

  /** sequential | parallel */
  @Column({ name: 'signing_order', type: 'varchar', length: 16 })
  signingOrder: string;

  /** active | change_requested | signing (all approved, signatures being appended) | completed | cancelled */
  @Column({ type: 'varchar', length: 20 })
  status: string;

  /** Justering deadline, YYYY-MM-DD. */
  @Column({ type: 'varchar', length: 10 })
  deadline: string;

  @Column({ name: 'current_version_id', type: 'varchar', length: 36, nullable: true })
  currentVersionId: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @TimestampColumn({ name: 'created_at' })
  createdAt: Date;

  @TimestampColumn({ name: 'completed_at', nullable: true })
  completedAt: Date | null;

  @TimestampColumn({ name: 'cancelled_at', nullable: true })
  cancelledAt: Date | null;

  @TimestampColumn({ name: 'warned_at', nullable: true })
  warnedAt: Date | null;

  /** The last failure to append a signature (e.g. the TSA did not answer); cleared when one succeeds. */
  @Column({ name: 'signing_error', type: 'varchar', length: 500, nullable: true })
  signingError: string | null;

  @TimestampColumn({ name: 'signing_failed_at', nullable: true })
  signingFailedAt: Date | null;

  /** Failed signing attempts since the last success. */
  @Column({ name: 'signing_failures', type: 'integer', default: 0 })
  signingFailures: number;
}

/** A frozen version: the PDF's document, hash and size never change; it links to the version before. */
@Entity('justering_versions')
@Index('uq_justering_versions_round_number', ['roundId', 'number'], { unique: true })
export class JusteringVersionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'round_id', type: 'varchar', length: 36 })
  roundId: string;

  @Column({ type: 'integer' })
  number: number;

  /** The frozen PDF (documents row) every signer approves. */
  @Column({ name: 'document_id', type: 'varchar', length: 36 })
  documentId: string;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ name: 'previous_sha256', type: 'varchar', length: 64, nullable: true })
  previousSha256: string | null;

  /** The latest revision with the signatures appended so far (documents row); starts as documentId. */
  @Column({ name: 'signed_document_id', type: 'varchar', length: 36 })
  signedDocumentId: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  reason: string | null;

  @TimestampColumn({ name: 'created_at' })
  createdAt: Date;
}

/** A signer of a round and where they stand on the current version. */
@Entity('justering_signatories')
@Index('ix_justering_signatories_round', ['roundId'])
export class JusteringSignatoryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'round_id', type: 'varchar', length: 36 })
  roundId: string;

  /** sekreterare | ordforande | justerare */
  @Column({ type: 'varchar', length: 16 })
  role: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'integer' })
  position: number;

  /** waiting | sent | opened | signed | change_requested */
  @Column({ type: 'varchar', length: 20 })
  state: string;

  @TimestampColumn({ name: 'sent_at', nullable: true })
  sentAt: Date | null;

  @TimestampColumn({ name: 'opened_at', nullable: true })
  openedAt: Date | null;

  @TimestampColumn({ name: 'signed_at', nullable: true })
  signedAt: Date | null;

  @Column({ name: 'signed_sha256', type: 'varchar', length: 64, nullable: true })
  signedSha256: string | null;

  @Column({ name: 'signed_transaction_id', type: 'varchar', length: 36, nullable: true })
  signedTransactionId: string | null;

  @TimestampColumn({ name: 'change_requested_at', nullable: true })
  changeRequestedAt: Date | null;

  @Column({ name: 'change_comment', type: 'varchar', length: 4000, nullable: true })
  changeComment: string | null;

  @Column({ name: 'reminders_sent', type: 'integer', default: 0 })
  remindersSent: number;

  @TimestampColumn({ name: 'last_reminded_at', nullable: true })
  lastRemindedAt: Date | null;

  /** When the worker appended this signatory's signature for the current version to the PDF (null: not yet). */
  @TimestampColumn({ name: 'signature_applied_at', nullable: true })
  signatureAppliedAt: Date | null;

  /** How: "pades-b-b", "pades-b-t", "+lt"/"+lta" on the last one. */
  @Column({ name: 'signature_method', type: 'varchar', length: 32, nullable: true })
  signatureMethod: string | null;

  /**
   * The verified identity the approval was given with (JSON: provider, iss, sub, name, authTime, acr,
   * personalNumberHash), null for an approval by link alone. The worker names this person in the
   * signer certificate.
   */
  @Column({ type: 'text', nullable: true })
  identity?: string | null;
}

/** A personal signing link: only the token's SHA-256 is stored; bound to one signatory and one version. */
@Entity('signing_links')
@Index('ix_signing_links_signatory', ['signatoryId'])
export class SigningLinkEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index('uq_signing_links_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ name: 'round_id', type: 'varchar', length: 36 })
  roundId: string;

  @Column({ name: 'signatory_id', type: 'varchar', length: 36 })
  signatoryId: string;

  @Column({ name: 'version_id', type: 'varchar', length: 36 })
  versionId: string;

  @TimestampColumn({ name: 'created_at' })
  createdAt: Date;

  @TimestampColumn({ name: 'expires_at' })
  expiresAt: Date;

  @TimestampColumn({ name: 'used_at', nullable: true })
  usedAt: Date | null;

  @TimestampColumn({ name: 'superseded_at', nullable: true })
  supersededAt: Date | null;

  /** replaced (new version) | resent | email_changed | cancelled */
  @Column({ name: 'superseded_reason', type: 'varchar', length: 32, nullable: true })
  supersededReason: string | null;
}

/** Append-only audit trail, a hash chain per protocol (libs/justering audit.ts). */
@Entity('justering_audit_events')
@Index('uq_justering_audit_protocol_seq', ['protocolId', 'seq'], { unique: true })
export class JusteringAuditEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId: string;

  @Column({ name: 'protocol_id', type: 'varchar', length: 36 })
  protocolId: string;

  @Column({ name: 'round_id', type: 'varchar', length: 36 })
  roundId: string;

  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'varchar', length: 40 })
  type: string;

  @TimestampColumn()
  at: Date;

  @Column({ type: 'varchar', length: 80 })
  actor: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 400, nullable: true })
  userAgent: string | null;

  @Column({ name: 'transaction_id', type: 'varchar', length: 36 })
  transactionId: string;

  /** JSON text, exactly as hashed. */
  @Column({ type: 'text' })
  data: string;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash: string;

  @Column({ type: 'varchar', length: 64 })
  hash: string;
}

/**
 * One e-legitimation attempt behind a signing link (docs/identity.md): the hash of the OIDC state, the
 * hash of the browser's binding cookie, the sealed pending values (nonce, PKCE verifier, the link's
 * token), the outcome and, when verified and the name matched, the identity and how long it may be
 * used to approve.
 */
@Entity('signing_identity_attempts')
@Index('ix_signing_identity_attempts_link', ['linkId', 'createdAt'])
export class SigningIdentityAttemptEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'link_id', type: 'varchar', length: 36 })
  linkId: string;

  @Index('uq_signing_identity_attempts_state', { unique: true })
  @Column({ name: 'state_hash', type: 'varchar', length: 64 })
  stateHash: string;

  @Column({ name: 'browser_hash', type: 'varchar', length: 64 })
  browserHash: string;

  @Column({ type: 'text' })
  pending: string;

  @TimestampColumn({ name: 'created_at' })
  createdAt: Date;

  @TimestampColumn({ name: 'expires_at' })
  expiresAt: Date;

  @TimestampColumn({ name: 'finished_at', nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  outcome: string | null;

  @Column({ type: 'text', nullable: true })
  identity: string | null;

  @TimestampColumn({ name: 'verified_until', nullable: true })
  verifiedUntil: Date | null;
}
