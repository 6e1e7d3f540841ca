import { Injectable } from '@nestjs/common';
import { SYSTEM_CLOCK } from '@justera/application';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { IssueLink, type JusteringStore, type JusteringUseCaseConfig, SendReminder, WarnDeadline } from '@justera/justering';
import { JUSTERING_STORE, JusteringRepository, JusteringRoundEntity, JusteringUnitOfWork, ProtocolEntity } from '@justera/persistence';
import { JobHandler, JobOutcome, JobPayloads, justeringStoreProvider, queueMailInTransaction } from '@justera/queue';

export function queueMail(
  uow: JusteringUnitOfWork,
  organisationId: string,
  kind: string,
  to: string,
  mail: { subject: string; text: string; html: string },
) {
  return queueMailInTransaction(uow.manager, { organisationId, kind, to, ...mail });
}

const ROUND_GONE: JobOutcome = { status: 'skipped', detail: 'round gone' };

/**
 * Runs `fn` in one unit of work with the round's protocol locked (the same lock the api takes), the
 * round read again under the lock; a round or protocol that is gone gives `gone` (by default the
 * job outcome 'skipped'), not an error.
 */
export async function withLockedRound<T = JobOutcome>(
  repo: JusteringRepository,
  roundId: string,
  fn: (uow: JusteringUnitOfWork, protocol: ProtocolEntity, round: JusteringRoundEntity) => Promise<T>,
  gone: T = ROUND_GONE as T,
): Promise<T> {
  const found = await repo.findRound(roundId);
  if (!found) return gone;
  return repo.unitOfWork(async (uow) => {
    const p = await uow.lockProtocol(found.organisationId, found.protocolId);
    const round = await uow.round(roundId);
    if (!p || !round) return gone;
    return fn(uow, p, round);
  });
}

export function organOf(p: ProtocolEntity) {
  return ((p.data as { organ?: string }) ?? {}).organ ?? p.title;
}

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
];

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
