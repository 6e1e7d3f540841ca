import { isoDateInTimeZone, type IsoDate } from '@justera/legal-dates';
import { notFound } from '@justera/application';
import { slugSv } from '@justera/sv';
import type { Clock } from '../clock';
import type { FeedChannel } from '../feeds';
import type { NoticeState, NoticeView } from '../model';
import { TIME_ZONE } from '../plan';
import type { Notice, StoredDocument } from '../usecases/ports';
import { boardUrlOf, isPublic, noticeView, publicState } from './notice-view';
import type { AnslagReads, BoardList, BoardOrganisation, BoardVersion } from './ports';

/** The organ in a download's name ("kommunstyrelsen-"): two organs' protocols of one day get different names. */
const organPart = (organ: string): string => (slugSv(organ) ? `${slugSv(organ)}-` : '');

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

/** An organisation's public board as of now: what every public page and feed starts from. */
export interface PublicBoard {
  organisation: BoardOrganisation;
  url: string;
  /** The organisation's clock (a test clock may differ per organisation). */
  now: Date;
  /** The Swedish date of `now`. */
  today: IsoDate;
  version: BoardVersion;
}

const SLUG = /^[a-z0-9-]{1,64}$/;
const NOTICE_ID = /^[0-9a-f-]{36}$/;

/** The index of the installation's public boards (GET /anslagstavla), at most BOARD_INDEX_SIZE. */
export class ListPublicBoards {
  constructor(
    private readonly reads: AnslagReads,
    private readonly publicUrl: string,
  ) {}

  async execute(): Promise<{ boards: { organisation: string; url: string; organs: string[] }[]; total: number }> {
    const { entries, total } = await this.reads.boardIndex(BOARD_INDEX_SIZE);
    return {
      boards: entries.map((e) => ({
        organisation: e.organisation.name,
        url: boardUrlOf(this.publicUrl, e.organisation.slug),
        organs: e.organs,
      })),
      total,
    };
  }
}

/** The board at `/anslagstavla/<slug>`, with today's date and its version (an unknown slug is not_found). */
export class OpenPublicBoard {
  constructor(
    private readonly reads: AnslagReads,
    private readonly clock: Clock,
    private readonly publicUrl: string,
  ) {}

  async execute(query: { slug: string }): Promise<PublicBoard> {
    const organisation = SLUG.test(query.slug) ? await this.reads.organisationBySlug(query.slug) : null;
    if (!organisation) throw notFound('Anslagstavlan');
    const now = this.clock.now(organisation.id);
    return {
      organisation,
      url: boardUrlOf(this.publicUrl, organisation.slug),
      now,
      today: isoDateInTimeZone(now, TIME_ZONE),
      version: await this.reads.boardVersion(organisation.id),
    };
  }
}

/** Page `page` (from 1) of a board's list, newest posting first; a page past the last is not_found (page 1 always exists). */
export class ListBoardNotices {
  constructor(private readonly reads: AnslagReads) {}

  async execute(query: { board: PublicBoard; list: BoardList; page: number; pageSize: number }): Promise<Paged<NoticeView>> {
    const { board, list, page, pageSize } = query;
    const { notices, total } = await this.reads.boardPage(board.organisation.id, list, board.today, (page - 1) * pageSize, pageSize);
    const pages = Math.max(1, Math.ceil(total / pageSize));
    if (page > pages) throw notFound('Sidan');
    return { items: await viewsOf(this.reads, board, notices), page, pages, total };
  }
}

/** The board's feeds, by file name. */
export type FeedFile = 'rss.xml' | 'atom.xml' | 'feed.json';

/**
 * A page of a feed: the newest FEED_SIZE current notices (what is on the board now), and the channel.
 * Only JSON Feed has a paging convention (`next_url` while there are more current notices); RSS and
 * Atom readers get the newest items. The feed changed when its newest notice did (else when the
 * organisation was made).
 */
export class BoardFeed {
  constructor(private readonly list: ListBoardNotices) {}

