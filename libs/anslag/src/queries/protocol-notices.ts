import { Caller, ensureAllowed, invalidRequest, notFound } from '@justera/application';
import { isoDateInTimeZone } from '@justera/legal-dates';
import type { Clock } from '../clock';
import { TIME_ZONE } from '../plan';
import type { Board, Notice } from '../usecases/ports';
import { NoticeDetail, NoticeStatus, boardUrlOf, noticeDetail, noticeStatus } from './notice-view';
import type { AnslagReads } from './ports';

/** The caller may read the notice's protocol (another organ's notices are left out, not refused). */
const readable = (caller: Caller) => (n: Notice) => {
  try {
    ensureAllowed(caller, 'protocol.read', { organisationId: n.organisationId, organId: n.organId });
    return true;
  } catch {
    return false;
  }
};

/** The detail of each of the notices (the notice API and the secretary's pages). */
async function detailsOf(reads: AnslagReads, clock: Clock, publicUrl: string, notices: Notice[]): Promise<NoticeDetail[]> {
  return Promise.all(
    notices.map(async (notice) => {
      const organisation = (await reads.organisation(notice.organisationId))!;
      const postings = await reads.postingsOf([notice.id]);
      const events = await reads.eventsOf(notice.id);
      const ids = [notice.documentId, notice.filledDocumentId, notice.bevisDocumentId].filter((x): x is string => !!x);
      const documents = new Map((await reads.documentInfos(notice.organisationId, ids)).map((d) => [d.id, d]));
      return noticeDetail({
        organisationName: organisation.name,
        boardUrl: boardUrlOf(publicUrl, organisation.slug),
        notice,
        postings,
        documents,
        events,
        today: isoDateInTimeZone(clock.now(notice.organisationId), TIME_ZONE),
      });
    }),
  );
}

/** A protocol's notices, each in detail, as far as the caller may read them (GET /api/anslag/notices, the secretary's pages). */
export class ListProtocolNotices {
  constructor(
    private readonly reads: AnslagReads,
    private readonly clock: Clock,
    private readonly publicUrl: string,
  ) {}

  async execute(query: { caller: Caller; protocolId?: string }): Promise<NoticeDetail[]> {
    if (!query.protocolId) throw invalidRequest('protocolId krävs.');
    const notices = await this.reads.noticesOfProtocol(query.caller.principal.organisationId, query.protocolId);
    return detailsOf(this.reads, this.clock, this.publicUrl, notices.filter(readable(query.caller)));
  }
}

/**
 * The part of a protocol's notices that the live status stamp covers: one read of the notices and
 * no document, unlike ListProtocolNotices.
 */
export class ProtocolNoticeStatus {
  constructor(private readonly reads: AnslagReads) {}

  async execute(query: { caller: Caller; protocolId: string }): Promise<NoticeStatus[]> {
    const notices = await this.reads.noticesOfProtocol(query.caller.principal.organisationId, query.protocolId);
    return notices.filter(readable(query.caller)).map(noticeStatus);
  }
}

/** One notice in detail (GET /api/anslag/notices/:id): not_found for another organisation's, forbidden for another organ's. */
export class GetNotice {
  constructor(
    private readonly reads: AnslagReads,
    private readonly clock: Clock,
    private readonly publicUrl: string,
  ) {}

  async execute(query: { caller: Caller; id: string }): Promise<NoticeDetail> {
    const n = await this.reads.notice(query.caller.principal.organisationId, query.id);
    if (!n) throw notFound('Anslaget');
    ensureAllowed(query.caller, 'protocol.read', { organisationId: n.organisationId, organId: n.organId });
    return (await detailsOf(this.reads, this.clock, this.publicUrl, [n]))[0];
  }
}

/** An organ's active boards (GET /api/organs/:organId/anslag/boards), for whoever may read its protocols. */
export class ListOrganBoards {
  constructor(private readonly reads: AnslagReads) {}

  async execute(query: { caller: Caller; organId: string }): Promise<Board[]> {
    const organisationId = query.caller.principal.organisationId;
    ensureAllowed(query.caller, 'protocol.read', { organisationId, organId: query.organId });
    return this.reads.boards(organisationId, query.organId);
  }
}
