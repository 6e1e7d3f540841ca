import type { JobName, JobPayloads } from '@justera/queue';
import type { Actor } from '@justera/application';
import { DomainError } from '@justera/application';
import type {
  AdminAuditEntry,
  AnslagStore,
  AnslagUnitOfWork,
  Board,
  Notice,
  NoticeEvent,
  OrganFacts,
  OrganisationFacts,
  Posting,
  ProtocolFacts,
  RoundFacts,
  StoredDocument,
} from '../usecases/ports';

/** A job the use case enqueued (the outbox row). */
export interface EnqueuedJob<K extends JobName = JobName> {
  name: K;
  payload: JobPayloads[K];
  delayMs: number;
}

const copy = <T extends object>(x: T): T => ({ ...x });

/**
 * The anslag ports in memory, for the use-case specs. A unit of work works on copies and writes them
 * back only when `fn` resolves, so a use case that throws leaves nothing behind (as a rolled-back
 * transaction); units of work run one at a time (as under the notice lock).
 */
export class InMemoryAnslagStore implements AnslagStore {
  boards: Board[] = [];
  notices: Notice[] = [];
  postings: Posting[] = [];
  events: NoticeEvent[] = [];
  documents: StoredDocument[] = [];
  jobs: EnqueuedJob[] = [];
  protocols: ProtocolFacts[] = [];
  rounds: RoundFacts[] = [];
  organs: OrganFacts[] = [];
  organisations: OrganisationFacts[] = [];
  /** admin_audit_events */
  adminAudit: AdminAuditEntry[] = [];
  /** Units of work committed. */
  commits = 0;
  private queue: Promise<unknown> = Promise.resolve();

  unitOfWork<T>(fn: (uow: AnslagUnitOfWork) => Promise<T>): Promise<T> {
    const run = async () => {
      const state = {
        notices: this.notices.map(copy),
        postings: this.postings.map(copy),
        events: [...this.events],
        documents: [...this.documents],
        jobs: [...this.jobs],
        boards: this.boards.map(copy),
        organisations: this.organisations.map(copy),
        adminAudit: [...this.adminAudit],
      };
      const uow: AnslagUnitOfWork = {
        enqueue: async <K extends JobName>(name: K, payload: JobPayloads[K], options?: { delayMs?: number }) => {
          state.jobs.push({ name, payload, delayMs: Math.max(0, Math.round(options?.delayMs ?? 0)) } as EnqueuedJob);
          return `job-${state.jobs.length}`;
        },
        appendAudit: async (e) => void state.events.push({ ...e, detail: JSON.parse(JSON.stringify(e.detail)) as Record<string, unknown> }),
        lockNotice: async (id) => {
          const n = state.notices.find((x) => x.id === id);
          return n ? copy(n) : null;
        },
        postingsOf: async (noticeId) => state.postings.filter((p) => p.noticeId === noticeId).map(copy),
        claimPosting: async (postingId: string, postedDate: string, postedAt: Date, recordedBy: Actor) => {
          const p = state.postings.find((x) => x.id === postingId);
          if (!p || p.postedDate) return false;
          Object.assign(p, { postedDate, postedAt, recordedBy });
          return true;
        },
        insertNotice: async (notice, postings) => {
          if (state.notices.some((n) => n.roundId === notice.roundId)) return false;
          state.notices.push(copy(notice));
          state.postings.push(...postings.map(copy));
          return true;
        },
        updateNotice: async (id, changes) =>
          void Object.assign(
            state.notices.find((n) => n.id === id)!,
            changes,
          ),
        insertDocument: async (doc) => void state.documents.push(doc),
        saveBoard: async (board) => {
          const others = state.boards.filter((b) => b.id !== board.id);
          // The unique index uq_anslag_boards_own: one active Justera board per organ.
          if (
            board.kind === 'justera' &&
            board.active &&
            others.some((b) => b.organisationId === board.organisationId && b.organId === board.organId && b.kind === 'justera' && b.active)
          )
            throw new DomainError('board_exists');
          state.boards = [...others, copy(board)];
        },
        setOrganisationSlug: async (organisationId, slug) => {
          if (state.organisations.some((o) => o.slug === slug && o.id !== organisationId)) return false;
          state.organisations = state.organisations.map((o) => (o.id === organisationId ? { ...o, slug } : o));
          return true;
        },
        appendAdminAudit: async (e) =>
          void state.adminAudit.push({ ...e, detail: JSON.parse(JSON.stringify(e.detail)) as Record<string, unknown> }),
      };
      const result = await fn(uow);
      Object.assign(this, state);
      this.commits++;
      return result;
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  findNotice = async (id: string) => this.notices.find((n) => n.id === id) ?? null;
  findNoticeByRound = async (roundId: string) => this.notices.find((n) => n.roundId === roundId) ?? null;
  postingsOf = async (noticeId: string) => this.postings.filter((p) => p.noticeId === noticeId).map(copy);
  noticesToReconcile = async (limit: number) =>
    this.notices.filter((n) => n.state !== 'archived' || (!n.bevisDocumentId && n.postedDate)).slice(0, limit);
  findProtocol = async (id: string) => this.protocols.find((p) => p.id === id) ?? null;
  findRound = async (id: string) => this.rounds.find((r) => r.id === id) ?? null;
  findOrgan = async (id: string) => this.organs.find((o) => o.id === id) ?? null;
  findOrganisation = async (id: string) => this.organisations.find((o) => o.id === id) ?? null;
  findDocument = async (organisationId: string, id: string) =>
    this.documents.find((d) => d.id === id && d.organisationId === organisationId) ?? null;
  findBoard = async (id: string) => {
    const b = this.boards.find((x) => x.id === id);
    return b ? copy(b) : null;
  };
  findOrganisationBySlug = async (slug: string) => this.organisations.find((o) => o.slug === slug) ?? null;
  hasPostedNotices = async (organisationId: string) =>
    this.notices.some((n) => n.organisationId === organisationId && n.postedDate !== null);
  boardsOf = async (organisationId: string, organId: string) =>
    this.boards.filter((b) => b.organisationId === organisationId && b.organId === organId && b.active);
  ensureOwnBoard = async (candidate: Board) => {
    const own = this.boards.find(
      (b) => b.organisationId === candidate.organisationId && b.organId === candidate.organId && b.kind === 'justera' && b.active,
    );
    if (own) return own;
    this.boards.push(candidate);
    return candidate;
  };

  /** The events of one notice, in order. */
  eventsOf(noticeId: string): NoticeEvent[] {
    return this.events.filter((e) => e.noticeId === noticeId);
  }
}
