import { Injectable, Logger } from '@nestjs/common';
import {
  MakeNoticeDocuments,
  PostNotice,
  ReconcileNotices,
  TakeDownNotice,
  clockFromConfig,
  type AnslagStore,
  type Clock,
  type UseCaseLog,
} from '@justera/anslag';
import { APP_CONFIG, type AppConfig } from '@justera/config';
import { KeysService } from '@justera/keys';
import { ANSLAG_STORE } from '@justera/persistence';
import { JobHandler, JobName, JobOutcome, JobPayloads } from '@justera/queue';

/** The anslag clock of the worker (a test offset only under NODE_ENV=test, see libs/anslag clock.ts). */
export const ANSLAG_CLOCK = Symbol('ANSLAG_CLOCK');

/** A justering round is complete: post its notice (at once or at the configured hour). */
@Injectable()
export class PostNoticeHandler implements JobHandler<'anslag.post-notice'> {
  readonly jobName = 'anslag.post-notice' as const;
  constructor(private readonly postNotice: PostNotice) {}
  handle(payload: JobPayloads['anslag.post-notice']): Promise<JobOutcome> {
    return logged(this.jobName, payload, () => this.postNotice.execute(payload));
  }
}

/** The take-down date has come: archive the notice and record it in its audit trail. */
@Injectable()
export class TakeDownHandler implements JobHandler<'anslag.take-down'> {
  readonly jobName = 'anslag.take-down' as const;
  constructor(private readonly takeDown: TakeDownNotice) {}
  handle(payload: JobPayloads['anslag.take-down']): Promise<JobOutcome> {
    return logged(this.jobName, payload, () => this.takeDown.execute({ noticeId: payload.noticeId }));
  }
}

/** Hourly repair of whatever a lost job missed. */
@Injectable()
export class ReconcileHandler implements JobHandler<'anslag.reconcile'> {
  readonly jobName = 'anslag.reconcile' as const;
  constructor(private readonly reconcile: ReconcileNotices) {}
  handle(): Promise<JobOutcome> {
    return logged(this.jobName, {}, () => this.reconcile.execute());
  }
}

const logger = new Logger('Anslag');
const log: UseCaseLog = {
  warn: (detail, message) => logger.warn(detail, message),
  error: (detail, message) => logger.error(detail, message),
};

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

/** The clock and the anslag use cases (libs/anslag usecases) over the TypeORM store and the installation's keys. */
export const ANSLAG_PROVIDERS = [
  { provide: ANSLAG_CLOCK, useFactory: (config: AppConfig) => clockFromConfig(config), inject: [APP_CONFIG] },
  {
    provide: MakeNoticeDocuments,
    useFactory: (store: AnslagStore, clock: Clock, keys: KeysService, config: AppConfig) =>
      new MakeNoticeDocuments(store, clock, keys, config.publicUrl, log),
    inject: [ANSLAG_STORE, ANSLAG_CLOCK, KeysService, APP_CONFIG],
  },
  {
    provide: PostNotice,
    useFactory: (store: AnslagStore, clock: Clock, documents: MakeNoticeDocuments) => new PostNotice(store, clock, documents, log),
    inject: [ANSLAG_STORE, ANSLAG_CLOCK, MakeNoticeDocuments],
  },
  {
    provide: TakeDownNotice,
    useFactory: (store: AnslagStore, clock: Clock) => new TakeDownNotice(store, clock),
    inject: [ANSLAG_STORE, ANSLAG_CLOCK],
  },
  {
    provide: ReconcileNotices,
    useFactory: (store: AnslagStore, clock: Clock, post: PostNotice, takeDown: TakeDownNotice, documents: MakeNoticeDocuments) =>
      new ReconcileNotices(store, clock, post, takeDown, documents, log),
    inject: [ANSLAG_STORE, ANSLAG_CLOCK, PostNotice, TakeDownNotice, MakeNoticeDocuments],
  },
];
