import { type Caller, DomainError, ensureAllowed } from '@justera/application';
import type { ProtocolStore, StoredProtocol } from './ports';

/** The protocol, if the caller may read it (another organisation's protocol is `not_found`). */
export async function readableProtocol(store: ProtocolStore, caller: Caller, protocolId: string): Promise<StoredProtocol> {
  // Scoped to the caller's organisation: another organisation's id is simply not found.
  const p = await store.find(caller.principal.organisationId, protocolId);
  if (!p) throw new DomainError('not_found', 'Protokollet finns inte.');
  ensureAllowed(caller, 'protocol.read', { organisationId: p.organisationId, organId: p.organId });
  return p;
}

/** The protocol, if the caller may read and write it. */
export async function writableProtocol(store: ProtocolStore, caller: Caller, protocolId: string): Promise<StoredProtocol> {
  const p = await readableProtocol(store, caller, protocolId);
  ensureAllowed(caller, 'protocol.write', { organisationId: p.organisationId, organId: p.organId });
  return p;
}

export const staleError = () => new DomainError('stale', 'Någon annan har sparat protokollet under tiden. Läs in det igen.');
