import type { AuditRecord } from '../audit';
import type {
  EvidenceProtocol,
  EvidenceReads,
  EvidenceRound,
  EvidenceSignatory,
  EvidenceVersionFacts,
  NamedDocument,
  NoticeFacts,
  PostingFacts,
  ProtocolDocumentList,
  StoredDocumentFacts,
} from '../evidence';

/** The evidence's read port over plain arrays (the unit specs of GetEvidence). */
export class InMemoryEvidenceReads implements EvidenceReads, ProtocolDocumentList {
  protocols: EvidenceProtocol[] = [];
  organs = new Map<string, string>();
  roundRows: (EvidenceRound & { organisationId: string; protocolId: string })[] = [];
  versionRows: EvidenceVersionFacts[] = [];
  signatoryRows: EvidenceSignatory[] = [];
  events: (AuditRecord & { organisationId: string })[] = [];
  documentRows: (StoredDocumentFacts & { organisationId: string })[] = [];
  noticeRows: (NoticeFacts & { organisationId: string; protocolId: string })[] = [];
  postingRows: PostingFacts[] = [];
  named: (NamedDocument & { protocolId: string })[] = [];
  /** Every read asked for, by name (a spec can see what was not read). */
  readonly calls: string[] = [];

  async protocol(organisationId: string, protocolId: string) {
    this.calls.push('protocol');
    return this.protocols.find((p) => p.organisationId === organisationId && p.id === protocolId) ?? null;
  }
  async organName(_organisationId: string, organId: string) {
    return this.organs.get(organId) ?? null;
  }
  async rounds(organisationId: string, protocolId: string) {
    this.calls.push('rounds');
    return this.roundRows.filter((r) => r.organisationId === organisationId && r.protocolId === protocolId);
  }
  async versions(roundIds: string[]) {
    return roundIds.flatMap((id) => this.versionRows.filter((v) => v.roundId === id).sort((a, b) => a.number - b.number));
  }
  async signatories(roundIds: string[]) {
    return this.signatoryRows.filter((s) => roundIds.includes(s.roundId));
  }
  async auditEvents(organisationId: string, protocolId: string) {
    return this.events.filter((e) => e.organisationId === organisationId && e.protocolId === protocolId).sort((a, b) => a.seq - b.seq);
  }
  async documents(organisationId: string, ids: string[]) {
    return this.documentRows.filter((d) => d.organisationId === organisationId && ids.includes(d.id));
  }
  async notices(organisationId: string, protocolId: string) {
    return this.noticeRows.filter((n) => n.organisationId === organisationId && n.protocolId === protocolId);
  }
  async postings(noticeIds: string[]) {
    return this.postingRows.filter((x) => noticeIds.includes(x.noticeId));
  }
  async of(protocol: EvidenceProtocol) {
    return this.named.filter((d) => d.protocolId === protocol.id);
  }
}
