import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobHandler, JobName, JobOutcome, QueueName, isJobName } from '@justera/queue';
import { JOB_HANDLERS } from '../handlers/tokens';

/** Dispatches a queue's jobs to their handlers by job name (one processor class per queue). */
abstract class DispatchingProcessor extends WorkerHost {
  protected abstract readonly queue: QueueName;
  private readonly logger = new Logger('Jobs');
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
}

@Processor('mail', { concurrency: 4 })
export class MailProcessor extends DispatchingProcessor {
  protected readonly queue = 'mail' as const;
  constructor(@Inject(JOB_HANDLERS) handlers: JobHandler[]) {
    super(handlers);
  }
}

@Processor('maintenance', { concurrency: 1 })
export class MaintenanceProcessor extends DispatchingProcessor {
  protected readonly queue = 'maintenance' as const;
  constructor(@Inject(JOB_HANDLERS) handlers: JobHandler[]) {
    super(handlers);
  }
}

@Processor('anslag', { concurrency: 2 })
export class AnslagProcessor extends DispatchingProcessor {
  protected readonly queue = 'anslag' as const;
  constructor(@Inject(JOB_HANDLERS) handlers: JobHandler[]) {
    super(handlers);
  }
}

@Processor('justering', { concurrency: 4 })
export class JusteringProcessor extends DispatchingProcessor {
  protected readonly queue = 'justering' as const;
  constructor(@Inject(JOB_HANDLERS) handlers: JobHandler[]) {
    super(handlers);
  }
}

/** One processor per queue of the catalogue. */
export const PROCESSORS = [MailProcessor, MaintenanceProcessor, JusteringProcessor, AnslagProcessor];
