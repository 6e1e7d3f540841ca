import { type Caller, type Clock, DomainError, ensureAllowed } from '@justera/application';
import { buildEvidence, evidenceDocumentIds } from './build-evidence';
import type { Evidence } from './evidence';
import type { EvidenceProtocol, EvidenceReads, ProtocolDocumentList } from './ports';

export interface GetEvidenceQuery {
  caller: Caller;
  protocolId: string;
}

/**
 * The Verifieringsunderlag of a protocol (GET /api/protocols/:id/evidence.json and .pdf): for a caller
 * allowed 'evidence.read' on the protocol's organ (another organisation's protocol is `not_found`).
 */
export class GetEvidence {
  constructor(
    private readonly reads: EvidenceReads,
    private readonly documents: ProtocolDocumentList,
    private readonly clock: Clock,
    private readonly config: { publicUrl: string },
  ) {}

  async execute(query: GetEvidenceQuery): Promise<Evidence> {
    const p = await this.reads.protocol(query.caller.principal.organisationId, query.protocolId);
    if (!p) throw new DomainError('not_found', 'Protokollet finns inte.');
    ensureAllowed(query.caller, 'evidence.read', { organisationId: p.organisationId, organId: p.organId });
    return this.of(p);
  }

  /** The evidence of a protocol already found, without an access check (the known-document lookup decides what of it is shown). */
  async of(p: EvidenceProtocol): Promise<Evidence> {
    const organ = (await this.reads.organName(p.organisationId, p.organId)) ?? '';
    const rounds = await this.reads.rounds(p.organisationId, p.id);
    const roundIds = rounds.map((r) => r.id);
    const versions = await this.reads.versions(roundIds);
    const signatories = await this.reads.signatories(roundIds);
    const events = await this.reads.auditEvents(p.organisationId, p.id);
    const notices = await this.reads.notices(p.organisationId, p.id);
    const postings = await this.reads.postings(notices.map((n) => n.id));
    const documents = await this.reads.documents(p.organisationId, evidenceDocumentIds(events, notices));
    return buildEvidence({
      generatedAt: this.clock.now(),
      publicUrl: this.config.publicUrl,
      protocol: p,
      organ,
      rounds,
      versions,
      signatories,
      events,
      documents,
      notices,
      postings,
      protocolDocuments: await this.documents.of(p),
    });
  }
}
