import { Injectable } from '@nestjs/common';
import { AppendSignatures, ReconcileSigning } from '@justera/justering';
import { JobHandler, JobOutcome, JobPayloads } from '@justera/queue';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Job `justering.sign`: the use case AppendSignatures (libs/justering), which appends the approvals'
 * signatures through the worker's PAdES signer (`DocumentSigner`, pades-document-signer.ts) and
 * completes the round after the last one.
 */
@Injectable()
export class JusteringSignHandler implements JobHandler<'justering.sign'> {
  readonly jobName = 'justering.sign' as const;
  constructor(private readonly appendSignatures: AppendSignatures) {}

  async handle(payload: JobPayloads['justering.sign'], context: { jobId: string; attempt: number }): Promise<JobOutcome> {
    if (!UUID.test(String(payload?.roundId)) || !UUID.test(String(payload?.versionId)))
      return { status: 'skipped', detail: 'invalid payload' };
    return this.appendSignatures.execute({ roundId: payload.roundId, versionId: payload.versionId, attempt: context.attempt });
  }
}

/** Hourly job `justering.reconcile-signing`: the use case ReconcileSigning (libs/justering). */
@Injectable()
export class JusteringReconcileSigningHandler implements JobHandler<'justering.reconcile-signing'> {
  readonly jobName = 'justering.reconcile-signing' as const;
  constructor(private readonly reconcileSigning: ReconcileSigning) {}

  handle(): Promise<JobOutcome> {
    return this.reconcileSigning.execute();
  }
}
