import { EntityManager } from 'typeorm';
import { insertOutboxRow } from '@justera/persistence';
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
  return insertOutboxRow(manager, name, payload, options.delayMs ?? 0);
}
