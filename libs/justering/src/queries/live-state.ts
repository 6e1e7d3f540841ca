import type { Caller } from '@justera/application';
import { ROUND_STATUS_SV, SIGNATORY_STATE_SV, whoseTurn } from '../round';
import { viewOf } from '../usecases/context';
import { groupBy, readableProtocols } from './access';
import type { JusteringReads } from './ports';

export interface LiveStateQuery {
  caller: Caller;
  protocolId: string;
}

export type LiveStateView = Awaited<ReturnType<LiveState['execute']>>;

/**
 * What the live status stamp is made of (docs/justering.md, "Live status"): the protocol's status
 * and, per round, its status, current version, signing progress and each signatory's person and
 * state. Three small reads (protocol, rounds, signatories) and no document: cheap enough to poll.
 */
export class LiveState {
  constructor(private readonly reads: JusteringReads) {}

  async execute(query: LiveStateQuery) {
    const [p] = await readableProtocols(this.reads, query.caller, [query.protocolId], 'protocol.read');
    const rounds = await this.reads.roundsOfProtocols(p.organisationId, [p.id]);
    const sigsOf = groupBy(await this.reads.signatoriesOfRounds(rounds.map((r) => r.id)), (s) => s.roundId);
    return {
      protocolId: p.id,
      protocolStatus: p.status,
      rounds: rounds.map((r) => {
        const mine = sigsOf.get(r.id) ?? [];
        const turn = new Set(whoseTurn(viewOf(r, mine)).map((s) => s.id));
        return {
          id: r.id,
          status: r.status,
          statusSv: ROUND_STATUS_SV[r.status],
          versionId: r.currentVersionId,
          signingPending: mine.filter((s) => s.state === 'signed' && !s.signatureAppliedAt).length,
          signingFailures: r.signingFailures,
          signatories: mine.map((s) => ({
            id: s.id,
            name: s.name,
            email: s.email,
            role: s.role,
            state: s.state,
            stateSv: SIGNATORY_STATE_SV[s.state],
            turn: turn.has(s.id),
            remindersSent: s.remindersSent,
          })),
        };
      }),
    };
  }
}
