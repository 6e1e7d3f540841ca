import type { MailToQueue } from '@justera/application';
import type { JobName, JobPayloads } from '@justera/queue';
import type {
  ArchiveCandidate,
  ArchiveCheck,
  FrozenDocument,
  JusteringEvent,
  PostingBoard,
  JusteringStore,
  JusteringUnitOfWork,
  ProtocolFacts,
  Round,
  Signatory,
  SigningLink,
  Version,
} from '../usecases/ports';

/** A job the use case enqueued (the outbox row). */
export interface EnqueuedJob<K extends JobName = JobName> {
  name: K;
  payload: JobPayloads[K];
  delayMs: number;
}

/** A queued mail with its delivery id. */
export interface QueuedMail extends MailToQueue {
  deliveryId: string;
}

const copy = <T extends object>(x: T): T => ({ ...x });

/**
 * The justering ports in memory, for the use-case specs. A unit of work works on copies and writes
 * them back only when `fn` resolves, so a use case that throws leaves nothing behind (as a rolled-back
 * transaction); units of work run one at a time (as under the protocol lock).
 */
export class InMemoryJusteringStore implements JusteringStore {
  protocols: ProtocolFacts[] = [];
  rounds: Round[] = [];
  versions: Version[] = [];
  signatories: Signatory[] = [];
  links: SigningLink[] = [];
  events: JusteringEvent[] = [];
  mails: QueuedMail[] = [];
  jobs: EnqueuedJob[] = [];
  // StartJustering and FreezeNewVersion: the frozen PDFs stored, the organs' identity levels.
  documents: FrozenDocument[] = [];
  organIdentityLevels = new Map<string, string>();
  // RenewArchives: what the last look at each document learnt (the documents table's archive columns).
  archiveChecks = new Map<string, ArchiveCheck>();
  // The signing job's data (AppendSignatures, CompleteRound; it reads and adds `documents` too): the
  // organisations' names and the organs' anslagstavlor.
  organisations: { id: string; name: string }[] = [];
  boards: (PostingBoard & { organisationId: string; organId: string })[] = [];
  /** Protocols locked by the units of work so far (in order). */
  locks: string[] = [];
  commits = 0;
  private queue: Promise<unknown> = Promise.resolve();

