/** Why a .docx could not be imported at all. `message` is Swedish: it is shown to the secretary as it is. */
export type DocxImportErrorCode = 'not-docx' | 'too-large' | 'nothing-recognised';

export class DocxImportError extends Error {
  constructor(
    readonly code: DocxImportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DocxImportError';
  }
}
