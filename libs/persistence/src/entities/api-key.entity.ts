import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from './columns';
import type { UserRole } from './user.entity';

/** An integration's key; shown once, stored as a hash. It acts with its role inside its organisation. */
@Entity('api_keys')
export class ApiKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index('ix_api_keys_organisation')
  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId: string;

  @Column({ name: 'public_id', type: 'varchar', length: 32, unique: true })
  publicId: string;

  @Column({ name: 'secret_hash', type: 'varchar', length: 64 })
  secretHash: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  role: UserRole;

  /** Organs the key may act for when its role is sekreterare (JSON array of ids). */
  @Column({ name: 'organ_ids', type: 'text', default: '[]' })
  organIds: string;

  @Column({ name: 'created_by', type: 'varchar', length: 36 })
  createdBy: string;

  @TimestampColumn({ name: 'created_at' })
  createdAt: Date;

  @TimestampColumn({ name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  /** When the key last authenticated a request (written at most once a minute); null: never used. */
  @TimestampColumn({ name: 'last_used_at', nullable: true })
  lastUsedAt?: Date | null;
}
