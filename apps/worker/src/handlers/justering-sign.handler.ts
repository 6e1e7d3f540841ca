import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '@justera/config';
import {
  allSignedNotice,
  completeSigning,
  DocumentSigner,
  IDENTIFIED_BY_EMAIL_LINK,
  identifiedByElegitimation,
  justeradAt as justeradAtOf,
  nextSignature,
  paragraphLabel,
  RoundView,
  SignerRole,
  SigningSlot,
  SigningStep,
  signingDelayed,
  signingErrorSv,
} from '@justera/justering';
import { planPosting, type PostingPolicy } from '@justera/anslag';
import { fromStored } from '@justera/identity';
import {
  AnslagRepository,
  DocumentEntity,
  JusteringRepository,
  JusteringRoundEntity,
  JusteringSignatoryEntity,
  JusteringUnitOfWork,
  JusteringVersionEntity,
  ProtocolEntity,
} from '@justera/persistence';
import { enqueueInTransaction, JobHandler, JobOutcome, JobPayloads, JOBS } from '@justera/queue';
import { organOf, queueMail, withLockedRound } from './justering.handlers';

/** Rounds in these states take signatures; a cancelled, changed or finished round does not. */
const SIGNABLE = new Set(['active', 'signing']);
/** Optimistic rounds before giving up on a busy version (another job appending at the same time). */
const MAX_ROUNDS = 25;

function slotsOf(sigs: JusteringSignatoryEntity[], version: JusteringVersionEntity): SigningSlot[] {
  return sigs.map((s) => {
    const approved = s.state === 'signed' && s.signedSha256 === version.sha256;
    return {
      id: s.id,
      role: s.role as SignerRole,
      position: s.position,
      approved,
      approvedAt: approved ? s.signedAt : null,
      applied: approved && !!s.signatureAppliedAt,
    };
  });
}

function sameStep(a: SigningStep | null, b: SigningStep | null): boolean {
  return !!a && !!b && a.next.id === b.next.id && a.certify === b.certify && a.final === b.final;
}

function errorText(err: unknown): string {
  const text = err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
  return text.slice(0, 480);
}

/**
 * Appends the cryptographic signatures of a version's approvals to its PDF (issue 5), one
 * incremental revision each, in the order the approvals came; after the last one (with the
 * long-term validation data) it completes the round: justerat, the mail to the secretary, the notice
 * to the anslagstavla.
 *
 * The signature is computed outside any transaction (the TSA may take seconds) on the version's
 * latest revision, then committed only if that revision is still the latest and the approval still
 * stands — a parallel job or a new version in between means the work is redone on the new state,
 * never that two signatures fork the file. A signer failure (TSA down, a broken key) is recorded on
 * the round for the secretary to see and rethrown: BullMQ retries with backoff; the server clock is
 * never used in place of the TSA.
 */
@Injectable()
export class JusteringSignHandler implements JobHandler<'justering.sign'> {
  readonly jobName = 'justering.sign' as const;
  private readonly logger = new Logger('JusteringSign');

  constructor(
    private readonly repo: JusteringRepository,
    private readonly signer: DocumentSigner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly anslag: AnslagRepository,
  ) {}

  async handle(payload: JobPayloads['justering.sign'], context: { jobId: string; attempt: number }): Promise<JobOutcome> {
    let applied = 0;
    for (let i = 0; i < MAX_ROUNDS; i++) {
      const round = await this.repo.findRound(payload.roundId);
      if (!round) return { status: 'skipped', detail: 'round gone' };
      if (round.currentVersionId !== payload.versionId) return { status: 'skipped', detail: 'version replaced' };
      if (!SIGNABLE.has(round.status)) return { status: applied ? 'done' : 'skipped', detail: `round ${round.status}; ${applied} applied` };
      const version = (await this.repo.versions(round.id)).find((v) => v.id === payload.versionId);
      if (!version) return { status: 'skipped', detail: 'version gone' };
      const sigs = await this.repo.signatories([round.id]);
      const step = nextSignature(slotsOf(sigs, version));
      if (!step) return { status: applied ? 'done' : 'skipped', detail: `${applied} applied; nothing pending` };
      const sig = sigs.find((s) => s.id === step.next.id)!;
      const base = await this.repo.documentWithContent(round.organisationId, version.signedDocumentId);
      if (!base) throw new Error(`document ${version.signedDocumentId} of version ${version.id} is missing`);
      // Read at each signature: a rename on /admin/organisation names the organisation in the next certificate.
      const organisation = await this.anslag.findOrganisation(round.organisationId);
      if (!organisation) throw new Error(`organisation ${round.organisationId} of round ${round.id} is missing`);
      let signed;
      try {
        signed = await this.signer.sign({
          pdf: base.content,
          organisation: { id: organisation.id, name: organisation.name },
          fieldIndex: sig.position + 1,
          signer: { name: sig.name, role: sig.role as SignerRole, email: sig.email },
          approvedSha256: version.sha256,
          signedAt: sig.signedAt!,
          transactionId: sig.signedTransactionId!,
          ...identificationOf(sig.identity),
          certify: step.certify,
          final: step.final,
        });
      } catch (err) {
        await this.recordFailure(round.id, sig, version, err, context.attempt);
        throw err;
      }
      const outcome = await this.commit(payload, base, step, signed);
      if (outcome === 'gone') return { status: applied ? 'done' : 'skipped', detail: `round changed; ${applied} applied` };
      if (outcome === 'applied') applied++;
      else
        this.logger.log({ roundId: round.id, versionId: version.id }, 'version changed while signing; signing again on the new revision');
    }
    throw new Error(`justering.sign: version ${payload.versionId} kept changing; retrying`);
  }

