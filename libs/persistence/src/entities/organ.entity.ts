import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from './columns';

/** A nämnd, styrelse, utskott or gemensam nämnd of an organisation. */
@Entity('organs')
@Index('uq_organs_organisation_slug', ['organisationId', 'slug'], { unique: true })
export class OrganEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index('ix_organs_organisation')
  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId: string;

  @Column({ type: 'varchar', length: 64 })
  slug: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Förvaringsplats för protokollet, the default for the organ's protocols. */
  @Column({ name: 'storage_place', type: 'varchar', length: 200, nullable: true })
  storagePlace: string | null;

  /** How the organ's undertecknare are identified by default: 'e-postlank' or 'e-legitimation' (docs/identity.md). */
  @Column({ name: 'identity_level', type: 'varchar', length: 20, default: 'e-postlank' })
  identityLevel?: string;

  @TimestampColumn({ name: 'created_at' })
  createdAt: Date;

  /**
   * The organ's defaults for new protocols, set on the admin page: the usual signatories, their
   * ersättare and the members (name, party, municipality) for the editor. JSON text; null: none.
   */
  @Column({ type: 'text', nullable: true })
  defaults?: string | null;
}
