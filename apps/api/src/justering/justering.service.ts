import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { newLinkToken } from '@justera/auth';
import { APP_CONFIG, AppConfig } from '@justera/config';
import {
  ClassifyLink,
  type LinkVerdict,
  JusteringSettings,
  linkExpiry,
  linkMail,
  LinkMailKind,
  markProgress,
  newVersion as newVersionRule,
  nextReminderAt,
  orderSignatories,
  paragraphLabel,
  ROLE_SV,
  roundDeadline,
  RoundView,
  ROUND_STATUS_SV,
  SIGNATORY_STATE_SV,
  SignatoryInput,
  SignerRole,
  verifyChain,
  warningAt,
  whoseTurn,
} from '@justera/justering';
import { isoDateInTimeZone } from '@justera/legal-dates';
import { renderExcerptPdf, renderProtocolPdf, type SignatoryIdentification, UnsupportedCharactersError, UnknownParagraphError } from '@justera/pdf';
import { checkReadyForJustering, Protocol, validateProtocol, withImmediatelyAdjusted } from '@justera/protocol';
import {
  DocumentEntity,
  JusteringRepository,
  JusteringRoundEntity,
  JusteringSignatoryEntity,
  JusteringUnitOfWork,
  JusteringVersionEntity,
  OrganEntity,
  ProtocolEntity,
  ProtocolsRepository,
  SigningLinkEntity,
  readAfterCommit,
} from '@justera/persistence';
import { enqueueInTransaction, queueMailInTransaction } from '@justera/queue';
import type { AuthContext } from '../auth/auth-context';
import { ensureAllowed } from '../auth/policy';
import { DomainError, invalidRequest } from '@justera/application';
import type { NewVersionDto, StartJusteringDto } from './justering.dto';
import { paragraphChanges } from './paragraph-changes';

/** Where a request came from, for the audit trail. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

function actorOf(auth: AuthContext): string {
  return auth.via === 'apiKey' ? `apikey:${auth.principal.userId}` : `user:${auth.principal.userId}`;
}

function viewOf(round: JusteringRoundEntity, sigs: JusteringSignatoryEntity[]): RoundView {
  return {
    order: round.signingOrder as RoundView['order'],
    status: round.status as RoundView['status'],
    signatories: sigs.map((s) => ({ id: s.id, role: s.role as SignerRole, position: s.position, state: s.state as never })),
  };
}

function organName(p: ProtocolEntity): string {
  return ((p.data as { organ?: string }) ?? {}).organ ?? p.title;
}

/**
 * The justering use cases: StartJustering, FreezeNewVersion,
 * RemindNow, ResendLink, ChangeEmail, CancelJustering, and the status and audit reads. Every change
 * runs in one unit of work that locks the protocol row, writes the audit event(s), the mail rows and
 * their outbox jobs together: a crash loses nothing and a retry duplicates nothing.
 */
@Injectable()
export class JusteringService {
  private readonly settings: JusteringSettings;

  constructor(
    private readonly repo: JusteringRepository,
    private readonly protocols: ProtocolsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly classifyLink: ClassifyLink,
  ) {
    this.settings = config.justering;
  }

  // ---------------------------------------------------------------- helpers

  private async loadProtocol(auth: AuthContext, id: string, action: 'protocol.read' | 'justering.manage' | 'evidence.read'): Promise<ProtocolEntity> {
    const p = await this.protocols.find(auth.principal.organisationId, id);
    if (!p) throw new DomainError('not_found', 'Protokollet finns inte.');
    ensureAllowed(auth, 'protocol.read', { organisationId: p.organisationId, organId: p.organId });
    if (action !== 'protocol.read') ensureAllowed(auth, action, { organisationId: p.organisationId, organId: p.organId });
    return p;
  }

  private protocolRef(p: ProtocolEntity, round: JusteringRoundEntity, sha256?: string) {
    return { organ: organName(p), meetingDate: p.meetingDate, paragraphs: paragraphLabel(round.paragraphs ? (JSON.parse(round.paragraphs) as number[]) : null), documentSha256: sha256 };
  }

  private dashboardLink(protocolId: string) {
    return `${this.config.publicUrl}/justering/${protocolId}`;
  }

  private queueMail(uow: JusteringUnitOfWork, organisationId: string, kind: string, to: string, mail: { subject: string; text: string; html: string }) {
    return queueMailInTransaction(uow.manager, { organisationId, kind, to, ...mail });
  }

