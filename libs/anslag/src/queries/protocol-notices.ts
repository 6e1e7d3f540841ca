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

/** Groups rows by a key (the order within a group kept). */
function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(key(r));
    if (list) list.push(r);
    else out.set(key(r), [r]);
  }
  return out;
}

/**
 * The detail of each of the notices (the notice API and the secretary's pages), in their order: the
 * organisations, postings, events and documents of all of them read at once (a fixed number of
 * queries however many notices, so a list of protocols does not read per notice).
 */
async function detailsOf(reads: AnslagReads, clock: Clock, publicUrl: string, notices: Notice[]): Promise<NoticeDetail[]> {
  if (notices.length === 0) return [];
  const noticeIds = notices.map((n) => n.id);
  const byOrganisation = groupBy(notices, (n) => n.organisationId);
  const organisationIds = [...byOrganisation.keys()];
  const documentIdsOf = (ns: Notice[]) => ns.flatMap((n) => [n.documentId, n.filledDocumentId, n.bevisDocumentId]).filter((x): x is string => !!x);
  const [organisations, postings, events, documents] = await Promise.all([
    Promise.all(organisationIds.map((id) => reads.organisation(id))),
    reads.postingsOf(noticeIds),
    reads.eventsOfNotices(noticeIds),
    Promise.all(organisationIds.map((id) => reads.documentInfos(id, documentIdsOf(byOrganisation.get(id)!)))),
  ]);
  const organisationOf = new Map(organisationIds.map((id, i) => [id, organisations[i]!]));
  const documentsOf = new Map(organisationIds.map((id, i) => [id, new Map(documents[i].map((d) => [d.id, d]))]));
  const postingsOf = groupBy(postings, (p) => p.noticeId);
  const eventsOf = groupBy(events, (e) => e.noticeId);
  return notices.map((notice) => {
    const organisation = organisationOf.get(notice.organisationId)!;
    return noticeDetail({
      organisationName: organisation.name,
      boardUrl: boardUrlOf(publicUrl, organisation.slug),
      notice,
      postings: postingsOf.get(notice.id) ?? [],
      documents: documentsOf.get(notice.organisationId)!,
      events: eventsOf.get(notice.id) ?? [],
      today: isoDateInTimeZone(clock.now(notice.organisationId), TIME_ZONE),
    });
  });
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
    const notices = await this.reads.noticesOfProtocols(query.caller.principal.organisationId, [query.protocolId]);
    return detailsOf(this.reads, this.clock, this.publicUrl, notices.filter(readable(query.caller)));
  }
}

/**
 * The notices of each protocol of a list (the dashboard's `GET /justering`), each in detail as
 * `ListProtocolNotices` gives them, read with a fixed number of queries for the whole list. A protocol
 * without notices (or whose notices the caller may not read) has an empty list.
 */
export class ListNoticesOfProtocols {
  constructor(
    private readonly reads: AnslagReads,
    private readonly clock: Clock,
    private readonly publicUrl: string,
  ) {}

  async execute(query: { caller: Caller; protocolIds: string[] }): Promise<Map<string, NoticeDetail[]>> {
    if (query.protocolIds.length === 0) return new Map();
    const notices = (await this.reads.noticesOfProtocols(query.caller.principal.organisationId, query.protocolIds)).filter(readable(query.caller));
    const details = await detailsOf(this.reads, this.clock, this.publicUrl, notices);
    const byProtocol = groupBy(
      details.map((d, i) => ({ protocolId: notices[i].protocolId, d })),
      (x) => x.protocolId,
    );
    return new Map(query.protocolIds.map((id) => [id, (byProtocol.get(id) ?? []).map((x) => x.d)]));
  }
}

/**
 * The part of a protocol's notices that the live status stamp covers: one read of the notices and
 * no document, unlike ListProtocolNotices.
 */
export class ProtocolNoticeStatus {
  constructor(private readonly reads: AnslagReads) {}

  async execute(query: { caller: Caller; protocolId: string }): Promise<NoticeStatus[]> {
    const notices = await this.reads.noticesOfProtocols(query.caller.principal.organisationId, [query.protocolId]);
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
