import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { newLinkToken } from '@justera/auth';
import { APP_CONFIG, AppConfig } from '@justera/config';
import {
  deadlineWarning,
  JusteringSettings,
  linkExpiry,
  linkMail,
  nextReminderAt,
  paragraphLabel,
  RoundView,
  SignerRole,
  whoseTurn,
} from '@justera/justering';
import { isoDateInTimeZone } from '@justera/legal-dates';
import { JusteringRepository, JusteringRoundEntity, JusteringUnitOfWork, ProtocolEntity } from '@justera/persistence';
import { enqueueInTransaction, JobHandler, JobOutcome, JobPayloads, queueMailInTransaction } from '@justera/queue';

export function queueMail(uow: JusteringUnitOfWork, organisationId: string, kind: string, to: string, mail: { subject: string; text: string; html: string }) {
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

/**
 * Reminder number N to a signatory whose turn it is and who has not acted. Idempotent: the whole
 * step (new link, mail row, audit event, next reminder job) commits in one transaction, and a job
 * whose number is not the signatory's next one (a retry after a commit, a stale job after a new
 * version or a manual reminder) is skipped.
 */
@Injectable()
export class JusteringRemindHandler implements JobHandler<'justering.remind'> {
  readonly jobName = 'justering.remind' as const;
  private get settings(): JusteringSettings {
    return this.config.justering;
  }

  constructor(
    private readonly repo: JusteringRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(payload: JobPayloads['justering.remind']): Promise<JobOutcome> {
    return withLockedRound(this.repo, payload.roundId, async (uow, p, round) => {
      if (round.status !== 'active') return { status: 'skipped', detail: `round ${round.status}` };
      if (round.currentVersionId !== payload.versionId) return { status: 'skipped', detail: 'version replaced' };
      const sigs = await uow.signatories(round.id);
      const sig = sigs.find((s) => s.id === payload.signatoryId);
      if (!sig) return { status: 'skipped', detail: 'signatory gone' };
      if (sig.state !== 'sent' && sig.state !== 'opened') return { status: 'skipped', detail: `signatory ${sig.state}` };
      if (sig.remindersSent !== payload.number - 1) return { status: 'skipped', detail: `reminder ${payload.number} not next (sent ${sig.remindersSent})` };
      const view: RoundView = { order: round.signingOrder as RoundView['order'], status: 'active', signatories: sigs.map((s) => ({ id: s.id, role: s.role as SignerRole, position: s.position, state: s.state as never })) };
      if (!whoseTurn(view).some((s) => s.id === sig.id)) return { status: 'skipped', detail: 'not their turn' };
      const version = (await uow.version(round.currentVersionId!))!;
      const now = new Date();
      const expiresAt = linkExpiry(round.deadline, this.settings.linkGraceDays, sig.sentAt ?? now);
      if (now.getTime() >= expiresAt.getTime()) return { status: 'skipped', detail: 'links expired' };
      const { token, tokenHash } = newLinkToken();
      const linkId = randomUUID();
      await uow.insertLink({ id: linkId, tokenHash, roundId: round.id, signatoryId: sig.id, versionId: version.id, createdAt: now, expiresAt, usedAt: null, supersededAt: null, supersededReason: null });
      const secretary = sigs.find((s) => s.role === 'sekreterare');
      const mail = linkMail({
        kind: 'reminder',
        recipientName: sig.name,
        role: sig.role as SignerRole,
        protocol: { organ: organOf(p), meetingDate: p.meetingDate, paragraphs: paragraphLabel(round.paragraphs ? (JSON.parse(round.paragraphs) as number[]) : null), documentSha256: version.sha256 },
        deadline: round.deadline,
        link: `${this.config.publicUrl}/sign/${token}`,
        secretaryName: secretary?.name,
        secretaryEmail: secretary?.email,
        invitedOn: sig.sentAt ? isoDateInTimeZone(sig.sentAt) : undefined,
      });
      const deliveryId = await queueMail(uow, round.organisationId, 'justering.reminder', sig.email, mail);
      sig.remindersSent = payload.number;
      sig.lastRemindedAt = now;
      await uow.saveSignatory(sig);
      await uow.appendAudit(round.organisationId, {
        protocolId: round.protocolId,
        roundId: round.id,
        type: 'reminded',
        at: now,
        actor: 'system',
        ip: null,
        userAgent: null,
        transactionId: randomUUID(),
        data: { signatoryId: sig.id, role: sig.role, to: sig.email, number: payload.number, linkId, versionId: version.id, deliveryId },
      });
      const next = nextReminderAt(this.settings.reminders, sig.sentAt ?? now, payload.number, expiresAt);
      if (next) {
        await enqueueInTransaction(uow.manager, 'justering.remind', { ...payload, number: payload.number + 1 }, { delayMs: Math.max(0, next.getTime() - now.getTime()) });
      }
      return { status: 'done', detail: `reminder ${payload.number} to ${sig.id}` };
    });
  }
}

/** Warns the secretary (the sekreterare signatory) once, when the deadline is near and signatures are missing. */
@Injectable()
export class JusteringDeadlineWarningHandler implements JobHandler<'justering.deadline-warning'> {
  readonly jobName = 'justering.deadline-warning' as const;

  constructor(
    private readonly repo: JusteringRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(payload: JobPayloads['justering.deadline-warning']): Promise<JobOutcome> {
    return withLockedRound(this.repo, payload.roundId, async (uow, p, round) => {
      if (round.status !== 'active' && round.status !== 'change_requested') return { status: 'skipped', detail: `round ${round.status}` };
      if (round.warnedAt) return { status: 'skipped', detail: 'already warned' };
      const sigs = await uow.signatories(round.id);
      const missing = sigs.filter((s) => s.state !== 'signed');
      const secretary = sigs.find((s) => s.role === 'sekreterare')!;
      const version = (await uow.version(round.currentVersionId!))!;
      const now = new Date();
      const mail = deadlineWarning({
        secretaryName: secretary.name,
        protocol: { organ: organOf(p), meetingDate: p.meetingDate, paragraphs: paragraphLabel(round.paragraphs ? (JSON.parse(round.paragraphs) as number[]) : null), documentSha256: version.sha256 },
        deadline: round.deadline,
        missing: missing.map((s) => ({ name: s.name, role: s.role as SignerRole })),
        link: `${this.config.publicUrl}/justering/${p.id}`,
      });
      const deliveryId = await queueMail(uow, round.organisationId, 'justering.deadline-warning', secretary.email, mail);
      round.warnedAt = now;
      await uow.saveRound(round);
      await uow.appendAudit(round.organisationId, {
        protocolId: round.protocolId,
        roundId: round.id,
        type: 'deadline.warned',
        at: now,
        actor: 'system',
        ip: null,
        userAgent: null,
        transactionId: randomUUID(),
        data: { deadline: round.deadline, missing: missing.map((s) => s.id), to: secretary.email, deliveryId },
      });
      return { status: 'done', detail: `warned about ${missing.length} missing` };
    });
  }
}
