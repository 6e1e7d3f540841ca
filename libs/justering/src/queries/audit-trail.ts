import type { Caller } from '@justera/application';
import { verifyChain } from '../audit';
import { readableProtocols } from './access';
import type { JusteringReads } from './ports';

export interface AuditTrailQuery {
  caller: Caller;
  protocolId: string;
}

export type AuditTrailView = Awaited<ReturnType<AuditTrail['execute']>>;

/**
 * The protocol's audit trail (`GET /api/protocols/:id/audit`, the dashboard's timeline): every event
 * of its hash chain and the chain's verification (the first event that does not verify, and why).
 * Needs `evidence.read` besides `protocol.read` (`forbidden` without it).
 */
export class AuditTrail {
  constructor(private readonly reads: JusteringReads) {}

  async execute(query: AuditTrailQuery) {
    const [p] = await readableProtocols(this.reads, query.caller, [query.protocolId], 'evidence.read');
    const records = await this.reads.auditRecords(p.organisationId, p.id);
    return {
      protocolId: p.id,
      verification: verifyChain(records),
      events: records.map((r) => ({
        seq: r.seq,
        type: r.type,
        at: r.at,
        actor: r.actor,
        ip: r.ip,
        userAgent: r.userAgent,
        transactionId: r.transactionId,
        roundId: r.roundId,
        data: r.data,
        prevHash: r.prevHash,
        hash: r.hash,
      })),
    };
  }
}
