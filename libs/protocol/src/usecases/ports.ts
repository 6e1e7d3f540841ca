import type { Caller, StoredDocument } from '@justera/application';
import type { Protocol } from '../model';

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

/** An uploaded file as stored beside its protocol: the application's one stored-document type. */
export type { StoredDocument };

/** How an organ's undertecknare are identified by default (docs/identity.md). */
export type IdentityLevel = 'e-postlank' | 'e-legitimation';

export interface ProtocolStore {
  /** The organisation's protocol (another organisation's id is not found). */
  find(organisationId: string, id: string): Promise<StoredProtocol | null>;
  findOrgan(organisationId: string, organId: string): Promise<OrganRef | null>;
  /** The organ's default identity level; null when the organisation has no such organ. */
  organIdentityLevel(organisationId: string, organId: string): Promise<IdentityLevel | null>;
  /** Inserts the protocol and, for an upload, its document, in one transaction. */
  insert(p: StoredProtocol, document?: StoredDocument): Promise<void>;
  /** The bytes of the organisation's document (another organisation's id is not found). */
  documentContent(organisationId: string, documentId: string): Promise<Uint8Array | null>;
  /**
   * Writes `p` (title, meeting date, data, organ, status, updatedAt) only where the row still has
   * `p.rowVersion`, moving it on by one; false when another save came first (nothing written).
   */
  saveIfUnchanged(p: StoredProtocol): Promise<boolean>;
  /** Deletes the protocol and its uploaded document, if any. */
  delete(organisationId: string, id: string): Promise<void>;
}

/** A field-level problem of a form, as `invalid_request`'s details carry it (the workspace shows it beside the field). */
export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * The justering's rules for the signatories and substitutes an uploaded protocol names (libs/justering
 * `signatoryFieldIssues`, `substituteFieldIssues`, which this pure lib cannot import): the field
 * issues of a parsed list, none when it is right.
 */
export interface SignatoryFieldChecks {
  signatories(list: unknown[]): FieldIssue[];
  substitutes(list: unknown[]): FieldIssue[];
}

/** What reading an uploaded PDF found: readable or not (its message), encrypted or not, already signed or not. */
export type PdfInspection = { ok: true; encrypted: boolean; signed: boolean } | { ok: false; message: string };

/**
 * Reads an uploaded PDF where a hostile file can do no harm (the api's PDF pool, a child process with
 * limits, docs/security.md): the inspection, or why the reading was stopped. Any other failure (the
 * pool is full) is thrown as it is.
 */
export interface UploadedPdfInspector {
  inspect(bytes: Uint8Array): Promise<{ ok: true; value: PdfInspection } | { ok: false; reason: 'timeout' | 'memory' | 'crashed' }>;
}

/** How the Underskrifter page of a rendered protocol says the undertecknare are identified (libs/pdf `SignatoryIdentification`). */
export type PreviewIdentification = { level: 'e-postlank' } | { level: 'e-legitimation'; provider: string };

/**
 * Renders a complete structured protocol as a whole-protocol PDF (libs/pdf, which imports this lib, so
 * a port). A character the font cannot show is `unsupported_characters`.
 */
export interface ProtocolPdfRenderer {
  render(protocol: Protocol, identification: PreviewIdentification | undefined): Promise<Uint8Array>;
}

/** The §§ of a protocol justerade on their own (libs/justering `JusteradeParagraphs`: its completed rounds of single §§). */
export interface JusteradeOnTheirOwn {
  paragraphs(caller: Caller, protocolId: string): Promise<number[]>;
}
