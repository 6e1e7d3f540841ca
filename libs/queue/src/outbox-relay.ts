import { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DataSource, In, IsNull } from 'typeorm';
import { OutboxMessageEntity } from '@justera/persistence';
import { JOBS, QueueName, isJobName } from './catalogue';
import { QuietLog } from './quiet-log';

export interface RelayResult {
  relayed: number;
  failed: number;
}

/** How long a relay owns the rows it claimed (another relay takes them over afterwards). */
export const RELAY_LEASE_MS = 30_000;
/** Longest wait for one add to Redis before the relay gives up for this round. */
const ADD_TIMEOUT_MS = 5_000;

function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Moves committed outbox rows into BullMQ. No database transaction is open while Redis is called:
 * a short transaction claims a batch (a lease in `claimed_until`; on PostgreSQL with FOR UPDATE SKIP
 * LOCKED so several relays take different rows), the jobs are added to Redis, and each row is then
 * marked relayed. The BullMQ job id is the row id, so a row added twice (a relay that died after the
 * add, before the mark) is still one job.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly quiet = new QuietLog((m) => this.logger.warn(m));

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: Record<QueueName, Queue>,
    private readonly batchSize = 100,
  ) {}

  /** Claims up to batchSize pending rows whose lease is free or expired. */
  private async claim(now: Date): Promise<OutboxMessageEntity[]> {
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(OutboxMessageEntity);
      const query = repo
        .createQueryBuilder('o')
        .where('o.relayed_at IS NULL')
        .andWhere('(o.claimed_until IS NULL OR o.claimed_until < :now)', { now })
        .orderBy('o.created_at', 'ASC')
        .limit(this.batchSize);
      if (this.dataSource.options.type === 'postgres') query.setLock('pessimistic_partial_write');
      const rows = await query.getMany();
      if (rows.length) {
        await repo.update({ id: In(rows.map((r) => r.id)), relayedAt: IsNull() }, { claimedUntil: new Date(now.getTime() + RELAY_LEASE_MS) });
      }
      return rows;
    });
  }

  async relayOnce(): Promise<RelayResult> {
    const result: RelayResult = { relayed: 0, failed: 0 };
    const repo = this.dataSource.getRepository(OutboxMessageEntity);
    const rows = await this.claim(new Date());
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (!isJobName(row.jobName)) {
        // A job name from a newer or older release: keep the row, say so, never drop work silently.
        await repo.update({ id: row.id, relayedAt: IsNull() }, { lastError: `unknown job name ${row.jobName}`, relayAttempts: row.relayAttempts + 1 });
        result.failed++;
        continue;
      }
      const def = JOBS[row.jobName];
      try {
        await within(
          ADD_TIMEOUT_MS,
          this.queues[def.queue].add(row.jobName, JSON.parse(row.payload), {
            jobId: row.id,
            delay: row.delayMs || undefined,
            attempts: def.attempts,
            backoff: { type: 'exponential', delay: def.backoffMs },
            removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
            removeOnFail: { age: 30 * 24 * 3600 },
          }),
        );
      } catch (err) {
        // Redis is unreachable: release this and the rest of the batch for the next round.
        const message = err instanceof Error ? err.message : String(err);
        await repo.update({ id: row.id }, { relayAttempts: row.relayAttempts + 1, lastError: message.slice(0, 1000) });
        const unsent = rows.slice(i).map((r) => r.id);
        await repo.update({ id: In(unsent), relayedAt: IsNull() }, { claimedUntil: null });
        result.failed++;
        this.quiet.log(`paused:${QuietLog.keyOf(err)}`, `outbox relay paused: ${message}`);
        break;
      }
      await repo.update({ id: row.id }, { relayedAt: new Date(), relayAttempts: row.relayAttempts + 1, lastError: null, claimedUntil: null });
      result.relayed++;
    }
    return result;
  }
}
