/**
 * The ports the protocol use cases see: plain domain types and a store. The TypeORM implementation is
 * libs/persistence `TypeOrmProtocolStore` (over ProtocolsRepository); the specs use the in-memory one
 * in `../testing`. No EntityManager or decorated entity crosses into a use case.
 */

/** A meeting protocol as stored: structured (the Protocol JSON) or an uploaded PDF with its metadata. */
export interface StoredProtocol {
  id: string;
  organisationId: string;
  organId: string;
  source: 'structured' | 'uploaded';
  status: 'draft' | 'justering' | 'justerat' | 'cancelled';
  /** At most 400 characters (the column). */
  title: string;
  /** YYYY-MM-DD, or '' for a draft without a valid date. */
  meetingDate: string;
  /** The Protocol document (structured, or a draft of one) or the upload's metadata. */
  data: unknown;
  documentId: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  /** Moves on by one with every write of the row: the editors' optimistic lock. */
  rowVersion: number;
}

/** What the protocol use cases need of an organ. */
export interface OrganRef {
  id: string;
  name: string;
}

export interface ProtocolStore {
  /** The organisation's protocol (another organisation's id is not found). */
  find(organisationId: string, id: string): Promise<StoredProtocol | null>;
  findOrgan(organisationId: string, organId: string): Promise<OrganRef | null>;
  insert(p: StoredProtocol): Promise<void>;
  /**
   * Writes `p` (title, meeting date, data, organ, status, updatedAt) only where the row still has
   * `p.rowVersion`, moving it on by one; false when another save came first (nothing written).
   */
  saveIfUnchanged(p: StoredProtocol): Promise<boolean>;
  /** Deletes the protocol and its uploaded document, if any. */
  delete(organisationId: string, id: string): Promise<void>;
}
