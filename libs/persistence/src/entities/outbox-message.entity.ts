import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from './columns';

/**
 * A job that must follow a database change, written in the same transaction as the change and
 * relayed to BullMQ afterwards (the transactional outbox). The BullMQ job id is this row's id, so
 * relaying twice enqueues once.
 */
@Entity('outbox_messages')
@Index('ix_outbox_pending', ['relayedAt', 'createdAt'])
export class OutboxMessageEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'job_name', type: 'varchar', length: 100 })
  jobName: string;

  @Column({ type: 'text' })
  payload: string;

  /** Delay before the job may run, milliseconds (0 = at once). */
  @Column({ name: 'delay_ms', type: 'integer', default: 0 })
  delayMs: number;

  @TimestampColumn({ name: 'created_at' })
  createdAt: Date;

  @TimestampColumn({ name: 'relayed_at', nullable: true })
  relayedAt: Date | null;

  /** Until when a relay owns this row (claimed, being added to Redis); afterwards another may take it. */
  @TimestampColumn({ name: 'claimed_until', nullable: true })
  claimedUntil: Date | null;

  @Column({ name: 'relay_attempts', type: 'integer', default: 0 })
  relayAttempts: number;

  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true })
  lastError: string | null;
}
