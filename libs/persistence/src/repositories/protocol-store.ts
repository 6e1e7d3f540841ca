import { Injectable } from '@nestjs/common';
import type { IdentityLevel, OrganRef, ProtocolStore, StoredDocument, StoredProtocol } from '@justera/protocol';
import type { ProtocolEntity } from '../entities/protocol.entity';
import { OrganisationsRepository } from './organisations.repository';
import { ProtocolsRepository } from './protocols.repository';

/** The Nest token of the protocol use cases' store (libs/protocol `ProtocolStore`). */
export const PROTOCOL_STORE = Symbol('PROTOCOL_STORE');

// Rows become plain domain objects (copies): no entity instance leaves this file.
const toProtocol = (e: ProtocolEntity): StoredProtocol => ({
  id: e.id,
  organisationId: e.organisationId,
  organId: e.organId,
  source: e.source,
  status: e.status,
  title: e.title,
  meetingDate: e.meetingDate,
  data: e.data,
  documentId: e.documentId,
  createdBy: e.createdBy,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
  rowVersion: e.rowVersion,
});

/** The protocol use cases' store, over ProtocolsRepository (its row-version update) and the organs. */
@Injectable()
export class TypeOrmProtocolStore implements ProtocolStore {
  constructor(
    private readonly protocols: ProtocolsRepository,
    private readonly organisations: OrganisationsRepository,
  ) {}

  async find(organisationId: string, id: string): Promise<StoredProtocol | null> {
    const e = await this.protocols.find(organisationId, id);
    return e ? toProtocol(e) : null;
  }
  async findOrgan(organisationId: string, organId: string): Promise<OrganRef | null> {
    const o = await this.organisations.findOrgan(organisationId, organId);
    return o ? { id: o.id, name: o.name } : null;
  }
  async organIdentityLevel(organisationId: string, organId: string): Promise<IdentityLevel | null> {
    const o = await this.organisations.findOrgan(organisationId, organId);
    return o ? (o.identityLevel === 'e-legitimation' ? 'e-legitimation' : 'e-postlank') : null;
  }
  /** The protocol and its document in one transaction (ProtocolsRepository.insert). */
  insert(p: StoredProtocol, document?: StoredDocument): Promise<void> {
    const content = document && Buffer.from(document.content.buffer, document.content.byteOffset, document.content.length);
    return this.protocols.insert({ ...p }, document && content ? { ...document, content } : undefined);
  }
  async documentContent(organisationId: string, documentId: string): Promise<Uint8Array | null> {
    const d = await this.protocols.findDocument(organisationId, documentId, true);
    return d ? d.content : null;
  }
  /** A copy goes to the repository: its update moves the row version of what it is given. */
  saveIfUnchanged(p: StoredProtocol): Promise<boolean> {
    return this.protocols.update({ ...p });
  }
  delete(organisationId: string, id: string): Promise<void> {
    return this.protocols.delete(organisationId, id);
  }
}
