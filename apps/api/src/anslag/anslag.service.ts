import { Inject, Injectable } from '@nestjs/common';
import { Board, Clock, NoticeType, NoticeView, TIME_ZONE, stateOn, takeDownInstant, zonedInstant } from '@justera/anslag';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { isoDateInTimeZone } from '@justera/legal-dates';
import {
  AnslagBoardEntity,
  AnslagNoticeEntity,
  AnslagPostingEntity,
  AnslagRepository,
  BoardList,
  DocumentEntity,
  OrganisationEntity,
} from '@justera/persistence';
import type { AuthContext } from '../auth/auth-context';
import { ensureAllowed } from '../auth/policy';
import { invalidRequest, normaliseActor, notFound } from '@justera/application';
import { Validators, latest, weakEtag } from './conditional';

export const API_CLOCK = Symbol('API_CLOCK');

/** Current notices per page of the board. */
export const BOARD_PAGE_SIZE = 20;
/** Notices per page of the archive. */
export const ARCHIVE_PAGE_SIZE = 50;
/** The newest archived notices the board itself lists, above the link to the whole archive. */
export const ARCHIVE_PREVIEW = 10;
/** Organisations listed on the index of boards (an installation serves a handful, a hosting provider some hundreds). */
export const BOARD_INDEX_SIZE = 500;
/** Items per feed (the newest current notices); the JSON Feed links the next page with next_url. */
export const FEED_SIZE = 50;

/** One page of a list. */
export interface Paged<T> {
  items: T[];
  /** From 1. */
  page: number;
  pages: number;
  total: number;
}

/** A board as the JSON API answers it. */
export function boardView(b: AnslagBoardEntity | Board) {
  return {
    id: b.id,
    organId: b.organId,
    name: b.name,
    kind: b.kind,
    url: b.url,
    postingPolicy: b.postingMode === 'nextWorkingDayAt' ? { mode: b.postingMode, hour: b.postingHour } : { mode: 'immediate' },
    takeDownPolicy: b.takeDownPolicy,
    publishPdf: b.publishPdf,
    contact: b.contact,
    active: b.active,
  };
}

