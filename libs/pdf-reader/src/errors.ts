/** Why a PDF could not be read. Stable codes: callers map them to messages. */
export type PdfReadErrorCode =
  | 'NOT_PDF'
  | 'BAD_HEADER'
  | 'NO_STARTXREF'
  | 'BAD_XREF'
  | 'BAD_OBJECT'
  | 'BAD_STREAM'
  | 'MISSING_OBJECT'
  | 'CYCLE'
  | 'UNSUPPORTED_FILTER'
  | 'DECODE'
  | 'LIMIT_OBJECTS'
  | 'LIMIT_DEPTH'
  | 'LIMIT_SIZE'
  | 'DEADLINE'
  | 'NO_CATALOG';

/** The only error type the reader throws on bad input. */
export class PdfReadError extends Error {
  override readonly name = 'PdfReadError';
  constructor(
    readonly code: PdfReadErrorCode,
    message: string,
    readonly offset?: number,
  ) {
    super(offset === undefined ? `${code}: ${message}` : `${code}: ${message} (at byte ${offset})`);
  }
}
