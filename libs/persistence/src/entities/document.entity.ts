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
}
