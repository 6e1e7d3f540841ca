import type { Clock } from '@justera/application';
import type { JobOutcome } from '@justera/queue';
import type { JusteringStore } from './ports';

/** How long an approval may wait for its signature before the reconciliation enqueues it again. */
export const SIGNATURE_GRACE_MS = 10 * 60_000;

/**
 * ReconcileSigning (hourly job `justering.reconcile-signing`): approvals that are still not in their
 * PDF ten minutes after they were given (a job that used up its tries while the TSA was down, a lost
 * job) get a new `justering.sign` job. AppendSignatures makes a repeated job harmless.
 */
export class ReconcileSigning {
  constructor(
    private readonly store: JusteringStore,
    private readonly clock: Clock,
  ) {}

  async execute(): Promise<JobOutcome> {
    const rounds = await this.store.roundsAwaitingSignatures(new Date(this.clock.now().getTime() - SIGNATURE_GRACE_MS));
    let n = 0;
    for (const r of rounds) {
      if (!r.currentVersionId) continue;
      const versionId = r.currentVersionId;
      await this.store.unitOfWork((uow) => uow.enqueue('justering.sign', { roundId: r.id, versionId }));
      n++;
    }
    return { status: n ? 'done' : 'skipped', detail: `${n} round(s) re-enqueued` };
  }
}
