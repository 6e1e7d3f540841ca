import { normaliseActor, type Actor } from '@justera/application';
import { publicState } from '../queries/notice-view';
import type { AnslagReads, BoardList, BoardOrganisation } from '../queries/ports';
import type { InMemoryAnslagStore } from './in-memory-store';

/**
 * The anslag read port over an InMemoryAnslagStore's arrays, for the query specs. Which list a
 * notice is in is `publicState` itself (the SQL of `TypeOrmAnslagReads` is checked against it in
 * test/medium/anslag-reads.test.ts).
 */
export class InMemoryAnslagReads implements AnslagReads {
  /** Creation instants of the store's organisations (OrganisationFacts has none). */
  createdAt = new Map<string, Date>();

  constructor(private readonly store: InMemoryAnslagStore) {}

  private org(o: { id: string; name: string; slug: string } | undefined): BoardOrganisation | null {
    return o ? { ...o, createdAt: this.createdAt.get(o.id) ?? new Date('2026-01-01T00:00:00Z') } : null;
  }

  organisation = async (id: string) => this.org(this.store.organisations.find((o) => o.id === id));
  organisationBySlug = async (slug: string) => this.org(this.store.organisations.find((o) => o.slug === slug));

  boardIndex = async (limit: number) => {
    const sorted = [...this.store.organisations].sort((a, b) => a.name.localeCompare(b.name, 'sv') || a.slug.localeCompare(b.slug));
    return {
      entries: sorted.slice(0, limit).map((o) => ({
        organisation: this.org(o)!,
        organs: this.store.boards
          .filter((b) => b.organisationId === o.id && b.kind === 'justera' && b.active)
          .map((b) => this.store.organs.find((x) => x.id === b.organId)?.name)
          .filter((n): n is string => !!n)
          .sort((a, b) => a.localeCompare(b, 'sv')),
      })),
      total: sorted.length,
    };
  };

  boardPage = async (organisationId: string, list: BoardList, today: string, offset: number, limit: number) => {
    const want = list === 'current' ? 'current' : 'archived';
    const all = this.store.notices
      .filter((n) => n.organisationId === organisationId && n.state !== 'scheduled' && publicState(n, today) === want)
      .sort(
        (a, b) =>
          (b.postedDate ?? '').localeCompare(a.postedDate ?? '') ||
          b.createdAt.getTime() - a.createdAt.getTime() ||
          b.id.localeCompare(a.id),
      );
    return { notices: all.slice(offset, offset + limit).map((n) => ({ ...n })), total: all.length };
  };

  boardVersion = async (organisationId: string) => {
    const posted = this.store.notices.filter((n) => n.organisationId === organisationId && n.state !== 'scheduled');
    const updatedAt = posted.reduce<Date | null>((d, n) => (d === null || n.updatedAt > d ? n.updatedAt : d), null);
    return { notices: posted.length, archived: posted.filter((n) => n.state === 'archived').length, updatedAt };
  };

  notice = async (organisationId: string, id: string) => {
    const n = this.store.notices.find((x) => x.id === id && x.organisationId === organisationId);
    return n ? { ...n } : null;
  };

  noticesOfProtocols = async (organisationId: string, protocolIds: string[]) =>
    this.store.notices
      .filter((n) => n.organisationId === organisationId && protocolIds.includes(n.protocolId))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .map((n) => ({ ...n }));

  postingsOf = async (noticeIds: string[]) => this.store.postings.filter((p) => noticeIds.includes(p.noticeId)).map((p) => ({ ...p }));

  eventsOfNotices = async (noticeIds: string[]) =>
    noticeIds.flatMap((id) => this.store.eventsOf(id)).map((e) => ({ ...e, actor: normaliseActor(e.actor) as Actor }));

  documentInfos = async (organisationId: string, ids: string[]) =>
    this.store.documents
      .filter((d) => d.organisationId === organisationId && ids.includes(d.id))
      .map(({ id, sha256, size }) => ({ id, sha256, size }));

  document = async (organisationId: string, id: string) => this.store.findDocument(organisationId, id);

  boards = async (organisationId: string, organId: string) => this.store.boardsOf(organisationId, organId);
}
