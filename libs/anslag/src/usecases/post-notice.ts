import { randomUUID } from 'node:crypto';
import { renderProtocolPdf } from '@justera/pdf';
import type { Protocol } from '@justera/protocol';
import type { JobOutcome, JobPayloads } from '@justera/queue';
import type { Clock } from '../clock';
import type { NoticeType, PostingPolicy } from '../model';
import { formatParagraphs, planPosting } from '../plan';
import { MakeNoticeDocuments, UseCaseLog, sha256Hex } from './make-notice-documents';
import { BOARD_DEFAULTS } from './board-defaults';
import { applyNoticeDates, swedishToday } from './notice-dates';
import type { AnslagStore, AnslagUnitOfWork, Board, Notice, Posting, ProtocolFacts, StoredDocument } from './ports';

/** What the justering hands over when its last signature is recorded (the `anslag.post-notice` job). */
export type PostNoticeCommand = JobPayloads['anslag.post-notice'];

/** The posting policy of Justera's board. */
export function boardPolicy(b: Pick<Board, 'postingMode' | 'postingHour'> | undefined): PostingPolicy {
  if (b?.postingMode === 'nextWorkingDayAt' && b.postingHour !== null) return { mode: 'nextWorkingDayAt', hour: b.postingHour };
  return { mode: 'immediate' };
}

/**
 * After a justering: makes the round's notice (once: a repeated job finds it), posts it on Justera's
 * boards at once or schedules it for the board's posting hour (never after the legal deadline), and
 * makes its documents once the dates are final. A notice due by now but still scheduled (its delayed
 * job came late) is posted. Skips a protocol or organ that is gone and a round that is not completed.
 */
export class PostNotice {
  constructor(
    private readonly store: AnslagStore,
    private readonly clock: Clock,
    private readonly documents: MakeNoticeDocuments,
    private readonly log: UseCaseLog,
  ) {}

  async execute(command: PostNoticeCommand): Promise<JobOutcome> {
    const protocol = await this.store.findProtocol(command.protocolId);
    const now = this.clock.now(protocol?.organisationId);
    let notice = await this.store.findNoticeByRound(command.roundId);
    if (!notice) {
      const created = await this.create(command, protocol, now);
      if ('skipped' in created) return { status: 'skipped', detail: created.skipped };
      notice = created.notice;
    } else if (notice.state === 'scheduled' && notice.postAt.getTime() <= now.getTime()) {
      await this.postDue(notice.id, now);
    }
    await this.documents.execute({ noticeId: notice.id });
    const fresh = await this.store.findNotice(notice.id);
    return {
      status: 'done',
      detail: `notice ${notice.id} ${fresh?.state} posted ${fresh?.postedDate ?? '-'} last appeal day ${fresh?.lastAppealDay ?? '-'}`,
    };
  }

  /** Posts a scheduled notice whose hour has come (the reconciliation calls it too); false when there was nothing to post. */
  postDue(noticeId: string, now: Date): Promise<boolean> {
    return this.store.unitOfWork((uow) => this.post(uow, noticeId, now));
  }