  unitOfWork<T>(fn: (uow: JusteringUnitOfWork) => Promise<T>): Promise<T> {
    const run = async () => {
      const state = {
        protocols: this.protocols.map(copy),
        rounds: this.rounds.map(copy),
        versions: this.versions.map(copy),
        signatories: this.signatories.map(copy),
        links: this.links.map(copy),
        events: [...this.events],
        mails: [...this.mails],
        jobs: [...this.jobs],
        locks: [...this.locks],
        documents: [...this.documents],
        archiveChecks: new Map(this.archiveChecks),
      };
      const upsert = <X extends { id: string }>(list: X[], x: X) => {
        const i = list.findIndex((y) => y.id === x.id);
        if (i >= 0) list[i] = copy(x);
        else list.push(copy(x));
      };
      const bump = (protocolId: string, change: Partial<ProtocolFacts>) => {
        const p = state.protocols.find((x) => x.id === protocolId)!;
        Object.assign(p, change, { rowVersion: p.rowVersion + 1 });
      };
      const uow: JusteringUnitOfWork = {
        // The signing job's reads (AppendSignatures, CompleteRound); it writes with saveVersion and insertDocument.
        postingBoards: async (organisationId, organId) =>
          this.boards
            .filter((b) => b.organisationId === organisationId && b.organId === organId)
            .map(({ kind, name, postingMode, postingHour }) => ({ kind, name, postingMode, postingHour })),
        enqueue: async <K extends JobName>(name: K, payload: JobPayloads[K], options?: { delayMs?: number }) => {
          state.jobs.push({ name, payload, delayMs: Math.max(0, Math.round(options?.delayMs ?? 0)) } as EnqueuedJob);
          return `job-${state.jobs.length}`;
        },
        queueMail: async (mail) => {
          const deliveryId = `mail-${state.mails.length + 1}`;
          state.mails.push({ ...mail, deliveryId });
          return deliveryId;
        },
        appendAudit: async (e) => void state.events.push({ ...e, data: JSON.parse(JSON.stringify(e.data)) as Record<string, unknown> }),
        lockProtocol: async (organisationId, protocolId) => {
          const p = state.protocols.find((x) => x.id === protocolId && x.organisationId === organisationId);
          if (p) state.locks.push(protocolId);
          return p ? copy(p) : null;
        },
        // A write of the protocol row moves its row version (as TypeORM's version column does).
        setProtocolStatus: async (protocolId, status) => void bump(protocolId, { status }),
        round: async (id) => {
          const r = state.rounds.find((x) => x.id === id);
          return r ? copy(r) : null;
        },
        saveRound: async (round) => upsert(state.rounds, round),
        version: async (id) => {
          const v = state.versions.find((x) => x.id === id);
          return v ? copy(v) : null;
        },
        signatories: async (roundId) =>
          state.signatories
            .filter((s) => s.roundId === roundId)
            .sort((a, b) => a.position - b.position)
            .map(copy),
        saveSignatory: async (s) => upsert(state.signatories, s),
        insertLink: async (link) => void state.links.push(copy(link)),
        supersedeLinks: async (roundId, reason, at, signatoryIds) => {
          const live = state.links.filter(
            (l) => l.roundId === roundId && !l.supersededAt && (!signatoryIds || signatoryIds.includes(l.signatoryId)),
          );
          for (const l of live) Object.assign(l, { supersededAt: at, supersededReason: reason });
          return live.length;
        },
        // -------- the signing link (signer side)
        link: async (id) => {
          const l = state.links.find((x) => x.id === id);
          return l ? copy(l) : null;
        },
        claimLink: async (id, at) => {
          const l = state.links.find((x) => x.id === id);
          if (!l || l.usedAt) return false;
          l.usedAt = at;
          return true;
        },
        protocol: async (id) => {
          const p = state.protocols.find((x) => x.id === id);
          return p ? copy(p) : null;
        },
        auditEvents: async (protocolId) =>
          state.events
            .filter((e) => e.protocolId === protocolId)
            .map((e, i) => ({ seq: i + 1, type: e.type, data: JSON.parse(JSON.stringify(e.data)) as Record<string, unknown> })),
        // StartJustering and FreezeNewVersion
        roundsOfProtocol: async (protocolId) => state.rounds.filter((r) => r.protocolId === protocolId).map(copy),
        saveVersion: async (v) => upsert(state.versions, v),
        insertDocument: async (doc) => void state.documents.push(copy(doc)),
        recordArchiveCheck: async (documentId, check) => void state.archiveChecks.set(documentId, mergeCheck(state.archiveChecks.get(documentId), check)),
        updateProtocolContent: async (protocolId, change) => void bump(protocolId, change),
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

  // RenewArchives: the same selection and order as the TypeORM store's query.
  archiveCandidates = async (dueBefore: Date, limit: number): Promise<ArchiveCandidate[]> => {
    const out: (ArchiveCandidate & { check?: ArchiveCheck })[] = [];
    for (const r of this.rounds.filter((x) => x.status === 'completed')) {
      const v = this.versions.find((x) => x.id === r.currentVersionId);
      const d = v && this.documents.find((x) => x.id === v.signedDocumentId);
      if (!v || !d) continue;
      const check = this.archiveChecks.get(d.id);
      const due = !check || !!check.error || (!!check.protectedUntil && check.protectedUntil <= dueBefore);
      if (due) out.push({ organisationId: r.organisationId, protocolId: r.protocolId, roundId: r.id, versionId: v.id, documentId: d.id, check });
    }
    const at = (c?: ArchiveCheck) => (c ? c.checkedAt.getTime() : -Infinity);
    return out
      .sort((a, b) => at(a.check) - at(b.check) || a.documentId.localeCompare(b.documentId))
      .slice(0, limit)
      .map(({ check: _check, ...c }) => c);
  };
  recordArchiveCheck = async (documentId: string, check: ArchiveCheck) =>
    void this.archiveChecks.set(documentId, mergeCheck(this.archiveChecks.get(documentId), check));

  findProtocol = async (organisationId: string, id: string) => {
    const p = this.protocols.find((x) => x.id === id && x.organisationId === organisationId);
    return p ? copy(p) : null;
  };
  findRound = async (id: string) => {
    const r = this.rounds.find((x) => x.id === id);
    return r ? copy(r) : null;
  };
  // -------- the signing link (signer side)
  findLinkByTokenHash = async (tokenHash: string) => {
    const l = this.links.find((x) => x.tokenHash === tokenHash);
    return l ? copy(l) : null;
  };
  // StartJustering and FreezeNewVersion
  roundsOfProtocol = async (organisationId: string, protocolId: string) =>
    this.rounds.filter((r) => r.protocolId === protocolId && r.organisationId === organisationId).map(copy);
  organIdentityLevel = async (_organisationId: string, organId: string) => this.organIdentityLevels.get(organId) ?? null;

  // The signing job's reads (AppendSignatures, ReconcileSigning).
  findVersion = async (id: string) => {
    const v = this.versions.find((x) => x.id === id);
    return v ? copy(v) : null;
  };
  signatoriesOf = async (roundId: string) =>
    this.signatories
      .filter((s) => s.roundId === roundId)
      .sort((a, b) => a.position - b.position)
      .map(copy);
  findDocument = async (organisationId: string, id: string) => {
    const d = this.documents.find((x) => x.id === id && x.organisationId === organisationId);
    return d ? copy(d) : null;
  };
  findOrganisation = async (id: string) => {
    const o = this.organisations.find((x) => x.id === id);
    return o ? copy(o) : null;
  };
  roundsAwaitingSignatures = async (approvedBefore: Date) => {
    const waiting = new Set(
      this.signatories
        .filter((s) => s.state === 'signed' && !s.signatureAppliedAt && s.signedAt && s.signedAt < approvedBefore)
        .map((s) => s.roundId),
    );
    return this.rounds.filter((r) => waiting.has(r.id) && (r.status === 'active' || r.status === 'signing')).map(copy);
  };

  signatory(id: string): Signatory {
    return this.signatories.find((s) => s.id === id)!;
  }
  round(id: string): Round {
    return this.rounds.find((r) => r.id === id)!;
  }
  linksOf(signatoryId: string): SigningLink[] {
    return this.links.filter((l) => l.signatoryId === signatoryId);
  }
}

/** Only the fields given are written (as the TypeORM store's update of the archive columns). */
function mergeCheck(before: ArchiveCheck | undefined, check: ArchiveCheck): ArchiveCheck {
  return {
    checkedAt: check.checkedAt,
    protectedUntil: check.protectedUntil !== undefined ? check.protectedUntil : (before?.protectedUntil ?? null),
    error: check.error !== undefined ? check.error : (before?.error ?? null),
  };
}
