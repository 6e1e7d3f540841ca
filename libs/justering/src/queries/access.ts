import { type Caller, DomainError, ensureAllowed } from '@justera/application';
import type { ProtocolFacts } from '../usecases/ports';
import type { JusteringReads } from './ports';

/** What a justering query needs to read: the protocol (always), and the audit trail (`evidence.read`). */
export type ReadAction = 'protocol.read' | 'evidence.read';

/**
 * The caller's protocols among `protocolIds`, in that order, each checked: another organisation's
 * or an unknown protocol is `not_found`, one the caller may not read `forbidden` (and `forbidden`
 * without `evidence.read` when the audit trail is asked for).
 */
export async function readableProtocols(reads: JusteringReads, caller: Caller, protocolIds: string[], action: ReadAction): Promise<ProtocolFacts[]> {
  const found = new Map((await reads.protocolsByIds(caller.principal.organisationId, protocolIds)).map((p) => [p.id, p]));
  return protocolIds.map((id) => {
    const p = found.get(id);
    if (!p) throw new DomainError('not_found', 'Protokollet finns inte.');
    ensureAllowed(caller, 'protocol.read', { organisationId: p.organisationId, organId: p.organId });
    if (action !== 'protocol.read') ensureAllowed(caller, action, { organisationId: p.organisationId, organId: p.organId });
    return p;
  });
}

/** Groups rows by a key (the order within a group kept). */
export function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(key(r));
    if (list) list.push(r);
    else out.set(key(r), [r]);
  }
  return out;
}
