import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  Clock,
  NoticeType,
  PostingPolicy,
  formatParagraphs,
  noticeDates,
  planPosting,
  renderAnslagsbevisPdf,
  stateOn,
  takeDownInstant,
  TIME_ZONE,
} from '@justera/anslag';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { KeysService } from '@justera/keys';
import { DEFAULT_TAKE_DOWN_POLICY, TakeDownPolicy, isTakeDownPolicy, isoDateInTimeZone } from '@justera/legal-dates';
import { PdfUpdateError, TsaError, addLta, fillFieldsAndSeal, sealPdf } from '@justera/pades';
import { renderProtocolPdf } from '@justera/pdf';
import type { Protocol } from '@justera/protocol';
import {
  AnslagBoardEntity,
  AnslagNoticeEntity,
  AnslagPostingEntity,
  AnslagRepository,
  DocumentEntity,
  JusteringRepository,
  ProtocolEntity,
} from '@justera/persistence';
import { JobOutcome, JobPayloads, enqueueInTransaction } from '@justera/queue';

export const ANSLAG_CLOCK = Symbol('ANSLAG_CLOCK');

export function boardPolicy(b: AnslagBoardEntity | undefined): PostingPolicy {
  if (b?.postingMode === 'nextWorkingDayAt' && b.postingHour !== null) return { mode: 'nextWorkingDayAt', hour: b.postingHour };
  return { mode: 'immediate' };
}