  /** A fresh personal link for `sig` on `version`, mailed in the same transaction. */
  private async issueLink(
    uow: JusteringUnitOfWork,
    tx: { id: string; actor: string; meta: RequestMeta; now: Date },
    p: ProtocolEntity,
    round: JusteringRoundEntity,
    version: JusteringVersionEntity,
    sig: JusteringSignatoryEntity,
    kind: LinkMailKind,
    extra: { reason?: string; hadApproved?: boolean; changeRequest?: { name: string; role: SignerRole; comment: string }; changes?: string[] } = {},
  ) {
    const { token, tokenHash } = newLinkToken();
    const expiresAt = linkExpiry(round.deadline, this.settings.linkGraceDays, tx.now);
    const link: SigningLinkEntity = {
      id: randomUUID(),
      tokenHash,
      roundId: round.id,
      signatoryId: sig.id,
      versionId: version.id,
      createdAt: tx.now,
      expiresAt,
      usedAt: null,
      supersededAt: null,
      supersededReason: null,
    };
    await uow.insertLink(link);
    const sigs = await uow.signatories(round.id);
    const secretary = sigs.find((s) => s.role === 'sekreterare');
    const mail = linkMail({
      kind,
      recipientName: sig.name,
      role: sig.role as SignerRole,
      protocol: this.protocolRef(p, round, version.sha256),
      deadline: round.deadline,
      link: `${this.config.publicUrl}/sign/${token}`,
      secretaryName: secretary?.name,
      secretaryEmail: secretary?.email,
      ...extra,
    });
    const deliveryId = await this.queueMail(uow, round.organisationId, `justering.${kind}`, sig.email, mail);
    if (kind !== 'reminder') {
      sig.state = markProgress(sig.state as never, 'sent');
      sig.sentAt = tx.now;
      const next = nextReminderAt(this.settings.reminders, tx.now, 0, expiresAt);
      if (next && this.settings.reminders.max > sig.remindersSent) {
        await enqueueInTransaction(uow.manager, 'justering.remind', { roundId: round.id, signatoryId: sig.id, versionId: version.id, number: sig.remindersSent + 1 }, { delayMs: next.getTime() - tx.now.getTime() });
      }
    }
    await uow.saveSignatory(sig);
    await uow.appendAudit(round.organisationId, {
      protocolId: round.protocolId,
      roundId: round.id,
      type: kind === 'reminder' ? 'reminded' : kind === 'resent' ? 'link.resent' : 'mail.queued',
      at: tx.now,
      actor: tx.actor,
      ip: tx.meta.ip,
      userAgent: tx.meta.userAgent,
      transactionId: tx.id,
      data: { signatoryId: sig.id, role: sig.role, to: sig.email, mail: kind, linkId: link.id, versionId: version.id, deliveryId, expiresAt: expiresAt.toISOString() },
    });
    return link;
  }

  private audit(uow: JusteringUnitOfWork, round: JusteringRoundEntity, tx: { id: string; actor: string; meta: RequestMeta; now: Date }, type: string, data: Record<string, unknown>) {
    return uow.appendAudit(round.organisationId, { protocolId: round.protocolId, roundId: round.id, type, at: tx.now, actor: tx.actor, ip: tx.meta.ip, userAgent: tx.meta.userAgent, transactionId: tx.id, data });
  }

  /**
   * The round's identity level as the Underskrifter page prints it ("Identifieras med e-legitimation
   * (<provider>)", docs/identity.md): the provider is the configured label, the one the signatures'
   * appearances will name.
   */
  private identificationOf(level: string | null | undefined): SignatoryIdentification {
    if (level !== 'e-legitimation') return { level: 'e-postlank' };
    if (!this.config.oidc) throw new DomainError('identity_unavailable');
    return { level: 'e-legitimation', provider: this.config.oidc.label };
  }

