import { Injectable } from '@nestjs/common';
import type { OrganRef, ProtocolStore, StoredProtocol } from '@justera/protocol';
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
  insert(p: StoredProtocol): Promise<void> {
    return this.protocols.insert({ ...p });
  }
  /** A copy goes to the repository: its update moves the row version of what it is given. */
  saveIfUnchanged(p: StoredProtocol): Promise<boolean> {
    return this.protocols.update({ ...p });
  }
  delete(organisationId: string, id: string): Promise<void> {
    return this.protocols.delete(organisationId, id);
  }
}
