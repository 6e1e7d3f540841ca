import { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DataSource, IsNull } from 'typeorm';
import { OutboxMessageEntity } from '@justera/persistence';
import { JOBS, QueueName, isJobName } from './catalogue';

export interface RelayResult {
  relayed: number;
  failed: number;
}

/**
 * Moves committed outbox rows into BullMQ. Safe to run in several processes at once: on PostgreSQL rows
 * are claimed with FOR UPDATE SKIP LOCKED, and everywhere the job id is the row id, so BullMQ ignores a
 * second add of the same job.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: Record<QueueName, Queue>,
    private readonly batchSize = 100,
  ) {}

  async relayOnce(): Promise<RelayResult> {
    const result: RelayResult = { relayed: 0, failed: 0 };
    await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(OutboxMessageEntity);
      const query = repo
        .createQueryBuilder('o')
        .where('o.relayed_at IS NULL')
        .orderBy('o.created_at', 'ASC')
        .limit(this.batchSize);
      if (this.dataSource.options.type === 'postgres') query.setLock('pessimistic_partial_write');
      const rows = await query.getMany();
      for (const row of rows) {
        if (!isJobName(row.jobName)) {
          // A job name from a newer or older release: keep the row, say so, never drop work silently.
          await repo.update({ id: row.id, relayedAt: IsNull() }, { lastError: `unknown job name ${row.jobName}`, relayAttempts: row.relayAttempts + 1 });
          result.failed++;
          continue;
        }
        const def = JOBS[row.jobName];
        try {
          await this.queues[def.queue].add(row.jobName, JSON.parse(row.payload), {
            jobId: row.id,
            delay: row.delayMs || undefined,
            attempts: def.attempts,
            backoff: { type: 'exponential', delay: def.backoffMs },
            removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
            removeOnFail: { age: 30 * 24 * 3600 },
          });
          await repo.update({ id: row.id }, { relayedAt: new Date(), relayAttempts: row.relayAttempts + 1, lastError: null });
          result.relayed++;
        } catch (err) {
          // Redis is unreachable: leave this and the rest for the next round.
          const message = err instanceof Error ? err.message : String(err);
          await repo.update({ id: row.id }, { relayAttempts: row.relayAttempts + 1, lastError: message.slice(0, 1000) });
          result.failed++;
          this.logger.warn(`outbox relay paused: ${message}`);
          break;
        }
      }
    });
    return result;
  }
}
