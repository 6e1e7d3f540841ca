import type { JobOutcome } from '@justera/queue';
import type { JusteringStore, JusteringUnitOfWork, ProtocolFacts, Round } from './ports';

const ROUND_GONE: JobOutcome = { status: 'skipped', detail: 'round gone' };

/**
 * Runs `fn` in one unit of work with the round's protocol locked (the lock every change takes) and
 * the round read again under it; a round or protocol that is gone gives `gone` (by default the job
 * outcome 'skipped'), not an error. For the worker's jobs, which have no caller to check.
 */
export async function withLockedRound<T = JobOutcome>(
  store: JusteringStore,
  roundId: string,
  fn: (uow: JusteringUnitOfWork, protocol: ProtocolFacts, round: Round) => Promise<T>,
  gone: T = ROUND_GONE as T,
): Promise<T> {
  const found = await store.findRound(roundId);
  if (!found) return gone;
  return store.unitOfWork(async (uow) => {
    const p = await uow.lockProtocol(found.organisationId, found.protocolId);
    const round = await uow.round(roundId);
    if (!p || !round) return gone;
    return fn(uow, p, round);
  });
}
