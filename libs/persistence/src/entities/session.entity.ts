import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from './columns';

/** A login session; the cookie holds the token, the table only its SHA-256. */
@Entity('sessions')
export class SessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  @Index('ix_sessions_user')
  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @TimestampColumn({ name: 'created_at' })
  createdAt: Date;

  @TimestampColumn({ name: 'last_seen_at' })
  lastSeenAt: Date;

  /** The absolute end of the session (idle expiry is computed from lastSeenAt). */
  @TimestampColumn({ name: 'expires_at' })
  expiresAt: Date;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 400, nullable: true })
  userAgent: string | null;

  /** How the session was made: "password" or "sso" (staff single sign-on; logout then also ends the provider's session). */
  @Column({ name: 'login_method', type: 'varchar', length: 16, default: 'password' })
  loginMethod?: 'password' | 'sso';
}
