import type { IdentityLevel, OrganRef, ProtocolStore, StoredDocument, StoredProtocol } from '../usecases/ports';

/** The protocol store in memory, for the use cases' unit specs (copies in and out, like the database). */
export class InMemoryProtocolStore implements ProtocolStore {
  readonly protocols: StoredProtocol[] = [];
  readonly organs: (OrganRef & { organisationId: string; identityLevel?: IdentityLevel })[] = [];
  readonly documents: StoredDocument[] = [];
  /** Ids of the documents removed with their protocol. */
  readonly deletedDocuments: string[] = [];

  async find(organisationId: string, id: string) {
    const p = this.protocols.find((x) => x.id === id && x.organisationId === organisationId);
    return p ? { ...p } : null;
  }
  async findOrgan(organisationId: string, organId: string) {
    const o = this.organs.find((x) => x.id === organId && x.organisationId === organisationId);
    return o ? { id: o.id, name: o.name } : null;
  }
  async organIdentityLevel(organisationId: string, organId: string) {
    const o = this.organs.find((x) => x.id === organId && x.organisationId === organisationId);
    return o ? (o.identityLevel ?? 'e-postlank') : null;
  }
  async insert(p: StoredProtocol, document?: StoredDocument) {
    if (document) this.documents.push({ ...document });
    this.protocols.push({ ...p });
  }
  async documentContent(organisationId: string, documentId: string) {
    return this.documents.find((d) => d.id === documentId && d.organisationId === organisationId)?.content ?? null;
  }
  async saveIfUnchanged(p: StoredProtocol) {
    const i = this.protocols.findIndex((x) => x.id === p.id && x.organisationId === p.organisationId && x.rowVersion === p.rowVersion);
    if (i < 0) return false;
    this.protocols[i] = { ...p, rowVersion: p.rowVersion + 1 };
    return true;
  }
  async delete(organisationId: string, id: string) {
    const i = this.protocols.findIndex((x) => x.id === id && x.organisationId === organisationId);
    if (i < 0) return;
    const [p] = this.protocols.splice(i, 1);
    if (!p.documentId) return;
    this.deletedDocuments.push(p.documentId);
    const d = this.documents.findIndex((x) => x.id === p.documentId);
    if (d >= 0) this.documents.splice(d, 1);
  }
}
