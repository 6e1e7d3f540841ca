import type { Caller, Clock } from '@justera/application';
import { isoDateInTimeZone } from '@justera/legal-dates';
import { ROLE_SV, ROUND_STATUS_SV, SIGNATORY_STATE_SV, whoseTurn } from '../round';
import { organName, viewOf } from '../usecases/context';
import type { ProtocolFacts, Round, Signatory, Version } from '../usecases/ports';
import { groupBy, readableProtocols } from './access';
import type { JusteringReads } from './ports';

export interface JusteringStatusQuery {
  caller: Caller;
  protocolId: string;
  /** Only this round (the answer to an action on it); every round of the protocol when omitted. */
  roundId?: string;
}

export interface JusteringStatusListQuery {
  caller: Caller;
  /** The protocols of a list page, in the order to answer them. */
  protocolIds: string[];
}

/** A protocol's justering as the status API and the dashboard show it (`GET /api/protocols/:id/status`). */
export type JusteringStatusView = ReturnType<typeof statusView>;
export type RoundStatusView = JusteringStatusView['rounds'][number];

/** How many times a read is made again when a protocol's status moved under it (the original read and four more). */
const ATTEMPTS = 5;

function roundView(r: Round, versions: Version[], mine: Signatory[], today: string) {
  const current = versions.find((v) => v.id === r.currentVersionId)!;
  const turn = new Set(whoseTurn(viewOf(r, mine)).map((s) => s.id));
  return {
    id: r.id,
    status: r.status,
    statusSv: ROUND_STATUS_SV[r.status],
    order: r.signingOrder,
    identityLevel: r.identityLevel,
    paragraphs: r.paragraphs,
    deadline: r.deadline,
    deadlinePassed: (r.status === 'active' || r.status === 'change_requested') && today > r.deadline,
    createdAt: r.createdAt,
    completedAt: r.completedAt,
    cancelledAt: r.cancelledAt,
    // Approvals whose signature the worker has not appended to the PDF yet, and its last failure.
    signing: {
      pending: mine.filter((s) => s.state === 'signed' && !s.signatureAppliedAt).length,
      error: r.signingError,
      failedAt: r.signingFailedAt,
      failures: r.signingFailures,
    },
    version: { id: current.id, number: current.number, sha256: current.sha256, size: current.size, previousSha256: current.previousSha256, createdAt: current.createdAt },
    versions: versions.map((v) => ({ id: v.id, number: v.number, sha256: v.sha256, size: v.size, previousSha256: v.previousSha256, reason: v.reason, createdAt: v.createdAt })),
    signatories: mine.map((s) => ({
      id: s.id,
      role: s.role,
      roleSv: ROLE_SV[s.role],
      name: s.name,
      email: s.email,
      state: s.state,
      stateSv: SIGNATORY_STATE_SV[s.state],
      turn: turn.has(s.id),
      sentAt: s.sentAt,
      openedAt: s.openedAt,
      signedAt: s.signedAt,
      signedSha256: s.signedSha256,
      transactionId: s.signedTransactionId,
      signatureAppliedAt: s.signatureAppliedAt,
      signatureMethod: s.signatureMethod,
      changeRequestedAt: s.changeRequestedAt,
      changeComment: s.changeComment,
      remindersSent: s.remindersSent,
    })),
  };
}

function statusView(p: ProtocolFacts, rounds: ReturnType<typeof roundView>[]) {
  return { protocolId: p.id, title: p.title, organ: organName(p), meetingDate: p.meetingDate, protocolStatus: p.status, rounds };
}

/**
 * The justering status of several protocols: four reads for the whole list (protocols, their rounds,
 * the rounds' signatories, their versions), whatever its length. The protocol rows and their rounds
 * are separate reads, and the worker completes a round and sets the protocol justerat in one
 * transaction between them; the protocols are read again afterwards and the whole read repeated if
 * any status moved, so an answer never pairs a completed round with a protocol still 'justering' (or
 * the other way round).
 */
async function statuses(reads: JusteringReads, clock: Clock, caller: Caller, protocolIds: string[], onlyRoundId?: string): Promise<JusteringStatusView[]> {
  for (let attempt = 1; ; attempt++) {
    const protocols = await readableProtocols(reads, caller, protocolIds, 'protocol.read');
    const organisationId = caller.principal.organisationId;
    const rounds = (await reads.roundsOfProtocols(organisationId, protocolIds)).filter((r) => !onlyRoundId || r.id === onlyRoundId);
    const roundIds = rounds.map((r) => r.id);
    const [sigs, versions] = await Promise.all([reads.signatoriesOfRounds(roundIds), reads.versionsOfRounds(roundIds)]);
    const roundsOf = groupBy(rounds, (r) => r.protocolId);
    const sigsOf = groupBy(sigs, (s) => s.roundId);
    const versionsOf = groupBy(versions, (v) => v.roundId);
    const today = isoDateInTimeZone(clock.now());
    const out = protocols.map((p) =>
      statusView(
        p,
        (roundsOf.get(p.id) ?? []).map((r) => roundView(r, versionsOf.get(r.id) ?? [], sigsOf.get(r.id) ?? [], today)),
      ),
    );
    if (attempt >= ATTEMPTS) return out;
    const again = new Map((await reads.protocolsByIds(organisationId, protocolIds)).map((p) => [p.id, p.status]));
    if (out.every((s) => !again.has(s.protocolId) || again.get(s.protocolId) === s.protocolStatus)) return out;
  }
}

/**
 * A protocol's justering status: each round with its deadline, signing progress, versions and
 * signatories (whose turn it is). The JSON status API, the answer to every secretary action, the
 * dashboard and the workspace read it. Another organisation's protocol is `not_found`.
 */
export class JusteringStatus {
  constructor(
    private readonly reads: JusteringReads,
    private readonly clock: Clock,
  ) {}

  async execute(query: JusteringStatusQuery): Promise<JusteringStatusView> {
    const [status] = await statuses(this.reads, this.clock, query.caller, [query.protocolId], query.roundId);
    return status;
  }
}

/**
 * The justering status of each protocol of a list (the dashboard's list): the same answer as
 * `JusteringStatus` per protocol, in the order given, read with a fixed number of queries for the
 * whole list.
 */
export class JusteringStatusList {
  constructor(
    private readonly reads: JusteringReads,
    private readonly clock: Clock,
  ) {}

  execute(query: JusteringStatusListQuery): Promise<JusteringStatusView[]> {
    if (query.protocolIds.length === 0) return Promise.resolve([]);
    return statuses(this.reads, this.clock, query.caller, query.protocolIds);
  }
}
