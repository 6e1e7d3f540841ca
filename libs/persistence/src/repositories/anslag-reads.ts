import { Injectable } from '@nestjs/common';
import type { AnslagReads, BoardList, BoardOrganisation, NoticeEvent } from '@justera/anslag';
import { Actor, normaliseActor } from '@justera/application';
import type { AnslagEventEntity } from '../entities/anslag.entity';
import type { OrganisationEntity } from '../entities/organisation.entity';
import { AnslagRepository } from './anslag.repository';
import { toBoard, toDocument, toNotice, toPosting } from './anslag-store';

/** The Nest token of the anslag queries' read port (libs/anslag `AnslagReads`). */
export const ANSLAG_READS = Symbol('ANSLAG_READS');

const toOrganisation = (o: OrganisationEntity): BoardOrganisation => ({ id: o.id, name: o.name, slug: o.slug, createdAt: o.createdAt });
const toEvent = (e: AnslagEventEntity): NoticeEvent => ({
  organisationId: e.organisationId,
  noticeId: e.noticeId,
  kind: e.kind as NoticeEvent['kind'],
  at: e.at,
  actor: normaliseActor(e.actor) as Actor,
  detail: JSON.parse(e.detail) as Record<string, unknown>,
});

/**
 * The anslag queries' reads on TypeORM: the SQL of `AnslagRepository` (which the evidence and the
 * protocol documents read too), its rows handed out as plain domain objects — no entity leaves here.
 * test/medium/anslag-reads.test.ts checks the board lists' SQL against libs/anslag `publicState`.
 */
@Injectable()
export class TypeOrmAnslagReads implements AnslagReads {
  constructor(private readonly repo: AnslagRepository) {}

  async organisation(id: string) {
    const o = await this.repo.findOrganisation(id);
    return o ? toOrganisation(o) : null;
  }
  async organisationBySlug(slug: string) {
    const o = await this.repo.findOrganisationBySlug(slug);
    return o ? toOrganisation(o) : null;
  }
  async boardIndex(limit: number) {
    const { boards, total } = await this.repo.publicBoards(limit);
    return { entries: boards.map((b) => ({ organisation: toOrganisation(b.organisation), organs: b.organs })), total };
  }
  async boardPage(organisationId: string, list: BoardList, today: string, offset: number, limit: number) {
    const { notices, total } = await this.repo.boardPage(organisationId, list, today, offset, limit);
    return { notices: notices.map(toNotice), total };
  }
  boardVersion(organisationId: string) {
    return this.repo.boardVersion(organisationId);
  }
  async notice(organisationId: string, id: string) {
    const n = await this.repo.findNotice(organisationId, id);
    return n ? toNotice(n) : null;
  }
  async noticesOfProtocols(organisationId: string, protocolIds: string[]) {
    return (await this.repo.listNoticesOfProtocols(organisationId, protocolIds)).map(toNotice);
  }
  async postingsOf(noticeIds: string[]) {
    return (await this.repo.postingsOf(noticeIds)).map(toPosting);
  }
  async eventsOfNotices(noticeIds: string[]) {
    return (await this.repo.eventsOfNotices(noticeIds)).map(toEvent);
  }
  async documentInfos(organisationId: string, ids: string[]) {
    return (await this.repo.documentInfos(organisationId, ids)).map((d) => ({ id: d.id, sha256: d.sha256, size: d.size }));
  }
  async document(organisationId: string, id: string) {
    const d = await this.repo.findDocument(organisationId, id);
    return d ? toDocument(d) : null;
  }
  async boards(organisationId: string, organId: string) {
    return (await this.repo.listBoards(organisationId, organId)).map(toBoard);
  }
}
