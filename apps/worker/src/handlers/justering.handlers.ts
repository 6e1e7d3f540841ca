import { Injectable, Logger } from '@nestjs/common';
import { SYSTEM_CLOCK } from '@justera/application';
import { APP_CONFIG, AppConfig } from '@justera/config';
import {
  AppendSignatures,
  CompleteRound,
  DocumentSigner,
  IssueLink,
  type JusteringStore,
  type JusteringUseCaseConfig,
  ReconcileSigning,
  RecordSigningFailure,
  SendReminder,
  type SigningLog,
  WarnDeadline,
} from '@justera/justering';
import { JUSTERING_STORE } from '@justera/persistence';
import { JOBS, JobHandler, JobOutcome, JobPayloads, justeringStoreProvider } from '@justera/queue';

const signingLogger = new Logger('JusteringSign');
const signingLog: SigningLog = {
  log: (detail, message) => signingLogger.log(detail, message),
  warn: (detail, message) => signingLogger.warn(detail, message),
  error: (detail, message) => signingLogger.error(detail, message),
};

/** The justering use cases the worker's handlers call (libs/justering usecases), over the TypeORM store. */
export const JUSTERING_WORKER_PROVIDERS = [
  justeringStoreProvider,
  {
    provide: IssueLink,
    useFactory: (config: AppConfig) => new IssueLink(useCaseConfig(config)),
    inject: [APP_CONFIG],
  },
  {
    provide: SendReminder,
    useFactory: (store: JusteringStore, config: AppConfig, issueLink: IssueLink) =>
      new SendReminder(store, SYSTEM_CLOCK, useCaseConfig(config), issueLink),
    inject: [JUSTERING_STORE, APP_CONFIG, IssueLink],
  },
  {
    provide: WarnDeadline,
    useFactory: (store: JusteringStore, config: AppConfig) => new WarnDeadline(store, SYSTEM_CLOCK, useCaseConfig(config)),
    inject: [JUSTERING_STORE, APP_CONFIG],
  },
  // The justering.sign job: the signatures through the DocumentSigner port (the PAdES signer), then the completion.
  {
    provide: AppendSignatures,
    useFactory: (store: JusteringStore, signer: DocumentSigner, config: AppConfig) => signingUseCase(store, signer, config),
    inject: [JUSTERING_STORE, DocumentSigner, APP_CONFIG],
  },
  {
    provide: ReconcileSigning,
    useFactory: (store: JusteringStore) => new ReconcileSigning(store, SYSTEM_CLOCK),
    inject: [JUSTERING_STORE],
  },
];

/** AppendSignatures with its CompleteRound and RecordSigningFailure, over the given store and signer. */
export function signingUseCase(store: JusteringStore, signer: DocumentSigner, config: Pick<AppConfig, 'publicUrl'>): AppendSignatures {
  const { publicUrl } = config;
  return new AppendSignatures(
    store,
    signer,
    SYSTEM_CLOCK,
    new CompleteRound({ publicUrl }),
    new RecordSigningFailure(store, SYSTEM_CLOCK, { publicUrl, attempts: JOBS['justering.sign'].attempts }, signingLog),
    signingLog,
  );
}

function useCaseConfig(config: AppConfig): JusteringUseCaseConfig {
  return { settings: config.justering, publicUrl: config.publicUrl };
}

/** Job `justering.remind`: the use case SendReminder (libs/justering). */
@Injectable()
export class JusteringRemindHandler implements JobHandler<'justering.remind'> {
  readonly jobName = 'justering.remind' as const;
  constructor(private readonly sendReminder: SendReminder) {}

  handle(payload: JobPayloads['justering.remind']): Promise<JobOutcome> {
    return this.sendReminder.execute(payload);
  }
}

/** Job `justering.deadline-warning`: the use case WarnDeadline (libs/justering). */
@Injectable()
export class JusteringDeadlineWarningHandler implements JobHandler<'justering.deadline-warning'> {
  readonly jobName = 'justering.deadline-warning' as const;
  constructor(private readonly warnDeadline: WarnDeadline) {}

  handle(payload: JobPayloads['justering.deadline-warning']): Promise<JobOutcome> {
    return this.warnDeadline.execute(payload);
  }
}