  private async freezePdf(p: ProtocolEntity, paragraphs: number[] | null, identification: SignatoryIdentification, data?: Protocol): Promise<{ bytes: Uint8Array; fileName: string }> {
    if (p.source === 'uploaded') {
      if (paragraphs) throw new DomainError('excerpt_of_upload', 'Omedelbar justering av enskilda paragrafer kräver ett strukturerat protokoll; ladda upp utdraget som ett eget protokoll.');
      const doc = await this.protocols.findDocument(p.organisationId, p.documentId!, true);
      if (!doc) throw new DomainError('not_found', 'Dokumentet finns inte.');
      return { bytes: doc.content, fileName: doc.fileName ?? 'protokoll.pdf' };
    }
    let protocol = data;
    if (!protocol) {
      // A draft saved before it was complete (the editor's autosave) cannot be frozen.
      const v = validateProtocol(p.data);
      if (!v.ok) throw invalidRequest(`Protokollet är inte komplett: ${v.errors.map((e) => `${e.path}: ${e.messageSv}`).join('; ')}`, v.errors);
      protocol = v.protocol;
    }
    // §§ already justerade on their own (omedelbar justering) say so in the full protocol.
    if (!paragraphs) protocol = withImmediatelyAdjusted(protocol, await this.adjustedParagraphs(p));
    try {
      const options = { identification };
      const bytes = paragraphs ? await renderExcerptPdf(protocol, paragraphs, options) : await renderProtocolPdf(protocol, options);
      return { bytes, fileName: `${paragraphs ? 'protokollsutdrag' : 'protokoll'}-${p.meetingDate}.pdf` };
    } catch (err) {
      if (err instanceof UnsupportedCharactersError) throw new DomainError('unsupported_characters', err.message);
      if (err instanceof UnknownParagraphError) throw new DomainError('unknown_paragraph', `Paragraferna finns inte i protokollet: ${err.message}`);
      throw err;
    }
  }

  /** Paragraph numbers of the protocol's completed omedelbar-justering rounds. */
  async adjustedParagraphs(p: ProtocolEntity): Promise<number[]> {
    const rounds = await this.repo.roundsOfProtocol(p.organisationId, p.id);
    return rounds.filter((r) => r.status === 'completed' && r.paragraphs).flatMap((r) => JSON.parse(r.paragraphs!) as number[]);
  }

  private newDocument(p: ProtocolEntity, bytes: Uint8Array, fileName: string, now: Date): DocumentEntity {
    return {
      id: randomUUID(),
      organisationId: p.organisationId,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
      mediaType: 'application/pdf',
      fileName,
      content: Buffer.from(bytes),
      createdAt: now,
    };
  }

  // ---------------------------------------------------------------- StartJustering

