/**
 * A file stored beside a protocol (the documents table): immutable bytes, checked by their SHA-256.
 * Uploaded PDFs, frozen versions, signed revisions, posted PDFs and anslagsbevis are all one of these;
 * the protocol, justering and anslag ports name it, the persistence adapters map rows to it.
 */
export interface StoredDocument {
  id: string;
  organisationId: string;
  /** Hex SHA-256 of `content`. */
  sha256: string;
  size: number;
  mediaType: string;
  /** At most 255 characters (the column); a signed revision keeps its base's name; null when stored without one. */
  fileName: string | null;
  content: Uint8Array;
  createdAt: Date;
}