  /** Writes the new revision if `base` is still the version's latest and the step still the next one. */
  private commit(
    payload: JobPayloads['justering.sign'],
    base: DocumentEntity,
    step: SigningStep,
    signed: { pdf: Uint8Array; method: string },
  ): Promise<'applied' | 'conflict' | 'gone'> {
    return withLockedRound<'applied' | 'conflict' | 'gone'>(
      this.repo,
      payload.roundId,
      async (uow, p, round) => {
        const version = await uow.version(payload.versionId);
        if (!version || round.currentVersionId !== version.id || !SIGNABLE.has(round.status)) return 'gone';
        if (version.signedDocumentId !== base.id) return 'conflict';
        const sigs = await uow.signatories(round.id);
        if (!sameStep(step, nextSignature(slotsOf(sigs, version)))) return 'conflict';
        const sig = sigs.find((s) => s.id === step.next.id)!;
        const now = new Date();
        const bytes = Buffer.from(signed.pdf);
        const rev: DocumentEntity = {
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
        await uow.appendAudit(round.organisationId, {
          protocolId: round.protocolId,
          roundId: round.id,
          type: 'signature.applied',
          at: now,
          actor: 'system',
          ip: null,
          userAgent: null,
          // The approval's transaction id: the one printed in the signature's appearance.
          transactionId: sig.signedTransactionId!,
          data: {
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
        });
        if (step.final) await this.complete(uow, p, round, version, sigs, now);
        else await uow.saveRound(round);
        return 'applied';
      },
      'gone',
    );
  }

  /** Every signature is in the PDF: the round is justerat as of the last approval. */
  private async complete(
    uow: JusteringUnitOfWork,
    p: ProtocolEntity,
    round: JusteringRoundEntity,
    version: JusteringVersionEntity,
    sigs: JusteringSignatoryEntity[],
    now: Date,
  ) {
    const view: RoundView = {
      order: round.signingOrder as RoundView['order'],
      status: round.status as RoundView['status'],
      signatories: sigs.map((s) => ({ id: s.id, role: s.role as SignerRole, position: s.position, state: s.state as never })),
    };
    round.status = completeSigning(view).status;
    const at = justeradAtOf(slotsOf(sigs, version)) ?? now;
    round.completedAt = at;
    await uow.saveRound(round);
    if (!round.paragraphs) await uow.setProtocolStatus(p.id, 'justerat');
    const secretary = sigs.find((s) => s.role === 'sekreterare')!;
    const paragraphs = round.paragraphs ? (JSON.parse(round.paragraphs) as number[]) : null;
    const ref = { organ: organOf(p), meetingDate: p.meetingDate, paragraphs: paragraphLabel(paragraphs), documentSha256: version.sha256 };
    const mail = allSignedNotice({
      secretaryName: secretary.name,
      protocol: ref,
      signers: sigs.map((s) => ({ name: s.name, role: s.role as SignerRole })),
      posting: await this.postingOf(uow, p, at, now),
      link: `${this.config.publicUrl}/justering/${p.id}`,
    });
    await queueMail(uow, round.organisationId, 'justering.completed', secretary.email, mail);
    await uow.appendAudit(round.organisationId, {
      protocolId: round.protocolId,
      roundId: round.id,
      type: 'completed',
      at: now,
      actor: 'system',
      ip: null,
      userAgent: null,
      transactionId: randomUUID(),
      data: { versionId: version.id, sha256: version.sha256, signedDocumentId: version.signedDocumentId, justeradAt: at.toISOString() },
    });
    // Hands the finished justering to the anslag side (issue 6) in the same transaction.
    await enqueueInTransaction(uow.manager, 'anslag.post-notice', {
      protocolId: round.protocolId,
      roundId: round.id,
      justeradAt: at.toISOString(),
      ...(paragraphs ? { paragraphs } : {}),
      documentId: version.signedDocumentId,
    });
  }

  /**
   * What the anslag side will do with the notice the completion hands it (docs/anslag.md): the
   * organ's Justera board's posting policy (immediate when it has none yet: the notice workflow then
   * creates an immediate one), and the other municipalities' boards that wait for the secretary.
   * The mail says this instead of asking the secretary to post what Justera posts itself.
   */
  private async postingOf(uow: JusteringUnitOfWork, p: ProtocolEntity, at: Date, now: Date) {
    const boards = await this.anslag.listBoards(p.organisationId, p.organId, uow.manager);
    const own = boards.find((b) => b.kind === 'justera');
    const policy: PostingPolicy =
      own?.postingMode === 'nextWorkingDayAt' && own.postingHour !== null
        ? { mode: 'nextWorkingDayAt', hour: own.postingHour }
        : { mode: 'immediate' };
    const plan = planPosting(at, policy);
    return {
      postAt: plan.postAt,
      // A justering completed after its posting hour has passed is posted at once, like an immediate one.
      immediate: plan.postAt.getTime() <= now.getTime(),
      deadline: plan.deadline,
      externalBoards: boards.filter((b) => b.kind === 'external').map((b) => b.name),
      anslagLink: `${this.config.publicUrl}/anslag/protokoll/${p.id}`,
    };
  }

  /**
   * Keeps the failure where the secretary sees it (the round's status), audits the first failure of a
   * streak, and mails the secretary once when a whole job's tries are used up.
   */
  private async recordFailure(
    roundId: string,
    sig: JusteringSignatoryEntity,
    version: JusteringVersionEntity,
    err: unknown,
    attempt: number,
  ) {
    const error = errorText(err);
    this.logger.warn(
      { roundId, versionId: version.id, signatoryId: sig.id, attempt, error },
      'appending a signature failed; the job will retry',
    );
    try {
      await withLockedRound<void>(
        this.repo,
        roundId,
        async (uow, p, round) => {
          const now = new Date();
          const first = round.signingFailures === 0;
          round.signingError = error;
          round.signingFailedAt = now;
          round.signingFailures += 1;
          await uow.saveRound(round);
          if (first) {
            await uow.appendAudit(round.organisationId, {
              protocolId: round.protocolId,
              roundId: round.id,
              type: 'signing.failed',
              at: now,
              actor: 'system',
              ip: null,
              userAgent: null,
              transactionId: randomUUID(),
              data: { signatoryId: sig.id, role: sig.role, versionId: version.id, error, attempt },
            });
          }
          if (round.signingFailures === JOBS['justering.sign'].attempts) {
            const sigs = await uow.signatories(round.id);
            const secretary = sigs.find((s) => s.role === 'sekreterare');
            if (secretary) {
              const mail = signingDelayed({
                secretaryName: secretary.name,
                protocol: {
                  organ: organOf(p),
                  meetingDate: p.meetingDate,
                  paragraphs: paragraphLabel(round.paragraphs ? (JSON.parse(round.paragraphs) as number[]) : null),
                  documentSha256: version.sha256,
                },
                error: signingErrorSv(error),
                failures: round.signingFailures,
                link: `${this.config.publicUrl}/justering/${p.id}`,
              });
              await queueMail(uow, round.organisationId, 'justering.signing-delayed', secretary.email, mail);
            }
          }
        },
        undefined,
      );
    } catch (recordErr) {
      this.logger.error({ roundId, error: errorText(recordErr) }, 'could not record the signing failure');
    }
  }
}

/**
 * Hourly: approvals that are still not in their PDF ten minutes after they were given (a job that
 * used up its tries while the TSA was down, a lost job) get a new `justering.sign` job.
 */
@Injectable()
export class JusteringReconcileSigningHandler implements JobHandler<'justering.reconcile-signing'> {
  readonly jobName = 'justering.reconcile-signing' as const;

  constructor(private readonly repo: JusteringRepository) {}

  async handle(): Promise<JobOutcome> {
    const rounds = await this.repo.roundsAwaitingSignatures(new Date(Date.now() - 10 * 60_000));
    let n = 0;
    for (const r of rounds) {
      if (!r.currentVersionId) continue;
      await this.repo.unitOfWork((uow) =>
        enqueueInTransaction(uow.manager, 'justering.sign', { roundId: r.id, versionId: r.currentVersionId! }),
      );
      n++;
    }
    return { status: n ? 'done' : 'skipped', detail: `${n} round(s) re-enqueued` };
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
