import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobHandler, JobName, JobOutcome, QueueName, QuietLog, isJobName } from '@justera/queue';
import { JOB_HANDLERS } from '../handlers/tokens';

/** Dispatches a queue's jobs to their handlers by job name (one processor class per queue). */
abstract class DispatchingProcessor extends WorkerHost implements BeforeApplicationShutdown {
  protected abstract readonly queue: QueueName;
  private readonly logger = new Logger('Jobs');
  /** Worker errors (Redis away, a lost lock) are logged once per kind and 10 s, never in a flood. */
  private readonly quiet = new QuietLog((m) => this.logger.warn(m));
  private readonly byName: Map<string, JobHandler>;

  constructor(handlers: JobHandler[]) {
    super();
    this.byName = new Map(handlers.map((h) => [h.jobName, h]));
  }

  async process(job: Job): Promise<JobOutcome> {
    const handler = isJobName(job.name) ? this.byName.get(job.name as JobName) : undefined;
    if (!handler) throw new Error(`no handler for job ${job.name} on queue ${this.queue}`);
    const started = Date.now();
    const outcome = await handler.handle(job.data as never, { jobId: job.id ?? '', attempt: job.attemptsMade + 1 });
    this.logger.log({ job: job.name, jobId: job.id, attempt: job.attemptsMade + 1, ms: Date.now() - started, ...outcome }, 'job finished');
    return outcome;
  }

  /**
   * Runs before BullMQ's own close (Nest's onApplicationShutdown). With Redis unreachable that close
   * never ends: it quits the worker's connections with QUIT, which ioredis keeps in its offline queue
   * until Redis answers again (worker connections retry for ever). Then the worker closes without
   * waiting: a running job could not be marked done in Redis anyway, and after its lock expires it runs
   * again (the handlers are idempotent, docs/operations.md). With Redis up, the normal close waits for
   * running jobs.
   */
  async beforeApplicationShutdown() {
    const client = await Promise.race([this.worker.backend.client, new Promise<null>((r) => setTimeout(() => r(null), 1000).unref())]).catch(() => null);
    if (client?.status === 'ready') return;
    this.logger.warn(`worker of queue ${this.queue}: Redis unreachable (${client?.status ?? 'no connection'}), closing without waiting for it`);
    await this.worker.close(true);
  }

  @OnWorkerEvent('error')
  onError(err: Error) {
    this.quiet.log(QuietLog.keyOf(err), `worker of queue ${this.queue}: ${err.message}`);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, err: Error) {
    this.quiet.log(`failed:${job?.name}:${QuietLog.keyOf(err)}`, `job ${job?.name} ${job?.id} attempt ${job?.attemptsMade} failed: ${err.message}`);
  }
}

/**
 * Worker options shared by every queue: after a Redis error the worker loop waits 1 s (BullMQ's default
 * is 15 s) before it tries again, so work resumes within a second or two of Redis coming back.
 */
const RESILIENT = { runRetryDelay: 1_000 } as const;

@Processor('mail', { concurrency: 4, ...RESILIENT })
export class MailProcessor extends DispatchingProcessor {
  protected readonly queue = 'mail' as const;
  constructor(@Inject(JOB_HANDLERS) handlers: JobHandler[]) {
    super(handlers);
  }
}

@Processor('maintenance', { concurrency: 1, ...RESILIENT })
export class MaintenanceProcessor extends DispatchingProcessor {
  protected readonly queue = 'maintenance' as const;
  constructor(@Inject(JOB_HANDLERS) handlers: JobHandler[]) {
    super(handlers);
  }
}

@Processor('anslag', { concurrency: 2, ...RESILIENT })
export class AnslagProcessor extends DispatchingProcessor {
  protected readonly queue = 'anslag' as const;
  constructor(@Inject(JOB_HANDLERS) handlers: JobHandler[]) {
    super(handlers);
  }
}

@Processor('justering', { concurrency: 4, ...RESILIENT })
export class JusteringProcessor extends DispatchingProcessor {
  protected readonly queue = 'justering' as const;
  constructor(@Inject(JOB_HANDLERS) handlers: JobHandler[]) {
    super(handlers);
  }
}

/** One processor per queue of the catalogue. */
export const PROCESSORS = [MailProcessor, MaintenanceProcessor, JusteringProcessor, AnslagProcessor];
