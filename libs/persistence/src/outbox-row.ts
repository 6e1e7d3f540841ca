import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { OutboxMessageEntity } from './entities/outbox-message.entity';

/**
 * Writes one outbox row in the caller's transaction and returns its id (the job id the relay gives
 * BullMQ). The one writer of outbox rows: libs/queue's `enqueueInTransaction` (typed by the job
 * catalogue) and the units of work in this lib call it. Here the job is untyped because libs/queue
 * depends on this lib, not the other way round; the ports that call it are typed.
 */
export async function insertOutboxRow(manager: EntityManager, jobName: string, payload: unknown, delayMs = 0): Promise<string> {
  const row = manager.create(OutboxMessageEntity, {
    id: randomUUID(),
    jobName,
    payload: JSON.stringify(payload),
    delayMs: Math.max(0, Math.round(delayMs)),
    createdAt: new Date(),
    relayedAt: null,
    relayAttempts: 0,
    claimedUntil: null,
    lastError: null,
  });
  await manager.insert(OutboxMessageEntity, row);
  return row.id;
}
