import { Inject, Injectable } from '@nestjs/common';
import type { SigningIdentityAttempts } from '@justera/justering';
import { AccessRepository, SIGNING_IDENTITY_ATTEMPTS } from '@justera/persistence';
import { JobHandler, JobOutcome } from '@justera/queue';

/**
 * How long an expired e-legitimation attempt is kept: as long as the per-link throttle counts it
 * (libs/justering IDENTITY_THROTTLE_WINDOW_MS, 15 minutes), with a margin.
 */
export const IDENTITY_ATTEMPT_KEEP_MS = 60 * 60_000;

/**
 * Deletes what has expired (scheduled hourly by the worker): login sessions past their absolute
 * expiry, and e-legitimation attempts of signing links that no callback can use and whose verified
 * identity may approve nothing any more (docs/identity.md). What the attempts proved is in the
 * protocol's audit trail; the rows themselves are working state.
 */
@Injectable()
export class PurgeSessionsHandler implements JobHandler<'maintenance.purge-sessions'> {
  readonly jobName = 'maintenance.purge-sessions' as const;

  constructor(
    private readonly access: AccessRepository,
    @Inject(SIGNING_IDENTITY_ATTEMPTS) private readonly attempts: SigningIdentityAttempts,
  ) {}

  async handle(): Promise<JobOutcome> {
    const now = new Date();
    const n = await this.access.deleteExpiredSessions(now);
    const a = await this.attempts.deleteExpired(new Date(now.getTime() - IDENTITY_ATTEMPT_KEEP_MS));
    return { status: 'done', detail: `${n} sessions and ${a} identity attempts removed` };
  }
}