  async start(auth: AuthContext, protocolId: string, dto: StartJusteringDto, meta: RequestMeta) {
    const p = await this.loadProtocol(auth, protocolId, 'justering.manage');
    const paragraphs = dto.paragraphs ? [...new Set(dto.paragraphs)].sort((a, b) => a - b) : null;
    let input: SignatoryInput[];
    if (dto.signatories) input = dto.signatories;
    else if (p.source === 'structured') {
      const issues = checkReadyForJustering(p.data as Protocol);
      if (issues.length) throw invalidRequest(`Protokollet är inte klart för justering: ${issues.map((i) => i.messageSv).join('; ')}`, issues);
      input = (p.data as Protocol).signatories.map((s) => ({ role: s.role, name: s.name, email: s.email ?? '' }));
    } else input = (((p.data as { signatories?: SignatoryInput[] }) ?? {}).signatories ?? []).map((s) => ({ role: s.role, name: s.name, email: s.email ?? '' }));
    const ordered = orderSignatories(input);
    const identityLevel = dto.identityLevel ?? (await this.repo.unitOfWork((uow) => uow.manager.findOneBy(OrganEntity, { id: p.organId })))?.identityLevel ?? 'e-postlank';
    if (identityLevel === 'e-legitimation' && !this.config.oidc) throw new DomainError('identity_unavailable');
    const frozen = await this.freezePdf(p, paragraphs, this.identificationOf(identityLevel));
    const now = new Date();
    const tx = { id: randomUUID(), actor: actorOf(auth), meta, now };
    const roundId = await this.repo.unitOfWork(async (uow) => {
      const locked = await uow.lockProtocol(p.organisationId, p.id);
      if (!locked) throw new DomainError('not_found', 'Protokollet finns inte.');
      const rounds = await uow.roundsOfProtocol(p.id);
      const open = rounds.filter((r) => r.status === 'active' || r.status === 'change_requested' || r.status === 'signing');
      if (!paragraphs) {
        if (locked.status !== 'draft') throw new DomainError('not_draft', locked.status === 'justerat' ? 'Protokollet är redan justerat.' : 'Protokollet är redan under justering.');
        if (open.some((r) => !r.paragraphs)) throw new DomainError('already_started', 'Protokollet är redan under justering.');
      } else if (open.some((r) => r.paragraphs && (JSON.parse(r.paragraphs) as number[]).some((n) => paragraphs.includes(n)))) {
        throw new DomainError('already_started', 'Någon av paragraferna är redan under justering.');
      }
      const doc = this.newDocument(p, frozen.bytes, frozen.fileName, now);
      await uow.insertDocument(doc);
      const round: JusteringRoundEntity = {
        id: randomUUID(),
        organisationId: p.organisationId,
        protocolId: p.id,
        organId: p.organId,
        paragraphs: paragraphs ? JSON.stringify(paragraphs) : null,
        signingOrder: dto.order ?? 'sequential',
        identityLevel,
        status: 'active',
        deadline: roundDeadline(p.meetingDate),
        currentVersionId: null,
        createdBy: tx.actor,
        createdAt: now,
        completedAt: null,
        cancelledAt: null,
        warnedAt: null,
        signingError: null,
        signingFailedAt: null,
        signingFailures: 0,
      };
      const version: JusteringVersionEntity = { id: randomUUID(), roundId: round.id, number: 1, documentId: doc.id, sha256: doc.sha256, size: doc.size, previousSha256: null, signedDocumentId: doc.id, reason: null, createdAt: now };
      round.currentVersionId = version.id;
      await uow.saveRound(round);
      await uow.saveVersion(version);
      const sigs: JusteringSignatoryEntity[] = ordered.map((s, position) => ({
        id: randomUUID(),
        roundId: round.id,
        role: s.role,
        name: s.name,
        email: s.email,
        position,
        state: 'waiting',
        sentAt: null,
        openedAt: null,
        signedAt: null,
        signedSha256: null,
        signedTransactionId: null,
        changeRequestedAt: null,
        changeComment: null,
        remindersSent: 0,
        lastRemindedAt: null,
        signatureAppliedAt: null,
        signatureMethod: null,
      }));
      for (const s of sigs) await uow.saveSignatory(s);
      if (!paragraphs) await uow.setProtocolStatus(p.id, 'justering');
      await this.audit(uow, round, tx, 'round.created', {
        order: round.signingOrder,
        identityLevel,
        deadline: round.deadline,
        paragraphs,
        signatories: sigs.map((s) => ({ id: s.id, role: s.role, name: s.name, email: s.email, position: s.position })),
      });
      await this.audit(uow, round, tx, 'version.frozen', { versionId: version.id, number: 1, documentId: doc.id, sha256: doc.sha256, size: doc.size, previousSha256: null });
      for (const due of whoseTurn(viewOf(round, sigs))) await this.issueLink(uow, tx, p, round, version, sigs.find((s) => s.id === due.id)!, 'invitation');
      const warnAt = warningAt(round.deadline, now, this.settings.warnWorkingDaysBefore);
      await enqueueInTransaction(uow.manager, 'justering.deadline-warning', { roundId: round.id }, { delayMs: warnAt.getTime() - now.getTime() });
      return round.id;
    });
    return readAfterCommit(() => this.status(auth, protocolId, roundId));
  }

  // ---------------------------------------------------------------- reads

  /** The round's status as a use case (libs/justering usecases) left it: what the JSON actions answer. */
  statusAfterCommit(auth: AuthContext, protocolId: string, roundId: string) {
    return readAfterCommit(() => this.status(auth, protocolId, roundId));
  }

  /**
   * The protocol's justering status. The protocol row and its rounds are separate reads, and the
   * worker completes a round and sets the protocol justerat in one transaction between them; the
   * protocol is read again afterwards and the whole read repeated if its status moved, so the answer
   * never pairs a completed round with a protocol still 'justering' (or the other way round).
   */
  async status(auth: AuthContext, protocolId: string, onlyRoundId?: string) {
    for (let attempt = 0; ; attempt++) {
      const result = await this.statusOnce(auth, protocolId, onlyRoundId);
      const again = await this.protocols.find(auth.principal.organisationId, protocolId);
      if (!again || again.status === result.protocolStatus || attempt >= 4) return result;
    }
  }

