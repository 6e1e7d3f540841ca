import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from './columns';

/** A kommun, region or kommunalförbund: owns organs and users. */
@Entity('organisations')
export class OrganisationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** URL name, e.g. "demo-kommun" in /anslagstavla/demo-kommun. */
  @Column({ type: 'varchar', length: 64, unique: true })
  slug: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @TimestampColumn({ name: 'created_at' })
  createdAt: Date;

  /** Staff may log in with a password (default); off: only through single sign-on (docs/identity.md). */
  @Column({ name: 'password_login', type: 'boolean', default: true })
  passwordLogin?: boolean;
}
