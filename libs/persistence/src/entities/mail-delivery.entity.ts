import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from './columns';

/**
 * queued → sending (claimed by one worker, in the database, before the SMTP call) → sent | queued
 * (the attempt failed; retried) | failed (out of attempts).
 */
export type MailDeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed';

/**
 * One e-mail to send. Written by a use case (with its outbox row) and sent by the worker's mail job;
 * the row is the proof that it was sent, and the guard against sending it twice.
 */
@Entity('mail_deliveries')
export class MailDeliveryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index('ix_mail_deliveries_organisation')
  @Column({ name: 'organisation_id', type: 'varchar', length: 36, nullable: true })
  organisationId: string | null;

  /** What the mail is about, e.g. "admin.test", "justering.invitation". */
  @Column({ type: 'varchar', length: 100 })
  kind: string;

  @Column({ name: 'to_address', type: 'varchar', length: 254 })
  toAddress: string;

  @Column({ type: 'varchar', length: 400 })
  subject: string;

  @Column({ name: 'text_body', type: 'text' })
  textBody: string;

  @Column({ name: 'html_body', type: 'text' })
  htmlBody: string;

  @Column({ type: 'varchar', length: 16 })
  status: MailDeliveryStatus;

  @Column({ name: 'message_id', type: 'varchar', length: 300, nullable: true })
  messageId: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true })
  lastError: string | null;

  @TimestampColumn({ name: 'created_at' })
  createdAt: Date;

  /** When the current sending attempt claimed the row (status "sending"). */
  @TimestampColumn({ name: 'claimed_at', nullable: true })
  claimedAt: Date | null;

  @TimestampColumn({ name: 'sent_at', nullable: true })
  sentAt: Date | null;
}
