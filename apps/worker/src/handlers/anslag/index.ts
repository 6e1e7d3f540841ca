import { Injectable, Logger } from '@nestjs/common';
import { clockFromConfig } from '@justera/anslag';
import { APP_CONFIG, type AppConfig } from '@justera/config';
import { JobHandler, JobName, JobOutcome, JobPayloads } from '@justera/queue';
import { ANSLAG_CLOCK, NoticeWorkflow } from './notice-workflow';

/** A justering round is complete: post its notice (at once or at the configured hour). */
@Injectable()
export class PostNoticeHandler implements JobHandler<'anslag.post-notice'> {
  readonly jobName = 'anslag.post-notice' as const;
  constructor(private readonly workflow: NoticeWorkflow) {}
  handle(payload: JobPayloads['anslag.post-notice']): Promise<JobOutcome> {
    return logged(this.jobName, payload, () => this.workflow.postNotice(payload));
  }
}

/** The take-down date has come: archive the notice and record it in its audit trail. */
@Injectable()
export class TakeDownHandler implements JobHandler<'anslag.take-down'> {
  readonly jobName = 'anslag.take-down' as const;
  constructor(private readonly workflow: NoticeWorkflow) {}
  handle(payload: JobPayloads['anslag.take-down']): Promise<JobOutcome> {
    return logged(this.jobName, payload, () => this.workflow.takeDown(payload.noticeId));
  }
}

/** Hourly repair of whatever a lost job missed. */
@Injectable()
export class ReconcileHandler implements JobHandler<'anslag.reconcile'> {
  readonly jobName = 'anslag.reconcile' as const;
  constructor(private readonly workflow: NoticeWorkflow) {}
  handle(): Promise<JobOutcome> {
    return logged(this.jobName, {}, () => this.workflow.reconcile());
  }
}

const logger = new Logger('Anslag');

/** Logs a failing attempt with its payload (the processor logs successes only) and rethrows for the retry. */
async function logged(job: string, payload: unknown, fn: () => Promise<JobOutcome>): Promise<JobOutcome> {
  try {
    return await fn();
  } catch (err) {
    logger.error({ err, job, payload }, `${job} failed: ${err instanceof Error ? err.message : String(err)}`);
    throw err;
  }
}

export const ANSLAG_HANDLER_CLASSES: { jobName: JobName; handler: new (...args: never[]) => JobHandler }[] = [
  { jobName: 'anslag.post-notice', handler: PostNoticeHandler },
  { jobName: 'anslag.take-down', handler: TakeDownHandler },
  { jobName: 'anslag.reconcile', handler: ReconcileHandler },
];

/** The clock (test offset only under NODE_ENV=test, see libs/anslag clock.ts) and the use cases. */
export const ANSLAG_PROVIDERS = [{ provide: ANSLAG_CLOCK, useFactory: (config: AppConfig) => clockFromConfig(config), inject: [APP_CONFIG] }, NoticeWorkflow];

export { ANSLAG_CLOCK, NoticeWorkflow };
