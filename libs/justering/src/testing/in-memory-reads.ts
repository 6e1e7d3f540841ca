import { type AuditRecord, chainEvent } from '../audit';
import type { DocumentNotice, JusteringReads } from '../queries/ports';
import type { InMemoryJusteringStore } from './in-memory-store';

const copy = <T extends object>(x: T): T => ({ ...x });

/**
 * The justering read port over an `InMemoryJusteringStore`'s rows, for the query specs. The audit
 * events the use cases appended are linked into a hash chain the first time they are read and kept
 * (`chains`), as the database keeps them: a spec may then change a stored event to see the
 * verification fail. `queries` counts the reads, to show that a list is read in a fixed number of them.
 * The anslag side's rows a protocol's documents need (its notices, the organisations' slugs) are set
 * by the spec in `notices` and `slugs`.
 */
export class InMemoryJusteringReads implements JusteringReads {
  readonly chains = new Map<string, AuditRecord[]>();
  readonly notices: (DocumentNotice & { organisationId: string })[] = [];
  readonly slugs = new Map<string, string>();
  queries = 0;

  constructor(private readonly store: InMemoryJusteringStore) {}

  protocolsByIds = async (organisationId: string, protocolIds: string[]) => {
    this.queries++;
    return this.store.protocols.filter((p) => p.organisationId === organisationId && protocolIds.includes(p.id)).map(copy);
  };
  roundsOfProtocols = async (organisationId: string, protocolIds: string[]) => {
    this.queries++;
    return this.store.rounds
      .filter((r) => r.organisationId === organisationId && protocolIds.includes(r.protocolId))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .map(copy);
  };
  signatoriesOfRounds = async (roundIds: string[]) => {
    this.queries++;
    return this.store.signatories
      .filter((s) => roundIds.includes(s.roundId))
      .sort((a, b) => a.position - b.position)
      .map(copy);
  };
  versionsOfRounds = async (roundIds: string[]) => {
    this.queries++;
    return this.store.versions
      .filter((v) => roundIds.includes(v.roundId))
      .sort((a, b) => a.number - b.number)
      .map(copy);
  };
  auditRecords = async (organisationId: string, protocolId: string) => {
    this.queries++;
    const events = this.store.events.filter((e) => e.organisationId === organisationId && e.protocolId === protocolId);
    const chain = this.chains.get(protocolId) ?? [];
    for (let i = chain.length; i < events.length; i++) {
      const { organisationId: _org, ...content } = events[i];
      chain.push(chainEvent(chain[i - 1] ?? null, content));
    }
    this.chains.set(protocolId, chain);
    return chain.map((r) => ({ ...r, data: JSON.parse(JSON.stringify(r.data)) as Record<string, unknown> }));
  };
  noticesOfProtocols = async (organisationId: string, protocolIds: string[]) => {
    this.queries++;
    return this.notices
      .filter((n) => n.organisationId === organisationId && protocolIds.includes(n.protocolId))
      .map(({ organisationId: _org, ...n }) => n);
  };
  documentInfos = async (organisationId: string, ids: string[]) => {
    this.queries++;
    return this.store.documents.filter((d) => d.organisationId === organisationId && ids.includes(d.id)).map((d) => ({ id: d.id, sha256: d.sha256, size: d.size }));
  };
  organisationSlug = async (organisationId: string) => {
    this.queries++;
    return this.slugs.get(organisationId) ?? null;
  };
  documentWithContent = async (organisationId: string, id: string) => {
    this.queries++;
    const d = this.store.documents.find((x) => x.id === id && x.organisationId === organisationId);
    return d ? copy(d) : null;
  };
}
