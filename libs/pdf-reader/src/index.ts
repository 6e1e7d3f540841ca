export { PdfReadError } from './errors';
export type { PdfReadErrorCode } from './errors';
export { PdfArray, PdfDict, PdfName, PdfRef, PdfStream, PdfString, isName } from './objects';
export type { IndirectObject, PdfObject } from './objects';
export { DEFAULT_LIMITS } from './budget';
export type { PdfReadLimits } from './budget';
export { PdfReader } from './reader';
export type { FieldInfo, PageInfo, PdfReaderOptions, PdfRevision, XrefEntry, XrefKind } from './reader';
export { Parser } from './parser';
