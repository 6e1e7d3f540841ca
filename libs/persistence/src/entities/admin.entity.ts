import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from './columns';

/**
 * An invitation to an account, mailed by an admin: the link's token exists only as its SHA-256 here.
 * The first visit of the link sets the user's password; then `usedAt` is set and the link is spent.
 */
@Entity('user_invitations')
export class UserInvitationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index('ix_user_invitations_user')
  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  @TimestampColumn({ name: 'expires_at' })
  expiresAt: Date;

  @TimestampColumn({ name: 'used_at', nullable: true })
  usedAt: Date | null;

  /** "user:<id>" of the admin who invited. */
  @Column({ name: 'created_by', type: 'varchar', length: 80 })
  createdBy: string;

  @TimestampColumn({ name: 'created_at' })
  createdAt: Date;
}

/** One administrative action (a user invited, a role changed, a key revoked …) of an organisation. */
@Entity('admin_audit_events')
@Index('ix_admin_audit_org_at', ['organisationId', 'at'])
export class AdminAuditEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId: string;

  /** "user:<id>" or "apikey:<id>" (libs/application `Actor`). */
  @Column({ type: 'varchar', length: 80 })
  actor: string;

  /** e.g. "user.invited", "user.deactivated", "apikey.revoked". */
  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ name: 'target_type', type: 'varchar', length: 32 })
  targetType: string;

  @Column({ name: 'target_id', type: 'varchar', length: 36 })
  targetId: string;

  /** What changed, as JSON text (never a secret). */
  @Column({ type: 'text' })
  detail: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @TimestampColumn()
  at: Date;
}
