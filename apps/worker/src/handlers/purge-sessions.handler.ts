import { Injectable } from '@nestjs/common';
import { AccessRepository } from '@justera/persistence';
import { JobHandler, JobOutcome } from '@justera/queue';

/** Deletes login sessions past their absolute expiry (scheduled hourly by the worker). */
@Injectable()
export class PurgeSessionsHandler implements JobHandler<'maintenance.purge-sessions'> {
  readonly jobName = 'maintenance.purge-sessions' as const;

  constructor(private readonly access: AccessRepository) {}

  async handle(): Promise<JobOutcome> {
    const n = await this.access.deleteExpiredSessions(new Date());
    return { status: 'done', detail: `${n} sessions removed` };
  }
}