  private async create(
    command: PostNoticeCommand,
    protocol: ProtocolFacts | null,
    now: Date,
  ): Promise<{ notice: Notice } | { skipped: string }> {
    if (!protocol) return { skipped: 'protocol gone' };
    const round = await this.store.findRound(command.roundId);
    if (round && round.status !== 'completed') return { skipped: `round is ${round.status}` };
    if (!round && protocol.status !== 'justerat') return { skipped: `protocol is ${protocol.status}, no completed round` };
    const organ = await this.store.findOrgan(protocol.organId);
    if (!organ) return { skipped: 'organ gone' };
    const justeradAt = new Date(command.justeradAt);
    if (Number.isNaN(justeradAt.getTime())) throw new Error(`anslag.post-notice: invalid justeradAt ${command.justeradAt}`);

    // The justerat PDF: given, the round's current signed version, or the protocol's own document
    // (an upload, or a structured protocol rendered now).
    let documentId = command.documentId ?? null;
    let protocolSha: string | null = null;
    let rendered: StoredDocument | null = null;
    if (!documentId && round?.signedDocumentId) {
      documentId = round.signedDocumentId;
      protocolSha = round.signedSha256;
    }
    if (!documentId && protocol.documentId) documentId = protocol.documentId;
    if (!documentId && protocol.source === 'structured') {
      const bytes = await renderProtocolPdf(protocol.data as Protocol);
      rendered = {
        id: randomUUID(),
        organisationId: protocol.organisationId,
        sha256: sha256Hex(bytes),
        size: bytes.length,
        mediaType: 'application/pdf',
        fileName: `${protocol.title}.pdf`,
        content: bytes,
        createdAt: now,
      };
      documentId = rendered.id;
    }
    if (documentId && !protocolSha)
      protocolSha = (rendered ?? (await this.store.findDocument(protocol.organisationId, documentId)))?.sha256 ?? null;

    const subset = command.paragraphs ?? round?.paragraphs ?? null;
    const excerpt = !!subset && subset.length > 0;
    const type: NoticeType = excerpt ? 'Justerat protokollsutdrag' : 'Justerat protokoll';

    // Justera's own board, made on first use; the unique index makes concurrent first uses agree.
    const own = await this.store.ensureOwnBoard({
      id: randomUUID(),
      organisationId: protocol.organisationId,
      organId: organ.id,
      name: 'Anslagstavlan',
      kind: 'justera',
      url: null,
      ...BOARD_DEFAULTS,
      active: true,
      createdAt: now,
    });
    const boards = [own, ...(await this.store.boardsOf(protocol.organisationId, organ.id)).filter((b) => b.id !== own.id)];
    const plan = planPosting(justeradAt, boardPolicy(own));
    const notice: Notice = {
      id: randomUUID(),
      organisationId: protocol.organisationId,
      organId: organ.id,
      protocolId: protocol.id,
      roundId: command.roundId,
      type,
      organName: organ.name,
      meetingDate: protocol.meetingDate,
      paragraphs: excerpt ? formatParagraphs(subset, numberingOf(protocol)) : paragraphsOf(protocol),
      justeradAt,
      justeradDate: plan.justeradDate,
      postingDeadline: plan.deadline,
      postAt: plan.postAt,
      postedDate: null,
      lastAppealDay: null,
      takeDownDate: null,
      takeDownPolicy: own.takeDownPolicy,
      awaitingPostings: true,
      storagePlace: storagePlaceOf(protocol) ?? organ.storagePlace ?? 'Se kontaktuppgifter',
      contact: own.contact,
      publishPdf: own.publishPdf,
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
    const postings: Posting[] = boards.map((b) => ({
      id: randomUUID(),
      noticeId: notice.id,
      boardId: b.id,
      boardName: b.name,
      kind: b.kind,
      postedDate: null,
      postedAt: null,
      recordedBy: null,
      createdAt: now,
    }));
    const inserted = await this.store.unitOfWork(async (uow) => {
      // A concurrent run made the round's notice first: write nothing, use theirs.
      if (!(await uow.insertNotice(notice, postings))) return false;
      if (rendered) await uow.insertDocument(rendered);
      await uow.appendAudit({
        organisationId: notice.organisationId,
        noticeId: notice.id,
        kind: 'scheduled',
        at: now,
        actor: 'system',
        detail: {
          postAt: plan.postAt.toISOString(),
          postDate: plan.postDate,
          deadline: plan.deadline,
          policy: boardPolicy(own),
          boards: boards.map((b) => b.name),
        },
      });
      if (plan.postAt.getTime() <= now.getTime()) await this.post(uow, notice.id, now);
      else await uow.enqueue('anslag.post-notice', command, { delayMs: plan.postAt.getTime() - now.getTime() });
      return true;
    });
    const stored = inserted ? notice : await this.store.findNoticeByRound(command.roundId);
    if (!stored) throw new Error(`anslag.post-notice: the notice of round ${command.roundId} was neither made nor found`);
    return { notice: stored };
  }

  /** Puts a scheduled notice on Justera's boards today (Swedish date) and derives its dates. */
  private async post(uow: AnslagUnitOfWork, noticeId: string, now: Date): Promise<boolean> {
    const notice = await uow.lockNotice(noticeId);
    if (!notice || notice.state !== 'scheduled') return false;
    const today = swedishToday(now);
    const postings = await uow.postingsOf(notice.id);
    for (const p of postings) {
      if (p.kind !== 'justera' || p.postedDate) continue;
      if (await uow.claimPosting(p.id, today, now, 'system')) Object.assign(p, { postedDate: today, postedAt: now, recordedBy: 'system' });
    }
    notice.state = 'current';
    await applyNoticeDates(uow, notice, postings, now);
    // Posting later than the law allows (the worker or Redis was down for days) is recorded, never hidden.
    const late = today > notice.postingDeadline;
    if (late)
      this.log.warn({ noticeId: notice.id, today, deadline: notice.postingDeadline }, 'notice posted after the legal posting deadline');
    await uow.appendAudit({
      organisationId: notice.organisationId,
      noticeId: notice.id,
      kind: 'posted',
      at: now,
      actor: 'system',
      detail: {
        date: today,
        late,
        deadline: notice.postingDeadline,
        boards: postings.filter((p) => p.kind === 'justera').map((p) => p.boardName),
        awaiting: postings.filter((p) => !p.postedDate).map((p) => p.boardName),
      },
    });
    return true;
  }
}

/** How a structured protocol numbers its items (v2 `numbering`); "§ N" otherwise. */
function numberingOf(p: ProtocolFacts): 'paragraph' | 'decimal' {
  const data = p.data as { numbering?: unknown } | null;
  return p.source === 'structured' && data?.numbering === 'decimal' ? 'decimal' : 'paragraph';
}

function paragraphsOf(p: ProtocolFacts): string | null {
  const data = p.data as { paragraphs?: unknown } | null;
  if (!data) return null;
  if (p.source === 'structured' && Array.isArray(data.paragraphs))
    return formatParagraphs(
      (data.paragraphs as { number?: number }[]).map((x) => Number(x.number)),
      numberingOf(p),
    );
  return typeof data.paragraphs === 'string' && data.paragraphs.trim() ? data.paragraphs.trim() : null;
}

function storagePlaceOf(p: ProtocolFacts): string | null {
  const data = p.data as { storagePlace?: unknown } | null;
  return typeof data?.storagePlace === 'string' && data.storagePlace.trim() ? data.storagePlace.trim() : null;
}
