import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { OutboxMessageEntity } from '@justera/persistence';
import { JobName, JobPayloads } from './catalogue';

/**
 * Records a job in the same transaction as the change it follows. The relay enqueues it in BullMQ
 * after the commit, with the row id as the job id: a rolled-back change never runs its job, and a
 * committed one always does, even if Redis was down at commit time.
 */
export async function enqueueInTransaction<K extends JobName>(
  manager: EntityManager,
  name: K,
  payload: JobPayloads[K],
  options: { delayMs?: number } = {},
): Promise<string> {
  const row = manager.create(OutboxMessageEntity, {
    id: randomUUID(),
    jobName: name,
    payload: JSON.stringify(payload),
    delayMs: Math.max(0, Math.round(options.delayMs ?? 0)),
    createdAt: new Date(),
    relayedAt: null,
    relayAttempts: 0,
    claimedUntil: null,
    lastError: null,
  });
  await manager.insert(OutboxMessageEntity, row);
  return row.id;
}
