import { randomUUID } from 'node:crypto';
import type { Clock } from '@justera/application';
import { signingDelayed } from '../mails';
import { signingErrorSv } from '../signing-error';
import { audit, protocolRef, type JusteringUseCaseConfig } from './context';
import { withLockedRound } from './locked-round';
import type { JusteringStore, Signatory, SigningLog, Version } from './ports';
import { errorText } from './signing-context';

export interface RecordSigningFailureCommand {
  roundId: string;
  /** The signatory whose signature could not be appended. */
  signatory: Pick<Signatory, 'id' | 'role'>;
  version: Pick<Version, 'id' | 'sha256'>;
  /** What the signer threw (a TSA that answered 500, a broken key, …). */
  error: unknown;
  /** The job's attempt (1-based). */
  attempt: number;
}

/**
 * RecordSigningFailure (AppendSignatures, when the signer fails): keeps the failure where the
 * secretary sees it (the round's signing error, when and how many in a row), audits the first failure
 * of a streak, and mails the sekreterare once, when a whole job's tries are used up. Never throws: the
 * job fails with the signer's error, not with this bookkeeping's.
 */
export class RecordSigningFailure {
  constructor(
    private readonly store: JusteringStore,
    private readonly clock: Clock,
    private readonly config: Pick<JusteringUseCaseConfig, 'publicUrl'> & {
      /** The tries of one `justering.sign` job (the job catalogue's `attempts`). */
      attempts: number;
    },
    private readonly log: SigningLog,
  ) {}

  async execute({ roundId, signatory: sig, version, error: err, attempt }: RecordSigningFailureCommand): Promise<void> {
    const error = errorText(err);
    this.log.warn(
      { roundId, versionId: version.id, signatoryId: sig.id, attempt, error },
      'appending a signature failed; the job will retry',
    );
    try {
      await withLockedRound<void>(
        this.store,
        roundId,
        async (uow, p, round) => {
          const now = this.clock.now();
          const first = round.signingFailures === 0;
          round.signingError = error;
          round.signingFailedAt = now;
          round.signingFailures += 1;
          await uow.saveRound(round);
          if (first)
            await audit(uow, round, { id: randomUUID(), actor: 'system', meta: { ip: null, userAgent: null }, now }, 'signing.failed', {
              signatoryId: sig.id,
              role: sig.role,
              versionId: version.id,
              error,
              attempt,
            });
          if (round.signingFailures !== this.config.attempts) return;
          const secretary = (await uow.signatories(round.id)).find((s) => s.role === 'sekreterare');
          if (!secretary) return;
          const mail = signingDelayed({
            secretaryName: secretary.name,
            protocol: protocolRef(p, round, version.sha256),
            error: signingErrorSv(error),
            failures: round.signingFailures,
            link: `${this.config.publicUrl}/justering/${p.id}`,
          });
          await uow.queueMail({ organisationId: round.organisationId, kind: 'justering.signing-delayed', to: secretary.email, ...mail });
        },
        undefined,
      );
    } catch (recordErr) {
      this.log.error({ roundId, error: errorText(recordErr) }, 'could not record the signing failure');
    }
  }
}
