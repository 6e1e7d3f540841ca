import { BeforeApplicationShutdown, DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, AppConfigModule, APP_CONFIG } from '@justera/config';
import { createMailTransport } from '@justera/mail';
import { DocumentSigner } from '@justera/justering';
import { KeysModule } from '@justera/keys';
import { PersistenceModule } from '@justera/persistence';
import {
  JobHandler,
  JobName,
  QUEUE_MAP,
  QUEUES,
  QueueModule,
  QueueName,
  QuietLog,
  missingHandlers,
  untilRedisAnswers,
} from '@justera/queue';
import { ANSLAG_HANDLER_CLASSES, ANSLAG_PROVIDERS } from './handlers/anslag';
import { PurgeSessionsHandler } from './handlers/purge-sessions.handler';
import { RenewArchivesHandler } from './handlers/renew-archives.handler';
import { SendMailHandler } from './handlers/send-mail.handler';
import { JUSTERING_WORKER_PROVIDERS, JusteringDeadlineWarningHandler, JusteringRemindHandler } from './handlers/justering.handlers';
import { JusteringReconcileSigningHandler, JusteringSignHandler } from './handlers/justering-sign.handler';
import { PadesDocumentSigner } from './handlers/pades-document-signer';
import { JOB_HANDLERS, MAIL_TRANSPORT } from './handlers/tokens';
import { PROCESSORS } from './processors/processors';

/** Every job's handler, by job name: the worker refuses to start when a catalogue job is missing here. */
export const HANDLER_CLASSES: { jobName: JobName; handler: new (...args: never[]) => JobHandler }[] = [
  { jobName: 'mail.send', handler: SendMailHandler },
  { jobName: 'maintenance.purge-sessions', handler: PurgeSessionsHandler },
  { jobName: 'maintenance.renew-archives', handler: RenewArchivesHandler },
  { jobName: 'justering.remind', handler: JusteringRemindHandler },
  { jobName: 'justering.deadline-warning', handler: JusteringDeadlineWarningHandler },
  { jobName: 'justering.sign', handler: JusteringSignHandler },
  { jobName: 'justering.reconcile-signing', handler: JusteringReconcileSigningHandler },
  ...ANSLAG_HANDLER_CLASSES,
];
const HANDLERS = HANDLER_CLASSES.map((h) => h.handler);

/** Thrown at boot when the catalogue has a job that no handler or no processor covers. */
export class MissingHandlerError extends Error {}

/**
 * Refuses to start without a handler for every job, and registers the periodic jobs. The registration
 * goes over a fail-fast producer connection; Redis being away at the worker's start (a host reboot
 * starts both at once) must not end the process, so it is tried again every second until Redis answers
 * while the worker runs (docs/operations.md).
 */
@Injectable()
class WorkerBootstrap implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private readonly quiet = new QuietLog((m) => this.logger.warn(m));
  private closing = false;
  private scheduling?: Promise<unknown>;
  constructor(
    @Inject(JOB_HANDLERS) private readonly handlers: JobHandler[],
    @Inject(QUEUE_MAP) private readonly queues: Record<QueueName, Queue>,
  ) {}

  onApplicationBootstrap() {
    const wrong = HANDLER_CLASSES.filter((h, i) => this.handlers[i]?.jobName !== h.jobName);
    if (wrong.length)
      throw new MissingHandlerError(`handler registered under the wrong job name: ${wrong.map((w) => w.jobName).join(', ')}`);
    this.logger.log(`worker ready: queues ${QUEUES.join(', ')}; handlers ${this.handlers.map((h) => h.jobName).join(', ')}`);
    // A connection that never came up makes the registration wait (BullMQ waits for the connection);
    // one that drops during it makes it fail, and it is tried again. Either way the log says so.
    const waiting = setTimeout(() => this.logger.warn('periodic jobs not registered yet: waiting for Redis'), 5_000);
    waiting.unref();
    this.scheduling = untilRedisAnswers(() => this.schedule(), {
      cancelled: () => this.closing,
      onWait: (err) =>
        this.quiet.log('schedules', `periodic jobs not registered yet, Redis unavailable (${err.message}); trying again every second`),
    }).then(
      (done) => {
        clearTimeout(waiting);
        if (done) this.logger.log('periodic jobs registered');
      },
      (err: unknown) => {
        clearTimeout(waiting);
        // Not an outage: a fault the operator must see, as a failed start would have shown it.
        this.logger.error(`registering the periodic jobs failed: ${String(err)}`);
        process.nextTick(() => {
          throw err;
        });
      },
    );
  }

  async beforeApplicationShutdown() {
    this.closing = true;
    await this.scheduling;
  }

  private async schedule(): Promise<true> {
    await this.queues.anslag.upsertJobScheduler('anslag-reconcile-hourly', { every: 3600_000 }, { name: 'anslag.reconcile', data: {} });
    await this.queues.justering.upsertJobScheduler(
      'reconcile-signing-hourly',
      { every: 3600_000 },
      { name: 'justering.reconcile-signing', data: {} },
    );
    await this.queues.maintenance.upsertJobScheduler(
      'purge-sessions-hourly',
      { every: 3600_000 },
      { name: 'maintenance.purge-sessions', data: {} },
    );
    // PAdES-LTA renewal of the stored justerat documents (docs/signatures.md, "Archive renewal").
    await this.queues.maintenance.upsertJobScheduler(
      'renew-archives-daily',
      { every: 24 * 3600_000 },
      { name: 'maintenance.renew-archives', data: {} },
    );
    return true;
  }
}

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    const missing = missingHandlers(HANDLER_CLASSES);
    if (missing.length) throw new MissingHandlerError(`no handler for job(s): ${missing.join(', ')}`);
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: { level: config.logLevel } }),
        PersistenceModule,
        KeysModule,
        QueueModule.forRoot({ relay: true, workers: true }),
      ],
      providers: [
        // The cryptographic signature of an approval (docs/signatures.md), appended by the justering.sign job.
        { provide: DocumentSigner, useClass: PadesDocumentSigner },
        ...JUSTERING_WORKER_PROVIDERS,
        ...HANDLERS,
        { provide: JOB_HANDLERS, inject: HANDLERS, useFactory: (...handlers: JobHandler[]) => handlers },
        {
          provide: MAIL_TRANSPORT,
          inject: [APP_CONFIG],
          useFactory: (c: AppConfig) => createMailTransport({ smtpUrl: c.mail.smtpUrl, outboxDir: c.mail.outboxDir, from: c.mail.from }),
        },
        ...PROCESSORS,
        ...ANSLAG_PROVIDERS,
        WorkerBootstrap,
      ],
    };
  }
}