  async execute(query: { board: PublicBoard; file: FeedFile; page: number }): Promise<{ channel: FeedChannel; items: NoticeView[] }> {
    const { board, file, page } = query;
    const current = await this.list.execute({ board, list: 'current', page, pageSize: FEED_SIZE });
    const self = `${board.url}/${file}`;
    return {
      channel: {
        organisationName: board.organisation.name,
        boardUrl: board.url,
        selfUrl: page > 1 ? `${self}?sida=${page}` : self,
        updatedAt: current.items.reduce((d, n) => (n.updatedAt > d ? n.updatedAt : d), board.organisation.createdAt),
        nextUrl: file === 'feed.json' && current.page < current.pages ? `${self}?sida=${current.page + 1}` : null,
      },
      items: current.items,
    };
  }
}

/** A notice of the board as the public sees it, and its state by today's date. */
export interface PublicNotice {
  notice: Notice;
  state: NoticeState;
}

/** The stored notice a public page shows: posted (current or archived); a scheduled or unknown one is not_found. */
export class FindPublicNotice {
  constructor(private readonly reads: AnslagReads) {}

  async execute(query: { board: PublicBoard; id: string }): Promise<PublicNotice> {
    const n = NOTICE_ID.test(query.id) ? await this.reads.notice(query.board.organisation.id, query.id) : null;
    if (!n || !isPublic(n)) throw notFound('Anslaget');
    return { notice: n, state: publicState(n, query.board.today) };
  }
}

/** The public view of a notice found by FindPublicNotice (its postings and documents read). */
export class ViewPublicNotice {
  constructor(private readonly reads: AnslagReads) {}

  async execute(query: { board: PublicBoard; notice: Notice }): Promise<NoticeView> {
    return (await viewsOf(this.reads, query.board, [query.notice]))[0];
  }
}

export type PublicDocumentKind = 'protocol' | 'justerat' | 'bevis';

/**
 * A PDF of a public notice: the protocol as posted (with the sealed ANSLAG fields when made), the
 * justerat PDF as a file of its own — both only where the body publishes PDFs — or the anslagsbevis.
 */
export class GetPublicNoticeDocument {
  constructor(
    private readonly reads: AnslagReads,
    private readonly open: OpenPublicBoard,
    private readonly find: FindPublicNotice,
  ) {}

  async execute(query: { slug: string; id: string; kind: PublicDocumentKind }): Promise<{ bytes: Uint8Array; fileName: string }> {
    const board = await this.open.execute({ slug: query.slug });
    const { notice: n } = await this.find.execute({ board, id: query.id });
    const unpublished = 'Protokollet publiceras inte här; kontakta förvaringsplatsen. Dokumentet';
    let doc: StoredDocument | null;
    let fileName: string;
    if (query.kind === 'bevis') {
      if (!n.bevisDocumentId) throw notFound('Anslagsbeviset har inte utfärdats ännu. Det');
      doc = await this.reads.document(board.organisation.id, n.bevisDocumentId);
      if (!doc) throw notFound('Anslagsbeviset');
      fileName = `anslagsbevis-${organPart(n.organName)}${n.meetingDate}.pdf`;
    } else {
      const id = query.kind === 'protocol' ? (n.filledDocumentId ?? n.documentId) : n.documentId;
      if (!n.publishPdf || !id) throw notFound(unpublished);
      doc = await this.reads.document(board.organisation.id, id);
      if (!doc) throw notFound('Dokumentet');
      fileName = `${query.kind === 'protocol' ? 'protokoll' : 'justerat-protokoll'}-${organPart(n.organName)}${n.meetingDate}.pdf`;
    }
    return { bytes: doc.content, fileName };
  }
}

/** The views of stored notices, with their postings and documents read in one query each. */
async function viewsOf(reads: AnslagReads, board: PublicBoard, notices: Notice[]): Promise<NoticeView[]> {
  const postings = await reads.postingsOf(notices.map((n) => n.id));
  const ids = notices.flatMap((n) => [n.documentId, n.filledDocumentId, n.bevisDocumentId]).filter((x): x is string => !!x);
  const documents = new Map((await reads.documentInfos(board.organisation.id, ids)).map((d) => [d.id, d]));
  return notices.map((notice) =>
    noticeView({ organisationName: board.organisation.name, boardUrl: board.url, notice, postings, documents, today: board.today }),
  );
}
