import { Column, Entity, Index, PrimaryColumn, VersionColumn } from 'typeorm';
import { JsonColumn, TimestampColumn } from './columns';

export type ProtocolSource = 'structured' | 'uploaded';
export type ProtocolStatus = 'draft' | 'justering' | 'justerat' | 'cancelled';

/**
 * A meeting protocol: either structured (the Protocol JSON, rendered by libs/pdf) or an uploaded PDF
 * made elsewhere with the metadata a notice needs. Editable while a draft.
 */
@Entity('protocols')
@Index('ix_protocols_organ_meeting', ['organId', 'meetingDate'])
export class ProtocolEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index('ix_protocols_organisation')
  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId: string;

  @Column({ name: 'organ_id', type: 'varchar', length: 36 })
  organId: string;

  @Column({ type: 'varchar', length: 16 })
  source: ProtocolSource;

  @Column({ type: 'varchar', length: 16 })
  status: ProtocolStatus;

  @Column({ type: 'varchar', length: 400 })
  title: string;

  /** Sammanträdesdatum, YYYY-MM-DD. */
  @Column({ name: 'meeting_date', type: 'varchar', length: 10 })
  meetingDate: string;

  /** The Protocol document (structured) or the notice metadata (uploaded). */
  @JsonColumn()
  data: unknown;

  /** The uploaded PDF (source = uploaded). */
  @Column({ name: 'document_id', type: 'varchar', length: 36, nullable: true })
  documentId: string | null;

  /** A user id, or "apikey:<id>" for an integration. */
  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @TimestampColumn({ name: 'created_at' })
  createdAt: Date;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt: Date;

  /** Optimistic lock: concurrent edits of a draft cannot overwrite each other silently. */
  @VersionColumn({ name: 'row_version', type: 'integer' })
  rowVersion: number;
}
