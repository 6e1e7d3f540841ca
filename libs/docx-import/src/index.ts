/**
 * Importing a Word document (.docx) into the protocol format (docs/import.md). Pure: mammoth reads
 * the document in memory; no Nest, no I/O.
 */
export { importDocx, type DocxImportOptions, type DocxImportResult } from './import';
export { DocxImportError, type DocxImportErrorCode } from './errors';
export { mapItems, type ImportDefaults, type ImportNote, type ImportReport, type ProtocolDraft } from './map';
export { toItems, type Item } from './blocks';
export { parseHtml } from './html';
export { parsePeople } from './people';
export { checkDocxArchive, DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip-guard';