  private async statusOnce(auth: AuthContext, protocolId: string, onlyRoundId?: string) {
    const p = await this.loadProtocol(auth, protocolId, 'protocol.read');
    const rounds = (await this.repo.roundsOfProtocol(p.organisationId, p.id)).filter((r) => !onlyRoundId || r.id === onlyRoundId);
    const sigs = await this.repo.signatories(rounds.map((r) => r.id));
    const today = isoDateInTimeZone(new Date());
    const out = [];
    for (const r of rounds) {
      const versions = await this.repo.versions(r.id);
      const current = versions.find((v) => v.id === r.currentVersionId)!;
      const mine = sigs.filter((s) => s.roundId === r.id);
      const turn = new Set(whoseTurn(viewOf(r, mine)).map((s) => s.id));
      out.push({
        id: r.id,
        status: r.status,
        statusSv: ROUND_STATUS_SV[r.status as keyof typeof ROUND_STATUS_SV],
        order: r.signingOrder,
        identityLevel: r.identityLevel ?? 'e-postlank',
        paragraphs: r.paragraphs ? (JSON.parse(r.paragraphs) as number[]) : null,
        deadline: r.deadline,
        deadlinePassed: (r.status === 'active' || r.status === 'change_requested') && today > r.deadline,
        createdAt: r.createdAt,
        completedAt: r.completedAt,
        cancelledAt: r.cancelledAt,
        // Approvals whose signature the worker has not appended to the PDF yet, and its last failure.
        signing: {
          pending: mine.filter((s) => s.state === 'signed' && !s.signatureAppliedAt).length,
          error: r.signingError,
          failedAt: r.signingFailedAt,
          failures: r.signingFailures,
        },
        version: { id: current.id, number: current.number, sha256: current.sha256, size: current.size, previousSha256: current.previousSha256, createdAt: current.createdAt },
        versions: versions.map((v) => ({ id: v.id, number: v.number, sha256: v.sha256, size: v.size, previousSha256: v.previousSha256, reason: v.reason, createdAt: v.createdAt })),
        signatories: mine.map((s) => ({
          id: s.id,
          role: s.role,
          roleSv: ROLE_SV[s.role as SignerRole],
          name: s.name,
          email: s.email,
          state: s.state,
          stateSv: SIGNATORY_STATE_SV[s.state as keyof typeof SIGNATORY_STATE_SV],
          turn: turn.has(s.id),
          sentAt: s.sentAt,
          openedAt: s.openedAt,
          signedAt: s.signedAt,
          signedSha256: s.signedSha256,
          transactionId: s.signedTransactionId,
          signatureAppliedAt: s.signatureAppliedAt,
          signatureMethod: s.signatureMethod,
          changeRequestedAt: s.changeRequestedAt,
          changeComment: s.changeComment,
          remindersSent: s.remindersSent,
        })),
      });
    }
    return { protocolId: p.id, title: p.title, organ: organName(p), meetingDate: p.meetingDate, protocolStatus: p.status, rounds: out };
  }

  /**
   * What the live status stamp is made of (docs/justering.md, "Live status"): the protocol's status
   * and, per round, its status, current version, signing progress and each signatory's person and
   * state. Three small reads (protocol, rounds, signatories) and no document: cheap enough to poll.
   */
  async liveState(auth: AuthContext, protocolId: string) {
    const p = await this.loadProtocol(auth, protocolId, 'protocol.read');
    const rounds = await this.repo.roundsOfProtocol(p.organisationId, p.id);
    const sigs = await this.repo.signatories(rounds.map((r) => r.id));
    return {
      protocolId: p.id,
      protocolStatus: p.status,
      rounds: rounds.map((r) => {
        const mine = sigs.filter((s) => s.roundId === r.id);
        const turn = new Set(whoseTurn(viewOf(r, mine)).map((s) => s.id));
        return {
          id: r.id,
          status: r.status,
          statusSv: ROUND_STATUS_SV[r.status as keyof typeof ROUND_STATUS_SV],
          versionId: r.currentVersionId,
          signingPending: mine.filter((s) => s.state === 'signed' && !s.signatureAppliedAt).length,
          signingFailures: r.signingFailures,
          signatories: mine.map((s) => ({
            id: s.id,
            name: s.name,
            email: s.email,
            role: s.role,
            state: s.state,
            stateSv: SIGNATORY_STATE_SV[s.state as keyof typeof SIGNATORY_STATE_SV],
            turn: turn.has(s.id),
            remindersSent: s.remindersSent,
          })),
        };
      }),
    };
  }

