import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { BlobColumn, TimestampColumn } from './columns';

/** Immutable bytes (an uploaded or frozen PDF), addressed by id and checked by SHA-256. */
@Entity('documents')
export class DocumentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index('ix_documents_organisation')
  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId: string;

  @Index('ix_documents_sha256')
  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ name: 'media_type', type: 'varchar', length: 100 })
  mediaType: string;

  @Column({ name: 'file_name', type: 'varchar', length: 255, nullable: true })
  fileName: string | null;

  @BlobColumn({ select: false })
  content: Buffer;

  @TimestampColumn({ name: 'created_at' })
  createdAt: Date;

  /**
   * PAdES-LTA archive renewal (docs/signatures.md, "Archive renewal"), filled in by the worker's
   * `maintenance.renew-archives` job for the documents of record; these describe the bytes and never
   * change them. When the job last looked at this document (null: never).
   */
  @Index('ix_documents_archive_checked')
  @TimestampColumn({ name: 'archive_checked_at', nullable: true })
  archiveCheckedAt?: Date | null;

  /** When the proof of the last document time-stamp ends (its unit certificate's expiry or its hash algorithm's sunset); null: none found. */
  @TimestampColumn({ name: 'archive_protected_until', nullable: true })
  archiveProtectedUntil?: Date | null;

  /** Why the last look or renewal failed (retried on the next run); null: it did not. */
  @Column({ name: 'archive_error', type: 'varchar', length: 500, nullable: true })
  archiveError?: string | null;
}