/** The public board (current + archive), feeds, documents, and the secretary's board settings. */
@Injectable()
export class AnslagService {
  constructor(
    private readonly repo: AnslagRepository,
    @Inject(API_CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Today (Swedish date) for an organisation (a test clock may differ per organisation). */
  today(organisationId: string): string {
    return isoDateInTimeZone(this.clock.now(organisationId), TIME_ZONE);
  }

  async organisation(slug: string): Promise<OrganisationEntity> {
    const o = /^[a-z0-9-]{1,64}$/.test(slug) ? await this.repo.findOrganisationBySlug(slug) : null;
    if (!o) throw notFound('Anslagstavlan');
    return o;
  }

  /** The index of the installation's public boards (GET /anslagstavla), at most BOARD_INDEX_SIZE. */
  async boardIndex(): Promise<{ boards: { organisation: string; url: string; organs: string[] }[]; total: number }> {
    const { boards, total } = await this.repo.publicBoards(BOARD_INDEX_SIZE);
    return {
      boards: boards.map((b) => ({ organisation: b.organisation.name, url: this.boardUrl(b.organisation), organs: b.organs })),
      total,
    };
  }

  boardUrl(o: OrganisationEntity): string {
    return `${this.config.publicUrl}/anslagstavla/${o.slug}`;
  }

  /**
   * The public view of a notice. Which list it is in follows from its dates and today's date, so a
   * notice whose take-down job has not run yet is still shown in the archive on its take-down date.
   * `docs` holds the documents rows (no content) of the notice's PDFs, for their SHA-256 and size:
   * every document offered is shown with its own checksum (docs/anslag.md, "The documents").
   */
  view(
    o: OrganisationEntity,
    n: AnslagNoticeEntity,
    postings: AnslagPostingEntity[],
    docs: ReadonlyMap<string, DocumentEntity>,
  ): NoticeView {
    const today = this.today(o.id);
    const state = n.state === 'archived' ? 'archived' : stateOn(today, n);
    const noticeUrl = `${this.boardUrl(o)}/anslag/${n.id}`;
    const pdfId = n.filledDocumentId ?? n.documentId;
    const pdfDoc = pdfId ? docs.get(pdfId) : undefined;
    const justerat = n.documentId ? docs.get(n.documentId) : undefined;
    const bevis = n.bevisDocumentId ? docs.get(n.bevisDocumentId) : undefined;
    const published = n.publishPdf && !!pdfId;
    return {
      id: n.id,
      type: n.type as NoticeType,
      organisationName: o.name,
      organName: n.organName,
      meetingDate: n.meetingDate,
      paragraphs: n.paragraphs,
      justeradDate: n.justeradDate,
      postingDeadline: n.postingDeadline,
      postedDate: n.postedDate,
      lastAppealDay: n.lastAppealDay,
      takeDownDate: n.takeDownDate,
      storagePlace: n.storagePlace,
      contact: n.contact,
      state,
      awaitingPostings: n.awaitingPostings,
      postings: postings
        .filter((p) => p.noticeId === n.id)
        .map((p) => ({ boardId: p.boardId, boardName: p.boardName, kind: p.kind as 'justera' | 'external', postedDate: p.postedDate })),
      protocolSha256: justerat?.sha256 ?? n.protocolSha256,
      protocolSize: justerat?.size ?? null,
      protocolPdfUrl: n.publishPdf && n.filledDocumentId && justerat ? `${noticeUrl}/justerat-protokoll.pdf` : null,
      pdfUrl: published ? `${noticeUrl}/protokoll.pdf` : null,
      pdf: pdfDoc ? { kind: n.filledDocumentId ? 'posted' : 'justerat', sha256: pdfDoc.sha256, size: pdfDoc.size } : null,
      bevis: bevis ? { url: `${noticeUrl}/anslagsbevis.pdf`, sha256: bevis.sha256, size: bevis.size } : null,
      noticeUrl,
      updatedAt: n.updatedAt,
    };
  }

  /** The views of stored notices, with their postings and documents read in one query each. */
  private async views(o: OrganisationEntity, notices: AnslagNoticeEntity[]): Promise<NoticeView[]> {
    const postings = await this.repo.postingsOf(notices.map((n) => n.id));
    const docs = await this.documentsOf(o.id, notices);
    return notices.map((n) => this.view(o, n, postings, docs));
  }

  private async documentsOf(organisationId: string, notices: AnslagNoticeEntity[]): Promise<Map<string, DocumentEntity>> {
    const ids = notices.flatMap((n) => [n.documentId, n.filledDocumentId, n.bevisDocumentId]).filter((x): x is string => !!x);
    return new Map((await this.repo.documentInfos(organisationId, ids)).map((d) => [d.id, d]));
  }

  /** Page `page` (from 1) of a board list, newest posting first; a page past the last is 404 (page 1 always exists). */
  async boardList(o: OrganisationEntity, list: BoardList, page: number, pageSize: number): Promise<Paged<NoticeView>> {
    const { notices, total } = await this.repo.boardPage(o.id, list, this.today(o.id), (page - 1) * pageSize, pageSize);
    const pages = Math.max(1, Math.ceil(total / pageSize));
    if (page > pages) throw notFound('Sidan');
    return { items: await this.views(o, notices), page, pages, total };
  }

  /**
   * The validators of a board page or feed (`what` names the representation: page, list, format).
   * They change when a notice is posted, taken down or changed (the board version: count, archived
   * count, latest `updated_at`), when the Swedish date changes (a notice leaves the current list on
   * its take-down date without any write), and with the organisation's name, the public URL and the
   * installed version (the templates). Reading them is one aggregate query; nothing is rendered.
   */
  async boardValidators(o: OrganisationEntity, what: readonly unknown[]): Promise<Validators> {
    const today = this.today(o.id);
    const v = await this.repo.boardVersion(o.id);
    return {
      etag: weakEtag([
        this.config.version,
        this.config.publicUrl,
        o.id,
        o.slug,
        o.name,
        today,
        v.notices,
        v.archived,
        v.updatedAt?.toISOString() ?? null,
        ...what,
      ]),
      lastModified: latest(v.updatedAt, o.createdAt, zonedInstant(today, 0)),
    };
  }

  /**
   * The validators of a notice page: its row (every write sets `updated_at`), its state by today's
   * date, and the organisation. Last-Modified includes the take-down instant once it has passed.
   */
  noticeValidators(o: OrganisationEntity, n: AnslagNoticeEntity): Validators {
    const today = this.today(o.id);
    const state = n.state === 'archived' ? 'archived' : stateOn(today, n);
    const takenDownByDate = state === 'archived' && n.takeDownDate ? takeDownInstant(n.takeDownDate) : null;
    return {
      etag: weakEtag([
        this.config.version,
        this.config.publicUrl,
        o.id,
        o.slug,
        o.name,
        n.id,
        n.updatedAt.toISOString(),
        state,
        n.bevisDocumentId,
        n.filledDocumentId,
        n.takenDownAt?.toISOString() ?? null,
      ]),
      lastModified: latest(
        n.updatedAt,
        o.createdAt,
        takenDownByDate && takenDownByDate.getTime() <= this.clock.now(o.id).getTime() ? takenDownByDate : null,
      ),
    };
  }

  /** The stored notice a public page shows (a scheduled one is not public yet). */
  async publicNotice(o: OrganisationEntity, id: string): Promise<AnslagNoticeEntity> {
    const n = /^[0-9a-f-]{36}$/.test(id) ? await this.repo.findNotice(o.id, id) : null;
    if (!n || n.state === 'scheduled') throw notFound('Anslaget');
    return n;
  }

  async noticeView(o: OrganisationEntity, n: AnslagNoticeEntity): Promise<NoticeView> {
    return (await this.views(o, [n]))[0];
  }

  async notice(slug: string, id: string): Promise<{ organisation: OrganisationEntity; notice: NoticeView; entity: AnslagNoticeEntity }> {
    const o = await this.organisation(slug);
    const n = await this.publicNotice(o, id);
    return { organisation: o, notice: await this.noticeView(o, n), entity: n };
  }

  /** The justerat PDF the notice is about, as a file of its own (the posted PDF contains it unchanged), only where the body publishes PDFs. */
  async justeratPdf(slug: string, id: string) {
    const { entity: n, organisation } = await this.notice(slug, id);
    if (!n.publishPdf || !n.documentId) throw notFound('Protokollet publiceras inte här; kontakta förvaringsplatsen. Dokumentet');
    const doc = await this.repo.findDocument(organisation.id, n.documentId);
    if (!doc) throw notFound('Dokumentet');
    return { bytes: doc.content, fileName: `justerat-protokoll-${n.meetingDate}.pdf` };
  }

  /** The signed protocol (with the sealed ANSLAG fields when made), only where the body publishes it. */
  async protocolPdf(slug: string, id: string) {
    const { entity: n, organisation } = await this.notice(slug, id);
    const docId = n.filledDocumentId ?? n.documentId;
    if (!n.publishPdf || !docId) throw notFound('Protokollet publiceras inte här; kontakta förvaringsplatsen. Dokumentet');
    const doc = await this.repo.findDocument(organisation.id, docId);
    if (!doc) throw notFound('Dokumentet');
    return { bytes: doc.content, fileName: `protokoll-${n.meetingDate}.pdf` };
  }

  async bevisPdf(slug: string, id: string) {
    const { entity: n, organisation } = await this.notice(slug, id);
    if (!n.bevisDocumentId) throw notFound('Anslagsbeviset har inte utfärdats ännu. Det');
    const doc = await this.repo.findDocument(organisation.id, n.bevisDocumentId);
    if (!doc) throw notFound('Anslagsbeviset');
    return { bytes: doc.content, fileName: `anslagsbevis-${n.meetingDate}.pdf` };
  }

  // ---- secretary / admin API ----

  async listBoards(auth: AuthContext, organId: string) {
    ensureAllowed(auth, 'protocol.read', { organisationId: auth.principal.organisationId, organId });
    return (await this.repo.listBoards(auth.principal.organisationId, organId)).map(boardView);
  }

  async listNotices(auth: AuthContext, protocolId?: string) {
    if (!protocolId) throw invalidRequest('protocolId krävs.');
    const notices = await this.repo.listNoticesOfProtocol(auth.principal.organisationId, protocolId);
    const visible = notices.filter((n) => {
      try {
        ensureAllowed(auth, 'protocol.read', { organisationId: n.organisationId, organId: n.organId });
        return true;
      } catch {
        return false;
      }
    });
    return Promise.all(visible.map((n) => this.noticeDetail(n)));
  }

  /**
   * The part of a protocol's notices that the live status stamp covers: state, dates and whether the
   * documents are sealed yet. One read of the notices and no document, unlike listNotices.
   */
  async noticeStates(auth: AuthContext, protocolId: string) {
    const notices = await this.repo.listNoticesOfProtocol(auth.principal.organisationId, protocolId);
    return notices
      .filter((n) => {
        try {
          ensureAllowed(auth, 'protocol.read', { organisationId: n.organisationId, organId: n.organId });
          return true;
        } catch {
          return false;
        }
      })
      .map((n) => ({
        id: n.id,
        roundId: n.roundId,
        state: n.state,
        postedDate: n.postedDate,
        lastAppealDay: n.lastAppealDay,
        takeDownDate: n.takeDownDate,
        awaitingPostings: n.awaitingPostings,
        fieldsStatus: n.fieldsStatus,
        anslagsbevis: !!n.bevisDocumentId,
      }));
  }

  async getNotice(auth: AuthContext, id: string) {
    const n = await this.repo.findNotice(auth.principal.organisationId, id);
    if (!n) throw notFound('Anslaget');
    ensureAllowed(auth, 'protocol.read', { organisationId: n.organisationId, organId: n.organId });
    return this.noticeDetail(n);
  }

  private async noticeDetail(n: AnslagNoticeEntity) {
    const o = (await this.repo.findOrganisation(n.organisationId))!;
    const postings = await this.repo.postingsOf([n.id]);
    const events = await this.repo.eventsOf(n.id);
    return {
      ...this.view(o, n, postings, await this.documentsOf(n.organisationId, [n])),
      storedState: n.state,
      protocolId: n.protocolId,
      roundId: n.roundId,
      postAt: n.postAt,
      takenDownAt: n.takenDownAt,
      documentId: n.documentId,
      filledDocumentId: n.filledDocumentId,
      fieldsStatus: n.fieldsStatus,
      bevisDocumentId: n.bevisDocumentId,
      postings: postings.map((p) => ({
        boardId: p.boardId,
        boardName: p.boardName,
        kind: p.kind,
        postedDate: p.postedDate,
        postedAt: p.postedAt,
        recordedBy: p.recordedBy === null ? null : normaliseActor(p.recordedBy),
      })),
      events: events.map((e) => ({ kind: e.kind, at: e.at, actor: normaliseActor(e.actor), detail: JSON.parse(e.detail) as unknown })),
    };
  }
}