  async auditTrail(auth: AuthContext, protocolId: string) {
    const p = await this.loadProtocol(auth, protocolId, 'evidence.read');
    const rows = await this.repo.auditEvents(p.organisationId, p.id);
    const records = rows.map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }));
    const verdict = verifyChain(records);
    return {
      protocolId: p.id,
      verification: verdict,
      events: records.map((r) => ({ seq: r.seq, type: r.type, at: r.at, actor: r.actor, ip: r.ip, userAgent: r.userAgent, transactionId: r.transactionId, roundId: r.roundId, data: r.data, prevHash: r.prevHash, hash: r.hash })),
    };
  }

  /** The current version's PDF with the signatures appended so far (the final PDF once justerat). */
  async document(auth: AuthContext, protocolId: string, roundId: string) {
    const p = await this.loadProtocol(auth, protocolId, 'protocol.read');
    const round = (await this.repo.roundsOfProtocol(p.organisationId, p.id)).find((r) => r.id === roundId);
    if (!round) throw new DomainError('not_found', 'Justeringen finns inte.');
    const version = (await this.repo.versions(round.id)).find((v) => v.id === round.currentVersionId)!;
    const doc = await this.repo.documentWithContent(p.organisationId, version.signedDocumentId);
    if (!doc) throw new DomainError('not_found', 'Dokumentet finns inte.');
    return { bytes: doc.content, fileName: `${round.status === 'completed' ? 'justerat-' : ''}${doc.fileName ?? 'protokoll.pdf'}` };
  }

  // ---------------------------------------------------------------- secretary actions

  private async secretaryAction<T>(
    auth: AuthContext,
    protocolId: string,
    roundId: string,
    meta: RequestMeta,
    fn: (uow: JusteringUnitOfWork, ctx: { p: ProtocolEntity; round: JusteringRoundEntity; sigs: JusteringSignatoryEntity[]; version: JusteringVersionEntity; tx: { id: string; actor: string; meta: RequestMeta; now: Date } }) => Promise<T>,
  ): Promise<T> {
    const p = await this.loadProtocol(auth, protocolId, 'justering.manage');
    return this.repo.unitOfWork(async (uow) => {
      const locked = await uow.lockProtocol(p.organisationId, p.id);
      const round = await uow.round(roundId);
      if (!locked || !round || round.protocolId !== p.id) throw new DomainError('not_found', 'Justeringen finns inte.');
      const sigs = await uow.signatories(round.id);
      const version = (await uow.version(round.currentVersionId!))!;
      return fn(uow, { p: locked, round, sigs, version, tx: { id: randomUUID(), actor: actorOf(auth), meta, now: new Date() } });
    });
  }

  private requireOpen(round: JusteringRoundEntity) {
    if (round.status === 'signing') throw new DomainError('round_closed', 'Alla har godkänt; underskrifterna läggs in i dokumentet.');
    if (round.status === 'completed' || round.status === 'cancelled') throw new DomainError('round_closed', 'Justeringen är avslutad eller avbruten.');
  }

  /** FreezeNewVersion: after a change request (or on the secretary's own initiative) while the round is open. */
  async newVersion(auth: AuthContext, protocolId: string, roundId: string, dto: NewVersionDto, meta: RequestMeta, upload?: { read: () => Promise<Buffer>; fileName: string }) {
    const p = await this.loadProtocol(auth, protocolId, 'justering.manage');
    const round0 = await this.repo.findRound(roundId);
    if (!round0 || round0.protocolId !== p.id) throw new DomainError('not_found', 'Justeringen finns inte.');
    if (upload && p.source !== 'uploaded') throw new DomainError('structured', 'Ett skrivet protokoll rättas i redigeraren; en ny version görs av det rättade protokollet.');
    let data: Protocol | undefined;
    if (dto.protocol) {
      if (p.source !== 'structured') throw new DomainError('uploaded', 'Ett uppladdat protokoll kan inte redigeras här; ladda upp en ny PDF som ett nytt protokoll.');
      const v = validateProtocol(dto.protocol);
      if (!v.ok) throw invalidRequest(`Protokollet är ogiltigt: ${v.errors.map((e) => `${e.path}: ${e.messageSv}`).join('; ')}`, v.errors);
      data = v.protocol;
    }
    const paragraphs = round0.paragraphs ? (JSON.parse(round0.paragraphs) as number[]) : null;
    // An uploaded correction is read (and parsed in the PDF pool) only after the access check above.
    const frozen = upload ? { bytes: await upload.read(), fileName: upload.fileName } : await this.freezePdf(p, paragraphs, this.identificationOf(round0.identityLevel), data);
    const changes = upload ? [`Ny PDF: ${upload.fileName}`] : data ? paragraphChanges(p.data as Protocol, data) : [];
    await this.secretaryAction(auth, protocolId, roundId, meta, async (uow, { p: locked, round, sigs, version, tx }) => {
      this.requireOpen(round);
      const doc = this.newDocument(locked, frozen.bytes, frozen.fileName, tx.now);
      if (doc.sha256 === version.sha256) throw new DomainError('version_identical', upload ? 'Den uppladdade PDF-filen är identisk med den nuvarande versionen; ladda upp den rättade filen.' : 'Den nya versionen är identisk med den nuvarande; ändra protokollet först.');
      await uow.insertDocument(doc);
      const requested = sigs.find((s) => s.state === 'change_requested' && s.changeComment);
      const changeRequest = requested ? { name: requested.name, role: requested.role as SignerRole, comment: requested.changeComment! } : undefined;
      if (upload) {
        // The corrected file becomes the protocol's document (what the preview and a later start show).
        locked.documentId = doc.id;
        locked.updatedAt = tx.now;
        await uow.manager.save(ProtocolEntity, locked);
      }
      if (data) {
        locked.data = data;
        locked.updatedAt = tx.now;
        await uow.manager.save(ProtocolEntity, locked);
      }
      const versions = await uow.versions(round.id);
      const next: JusteringVersionEntity = {
        id: randomUUID(),
        roundId: round.id,
        number: versions.length + 1,
        documentId: doc.id,
        sha256: doc.sha256,
        size: doc.size,
        previousSha256: version.sha256,
        signedDocumentId: doc.id,
        reason: dto.reason ?? null,
        createdAt: tx.now,
      };
      await uow.saveVersion(next);
      const voided = sigs.filter((s) => s.state === 'signed').map((s) => s.id);
      const t = newVersionRule(viewOf(round, sigs));
      round.status = 'active';
      round.currentVersionId = next.id;
      await uow.saveRound(round);
      await uow.supersedeLinks(round.id, 'replaced', tx.now);
      for (const s of sigs) {
        s.state = 'waiting';
        s.sentAt = null;
        s.openedAt = null;
        s.signedAt = null;
        s.signedSha256 = null;
        s.signedTransactionId = null;
        s.signatureAppliedAt = null;
        s.signatureMethod = null;
        s.remindersSent = 0;
        s.lastRemindedAt = null;
        await uow.saveSignatory(s);
      }
      await this.audit(uow, round, tx, 'version.frozen', { versionId: next.id, number: next.number, documentId: doc.id, sha256: next.sha256, size: next.size, previousSha256: version.sha256, reason: next.reason, voidedApprovals: voided, changes, ...(changeRequest ? { changeRequest } : {}) });
      for (const due of t.nowDue) {
        const s = sigs.find((x) => x.id === due.id)!;
        await this.issueLink(uow, tx, locked, round, next, s, 'replaced', { reason: dto.reason, hadApproved: voided.includes(s.id), changeRequest, changes });
      }
    });
    return readAfterCommit(() => this.status(auth, protocolId, roundId));
  }

  // ---------------------------------------------------------------- the signing link
  // The signer's use cases (ClassifyLink, OpenLink, ApproveVersion, RequestChanges) live in
  // libs/justering; SigningController calls them. Only the document read is here.

  /** The frozen PDF the link's signer approves (read-only, also after signing). */
  async linkDocument(token: string): Promise<{ bytes: Buffer; sha256: string } | LinkVerdict> {
    const v = await this.classifyLink.execute({ token });
    if (v.kind === 'invalid') return v;
    if (v.kind === 'superseded' || v.kind === 'cancelled' || v.kind === 'expired') return v;
    const doc = await this.repo.documentWithContent(v.ctx.round.organisationId, v.ctx.version.documentId);
    if (!doc) return { kind: 'invalid' };
    return { bytes: doc.content, sha256: v.ctx.version.sha256 };
  }
}