function policyOf(s: string): TakeDownPolicy {
  return isTakeDownPolicy(s) ? s : DEFAULT_TAKE_DOWN_POLICY;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * The anslag use cases the worker runs: post a notice after a justering, take it down, reconcile,
 * and make its documents (the sealed anslagsbevis, the protocol with sealed ANSLAG fields). Every
 * step reads the database first and does only what is still missing, so a repeated or late job is
 * harmless.
 */
@Injectable()
export class NoticeWorkflow {
  private readonly logger = new Logger('Anslag');

  constructor(
    private readonly repo: AnslagRepository,
    private readonly justering: JusteringRepository,
    private readonly keys: KeysService,
    @Inject(ANSLAG_CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'publicUrl'>,
  ) {}

  async postNotice(payload: JobPayloads['anslag.post-notice']): Promise<JobOutcome> {
    const now = this.clock.now((await this.repo.findProtocol(payload.protocolId))?.organisationId);
    let notice = await this.repo.findNoticeByRound(payload.roundId);
    if (!notice) {
      const created = await this.createNotice(payload, now);
      if ('skipped' in created) return { status: 'skipped', detail: created.skipped };
      notice = created.notice;
    } else if (notice.state === 'scheduled' && notice.postAt.getTime() <= now.getTime()) {
      await this.repo.transaction((m) => this.postInTx(m, notice!.id, now));
    }
    await this.ensureDocuments(notice.id);
    const fresh = await this.repo.findNoticeById(notice.id);
    return { status: 'done', detail: `notice ${notice.id} ${fresh?.state} posted ${fresh?.postedDate ?? '-'} last appeal day ${fresh?.lastAppealDay ?? '-'}` };
  }

  private async createNotice(payload: JobPayloads['anslag.post-notice'], now: Date): Promise<{ notice: AnslagNoticeEntity } | { skipped: string }> {
    const protocol = await this.repo.findProtocol(payload.protocolId);
    if (!protocol) return { skipped: 'protocol gone' };
    const round = await this.justering.findRound(payload.roundId).catch(() => null);
    if (round && round.status !== 'completed') return { skipped: `round is ${round.status}` };
    if (!round && protocol.status !== 'justerat') return { skipped: `protocol is ${protocol.status}, no completed round` };
    const organ = await this.repo.findOrgan(protocol.organId);
    if (!organ) return { skipped: 'organ gone' };
    const justeradAt = new Date(payload.justeradAt);
    if (Number.isNaN(justeradAt.getTime())) throw new Error(`anslag.post-notice: invalid justeradAt ${payload.justeradAt}`);

    // The signed PDF: given, the round's latest signed revision, or the protocol's own document.
    let documentId = payload.documentId ?? null;
    let protocolSha: string | null = null;
    let newDocument: DocumentEntity | null = null;
    if (!documentId && round) {
      const versions = await this.justering.versions(round.id);
      const v = versions.find((x) => x.id === round.currentVersionId) ?? versions[versions.length - 1];
      if (v) {
        documentId = v.signedDocumentId;
        protocolSha = v.sha256;
      }
    }
    if (!documentId && protocol.documentId) documentId = protocol.documentId;
    if (!documentId && protocol.source === 'structured') {
      const bytes = Buffer.from(await renderProtocolPdf(protocol.data as Protocol));
      newDocument = { id: randomUUID(), organisationId: protocol.organisationId, sha256: sha256(bytes), size: bytes.length, mediaType: 'application/pdf', fileName: `${protocol.title}.pdf`, content: bytes, createdAt: now };
      documentId = newDocument.id;
    }
    if (documentId && !protocolSha) {
      const doc = newDocument ?? (await this.repo.findDocument(protocol.organisationId, documentId));
      protocolSha = doc?.sha256 ?? null;
    }

    const subset = payload.paragraphs ?? (round?.paragraphs ? (JSON.parse(round.paragraphs) as number[]) : null);
    const type: NoticeType = subset && subset.length ? 'Justerat protokollsutdrag' : 'Justerat protokoll';
    const paragraphs = subset && subset.length ? formatParagraphs(subset) : paragraphsOf(protocol);
    const storagePlace = storagePlaceOf(protocol) ?? organ.storagePlace ?? 'Se kontaktuppgifter';

    // Justera's own board, created on first use; the unique index makes concurrent first uses agree.
    const own = await this.repo.ensureOwnBoard({
      id: randomUUID(),
      organisationId: protocol.organisationId,
      organId: organ.id,
      name: 'Anslagstavlan',
      kind: 'justera',
      url: null,
      postingMode: 'immediate',
      postingHour: null,
      takeDownPolicy: DEFAULT_TAKE_DOWN_POLICY,
      publishPdf: true,
      contact: null,
      active: true,
      createdAt: now,
    });
    const boards = [own, ...(await this.repo.listBoards(protocol.organisationId, organ.id)).filter((b) => b.id !== own.id)];
    const main = own;
    const plan = planPosting(justeradAt, boardPolicy(main));
    const notice: AnslagNoticeEntity = {
      id: randomUUID(),
      organisationId: protocol.organisationId,
      organId: organ.id,
      protocolId: protocol.id,
      roundId: payload.roundId,
      type,
      organName: organ.name,
      meetingDate: protocol.meetingDate,
      paragraphs,
      justeradAt,
      justeradDate: plan.justeradDate,
      postingDeadline: plan.deadline,
      postAt: plan.postAt,
      postedDate: null,
      lastAppealDay: null,
      takeDownDate: null,
      takeDownPolicy: main.takeDownPolicy,
      awaitingPostings: true,
      storagePlace,
      contact: main.contact,
      publishPdf: main.publishPdf,
      documentId,
      protocolSha256: protocolSha,
      filledDocumentId: null,
      fieldsStatus: null,
      bevisDocumentId: null,
      state: 'scheduled',
      takenDownAt: null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.repo.transaction(async (m) => {
        if (newDocument) await this.repo.insertDocument(newDocument, m);
        await this.repo.saveNotice(notice, m);
        for (const b of boards) {
          const posting: AnslagPostingEntity = { id: randomUUID(), noticeId: notice.id, boardId: b.id, boardName: b.name, kind: b.kind, postedDate: null, postedAt: null, recordedBy: null, createdAt: now };
          await this.repo.savePosting(posting, m);
        }
        await this.event(m, notice, 'scheduled', { postAt: plan.postAt.toISOString(), postDate: plan.postDate, deadline: plan.deadline, policy: boardPolicy(main), boards: boards.map((b) => b.name) });
        if (plan.postAt.getTime() <= now.getTime()) await this.postInTx(m, notice.id, now);
        else await enqueueInTransaction(m, 'anslag.post-notice', payload, { delayMs: plan.postAt.getTime() - now.getTime() });
      });
    } catch (err) {
      // A concurrent run created the notice of this round first: use theirs.
      const other = await this.repo.findNoticeByRound(payload.roundId);
      if (other) return { notice: other };
      throw err;
    }
    return { notice };
  }

  /** Puts a scheduled notice on Justera's boards today and derives its dates; schedules the take-down. */
  private async postInTx(m: EntityManager, noticeId: string, now: Date): Promise<void> {
    const notice = await this.repo.findNoticeById(noticeId, m);
    if (!notice || notice.state !== 'scheduled') return;
    const today = isoDateInTimeZone(now, TIME_ZONE);
    const postings = await this.repo.postingsOf([notice.id], m);
    for (const p of postings) {
      if (p.kind !== 'justera' || p.postedDate) continue;
      p.postedDate = today;
      p.postedAt = now;
      p.recordedBy = 'system';
      await this.repo.savePosting(p, m);
    }
    await this.recompute(m, notice, postings, now);
    // Posting later than the law allows (e.g. the worker or Redis was down for days) is recorded, never hidden.
    const late = today > notice.postingDeadline;
    if (late) this.logger.warn({ noticeId: notice.id, today, deadline: notice.postingDeadline }, 'notice posted after the legal posting deadline');
    await this.event(m, notice, 'posted', { date: today, late, deadline: notice.postingDeadline, boards: postings.filter((p) => p.kind === 'justera').map((p) => p.boardName), awaiting: postings.filter((p) => !p.postedDate).map((p) => p.boardName) });
  }

  /** Derives the notice's dates from its postings, stores them, and schedules the take-down. */
  async recompute(m: EntityManager, notice: AnslagNoticeEntity, postings: AnslagPostingEntity[], now: Date): Promise<void> {
    const d = noticeDates(
      postings.map((p) => ({ boardId: p.boardId, boardName: p.boardName, kind: p.kind as 'justera' | 'external', postedDate: p.postedDate })),
      notice.postingDeadline,
      policyOf(notice.takeDownPolicy),
    );
    const state = notice.state === 'archived' ? 'archived' : stateOn(isoDateInTimeZone(now, TIME_ZONE), d);
    const changes = { postedDate: d.postedDate, lastAppealDay: d.lastAppealDay, takeDownDate: d.takeDownDate, awaitingPostings: d.awaitingPostings, state, updatedAt: now };
    await this.repo.updateNotice(notice.id, changes, m);
    Object.assign(notice, changes);
    if (d.takeDownDate && !d.awaitingPostings && state === 'current') {
      await enqueueInTransaction(m, 'anslag.take-down', { noticeId: notice.id }, { delayMs: Math.max(0, takeDownInstant(d.takeDownDate).getTime() - now.getTime()) });
    }
  }

  async takeDown(noticeId: string): Promise<JobOutcome> {
    const now = this.clock.now((await this.repo.findNoticeById(noticeId))?.organisationId);
    return this.repo.transaction(async (m) => {
      const n = await this.repo.findNoticeById(noticeId, m);
      if (!n) return { status: 'skipped', detail: 'notice gone' };
      if (n.state !== 'current') return { status: 'skipped', detail: `notice is ${n.state}` };
      const today = isoDateInTimeZone(now, TIME_ZONE);
      if (stateOn(today, n) !== 'archived') return { status: 'skipped', detail: `not due (take-down ${n.takeDownDate ?? 'unknown'}, today ${today})` };
      await this.repo.updateNotice(n.id, { state: 'archived', takenDownAt: now, updatedAt: now }, m);
      await this.event(m, n, 'taken-down', { takeDownDate: n.takeDownDate, lastAppealDay: n.lastAppealDay, at: now.toISOString() });
      return { status: 'done', detail: `notice ${n.id} taken down ${today}` };
    });
  }

  /** Repairs what lost jobs missed: due postings, due take-downs, missing documents. */
  async reconcile(): Promise<JobOutcome> {
    // Every open candidate; what is due is decided per notice with its organisation's clock.
    const notices = await this.repo.noticesToReconcile(new Date('9999-12-31T00:00:00Z'), 500);
    let posted = 0;
    let archived = 0;
    let failed = 0;
    for (const n of notices) {
      try {
        const now = this.clock.now(n.organisationId);
        if (n.state === 'scheduled' && n.postAt.getTime() <= now.getTime()) {
          await this.repo.transaction((m) => this.postInTx(m, n.id, now));
          posted++;
        }
        const fresh = await this.repo.findNoticeById(n.id);
        if (fresh?.state === 'current' && (await this.takeDown(n.id)).status === 'done') archived++;
        await this.ensureDocuments(n.id);
      } catch (err) {
        failed++;
        this.logger.error({ err, noticeId: n.id }, 'reconciling a notice failed');
      }
    }
    return { status: 'done', detail: `${notices.length} looked at, ${posted} posted, ${archived} taken down, ${failed} failed` };
  }

  /**
   * Once a notice's dates are final (posted, no board awaiting): the sealed anslagsbevis, and the
   * signed protocol with its ANSLAG fields filled in a new revision sealed by the organisation.
   */
  async ensureDocuments(noticeId: string): Promise<void> {
    const n = await this.repo.findNoticeById(noticeId);
    if (!n || !n.postedDate || !n.lastAppealDay || !n.takeDownDate || n.awaitingPostings || n.state === 'scheduled') return;
    const now = this.clock.now(n.organisationId);
    if (!n.bevisDocumentId) {
      const organisation = await this.repo.findOrganisation(n.organisationId);
      const postings = await this.repo.postingsOf([n.id]);
      const pdf = await renderAnslagsbevisPdf({
        organisationName: organisation?.name ?? '',
        organName: n.organName,
        type: n.type as NoticeType,
        meetingDate: n.meetingDate,
        paragraphs: n.paragraphs,
        justeradDate: n.justeradDate,
        protocolSha256: n.protocolSha256 ?? 'okänd',
        postings: postings.map((p) => ({ boardName: p.boardName, postedDate: p.postedDate })),
        postedDate: n.postedDate,
        lastAppealDay: n.lastAppealDay,
        takeDownDate: n.takeDownDate,
        storagePlace: n.storagePlace,
        issuedAt: now,
        noticeUrl: `${this.config.publicUrl}/anslagstavla/${organisation?.slug ?? ''}/anslag/${n.id}`,
      });
      // Sealed with a signature time-stamp, then DSS + document time-stamp (PAdES B-LTA), like the protocol.
      const tsa = this.keys.timestamping();
      const seal = this.keys.seal();
      const sealed = await addLta(await sealPdf(Buffer.from(pdf), seal, { reason: 'Anslagsbevis', location: organisation?.name, time: now, tsa }), { dss: this.keys.dss([seal.certificate]), tsa });
      const doc: DocumentEntity = { id: randomUUID(), organisationId: n.organisationId, sha256: sha256(sealed), size: sealed.length, mediaType: 'application/pdf', fileName: `anslagsbevis-${n.organName}-${n.meetingDate}.pdf`, content: sealed, createdAt: now };
      await this.repo.transaction(async (m) => {
        await this.repo.insertDocument(doc, m);
        await this.repo.updateNotice(n.id, { bevisDocumentId: doc.id, updatedAt: now }, m);
        await this.event(m, n, 'bevis-sealed', { documentId: doc.id, sha256: doc.sha256 });
      });
    }
    if (n.fieldsStatus === null && n.documentId) {
      const signed = await this.repo.findDocument(n.organisationId, n.documentId);
      let status = 'failed';
      let detail: Record<string, unknown> = {};
      let doc: DocumentEntity | null = null;
      if (signed) {
        try {
          const tsa = this.keys.timestamping();
          const seal = this.keys.seal();
          const filled = await addLta(
            await fillFieldsAndSeal(
              Buffer.from(signed.content),
              { 'anslag.uppsattande': n.postedDate, 'anslag.nedtagande': n.takeDownDate, 'anslag.sistaDagOverklagande': n.lastAppealDay },
              seal,
              { reason: 'Anslag registrerat', time: now, tsa },
            ),
            { dss: this.keys.dss([seal.certificate]), tsa },
          );
          doc = { id: randomUUID(), organisationId: n.organisationId, sha256: sha256(filled), size: filled.length, mediaType: 'application/pdf', fileName: signed.fileName, content: filled, createdAt: now };
          status = 'sealed';
          detail = { documentId: doc.id, sha256: doc.sha256, from: signed.id };
        } catch (err) {
          // A time-stamp authority outage: fail the job so that it is retried (no silent fallback).
          if (err instanceof TsaError) throw err;
          // An uploaded protocol made elsewhere has no ANSLAG fields: the notice and the anslagsbevis carry the dates.
          status = err instanceof PdfUpdateError ? 'no-fields' : 'failed';
          detail = { error: err instanceof Error ? err.message : String(err) };
          if (status === 'failed') this.logger.error({ err, noticeId: n.id }, 'filling the ANSLAG fields failed');
        }
      } else {
        detail = { error: 'signed document missing' };
      }
      await this.repo.transaction(async (m) => {
        if (doc) await this.repo.insertDocument(doc, m);
        await this.repo.updateNotice(n.id, { fieldsStatus: status, filledDocumentId: doc?.id ?? null, updatedAt: now }, m);
        await this.event(m, n, status === 'sealed' ? 'fields-sealed' : `fields-${status}`, detail);
      });
    }
  }

  private async event(m: EntityManager, n: AnslagNoticeEntity, kind: string, detail: Record<string, unknown>): Promise<void> {
    await this.repo.addEvent({ id: randomUUID(), organisationId: n.organisationId, noticeId: n.id, kind, at: this.clock.now(n.organisationId), actor: 'system', detail: JSON.stringify(detail) }, m);
  }
}

function paragraphsOf(p: ProtocolEntity): string | null {
  const data = p.data as { paragraphs?: unknown } | null;
  if (!data) return null;
  if (p.source === 'structured' && Array.isArray(data.paragraphs)) return formatParagraphs((data.paragraphs as { number?: number }[]).map((x) => Number(x.number)));
  return typeof data.paragraphs === 'string' && data.paragraphs.trim() ? data.paragraphs.trim() : null;
}

function storagePlaceOf(p: ProtocolEntity): string | null {
  const data = p.data as { storagePlace?: unknown } | null;
  return typeof data?.storagePlace === 'string' && data.storagePlace.trim() ? data.storagePlace.trim() : null;
}
