import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from '@justera/application';
import { fromStored } from '@justera/identity';
import type { JobOutcome, JobPayloads } from '@justera/queue';
import { DocumentSigner, IDENTIFIED_BY_EMAIL_LINK, identifiedByElegitimation, type SignDocumentResult } from '../signer';
import { nextSignature, type SigningStep } from '../signing';
import { audit } from './context';
import type { CompleteRound } from './complete-round';
import { withLockedRound } from './locked-round';
import type { FrozenDocument, JusteringStore, SigningLog, StoredPdf } from './ports';
import type { RecordSigningFailure } from './record-signing-failure';
import { sameStep, SIGNABLE, slotsOf } from './signing-context';

export type AppendSignaturesCommand = JobPayloads['justering.sign'] & {
  /** The job's attempt (1-based), for the failure bookkeeping. */
  attempt: number;
};

/** Optimistic rounds before giving up on a busy version (another job appending at the same time). */
const MAX_ROUNDS = 25;

/**
 * AppendSignatures (job `justering.sign`): appends the cryptographic signatures of a version's
 * approvals to its PDF (docs/signatures.md), one incremental revision each, in the order the
 * approvals came; after the last one (with the long-term validation data) CompleteRound completes the
 * round in the same transaction.
 *
 * The signature is computed by the `DocumentSigner` port (the worker's PAdES signer) outside any
 * transaction (the TSA may take seconds) on the version's latest revision, then committed only if
 * that revision is still the latest and the approval still stands — a parallel job or a new version
 * in between means the work is redone on the new state, never that two signatures fork the file; a
 * signature already in the PDF is never appended again (a retried job finds nothing to do). A signer
 * failure (TSA down, a broken key) is recorded on the round (RecordSigningFailure) and rethrown:
 * BullMQ retries with backoff; the server clock is never used in place of the TSA.
 */
export class AppendSignatures {
  constructor(
    private readonly store: JusteringStore,
    private readonly signer: DocumentSigner,
    private readonly clock: Clock,
    private readonly completeRound: CompleteRound,
    private readonly recordFailure: RecordSigningFailure,
    private readonly log: SigningLog,
  ) {}

  async execute(command: AppendSignaturesCommand): Promise<JobOutcome> {
    let applied = 0;
    let organisation: { id: string; name: string } | null = null;
    for (let i = 0; i < MAX_ROUNDS; i++) {
      const round = await this.store.findRound(command.roundId);
      if (!round) return { status: 'skipped', detail: 'round gone' };
      if (round.currentVersionId !== command.versionId) return { status: 'skipped', detail: 'version replaced' };
      if (!SIGNABLE.has(round.status)) return { status: applied ? 'done' : 'skipped', detail: `round ${round.status}; ${applied} applied` };
      const version = await this.store.findVersion(command.versionId);
      if (!version || version.roundId !== round.id) return { status: 'skipped', detail: 'version gone' };
      const sigs = await this.store.signatoriesOf(round.id);
      const step = nextSignature(slotsOf(sigs, version));
      if (!step) return { status: applied ? 'done' : 'skipped', detail: `${applied} applied; nothing pending` };
      const sig = sigs.find((s) => s.id === step.next.id)!;
      const base = await this.store.findDocument(round.organisationId, version.signedDocumentId);
      if (!base) throw new Error(`document ${version.signedDocumentId} of version ${version.id} is missing`);
      // Read once per job (the name goes into the signer certificate): a rename on /admin/organisation
      // names the organisation in the next job's certificates.
      organisation ??= await this.store.findOrganisation(round.organisationId);
      if (!organisation) throw new Error(`organisation ${round.organisationId} of round ${round.id} is missing`);
      let signed: SignDocumentResult;
      try {
        signed = await this.signer.sign({
          pdf: base.content,
          organisation: { id: organisation.id, name: organisation.name },
          fieldIndex: sig.position + 1,
          signer: { name: sig.name, role: sig.role, email: sig.email },
          approvedSha256: version.sha256,
          signedAt: sig.signedAt!,
          transactionId: sig.signedTransactionId!,
          ...identificationOf(sig.identity),
          certify: step.certify,
          final: step.final,
        });
      } catch (err) {
        await this.recordFailure.execute({ roundId: round.id, signatory: sig, version, error: err, attempt: command.attempt });
        throw err;
      }
      const outcome = await this.commit(command, base, step, signed);
      if (outcome === 'gone') return { status: applied ? 'done' : 'skipped', detail: `round changed; ${applied} applied` };
      if (outcome === 'applied') applied++;
      else this.log.log({ roundId: round.id, versionId: version.id }, 'version changed while signing; signing again on the new revision');
    }
    throw new Error(`justering.sign: version ${command.versionId} kept changing; retrying`);
  }

  /** Writes the new revision if `base` is still the version's latest and the step still the next one. */
  private commit(
    command: AppendSignaturesCommand,
    base: StoredPdf,
    step: SigningStep,
    signed: SignDocumentResult,
  ): Promise<'applied' | 'conflict' | 'gone'> {
    return withLockedRound<'applied' | 'conflict' | 'gone'>(
      this.store,
      command.roundId,
      async (uow, protocol, round) => {
        const version = await uow.version(command.versionId);
        if (!version || round.currentVersionId !== version.id || !SIGNABLE.has(round.status)) return 'gone';
        if (version.signedDocumentId !== base.id) return 'conflict';
        const sigs = await uow.signatories(round.id);
        if (!sameStep(step, nextSignature(slotsOf(sigs, version)))) return 'conflict';
        const sig = sigs.find((s) => s.id === step.next.id)!;
        const now = this.clock.now();
        const bytes = Buffer.from(signed.pdf);
        const rev: FrozenDocument = {
          id: randomUUID(),
          organisationId: round.organisationId,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          size: bytes.length,
          mediaType: 'application/pdf',
          fileName: base.fileName,
          content: bytes,
          createdAt: now,
        };
        await uow.insertDocument(rev);
        version.signedDocumentId = rev.id;
        await uow.saveVersion(version);
        sig.signatureAppliedAt = now;
        sig.signatureMethod = signed.method;
        await uow.saveSignatory(sig);
        round.signingError = null;
        round.signingFailedAt = null;
        round.signingFailures = 0;
        // The approval's transaction id: the one printed in the signature's appearance.
        await audit(
          uow,
          round,
          { id: sig.signedTransactionId!, actor: 'system', meta: { ip: null, userAgent: null }, now },
          'signature.applied',
          {
            signatoryId: sig.id,
            role: sig.role,
            name: sig.name,
            versionId: version.id,
            approvedSha256: version.sha256,
            approvedAt: sig.signedAt?.toISOString(),
            revisionDocumentId: rev.id,
            revisionSha256: rev.sha256,
            signatureMethod: signed.method,
            certify: step.certify,
            final: step.final,
          },
        );
        if (step.final) await this.completeRound.execute({ uow, protocol, round, version, sigs, now });
        else await uow.saveRound(round);
        return 'applied';
      },
      'gone',
    );
  }
}

/**
 * How the approval was identified: the stored e-legitimation (its verified name and provider, read with
 * the checked `fromStored`), else the link. A malformed record throws: the job fails and is recorded on
 * the round rather than signing in a missing or wrong name.
 */
export function identificationOf(identity: string | null | undefined): {
  identifiedBy: string;
  verified?: { name: string; provider: string };
} {
  if (!identity) return { identifiedBy: IDENTIFIED_BY_EMAIL_LINK };
  const i = fromStored(identity);
  return { identifiedBy: identifiedByElegitimation(i.provider), verified: { name: i.name, provider: i.provider } };
}
