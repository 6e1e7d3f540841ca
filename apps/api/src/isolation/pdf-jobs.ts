import type { DocxImportErrorCode, DocxImportResult, ImportDefaults } from '@justera/docx-import';

/** The jobs the parsing pool's children run (PDFs, and Word documents to import), and what they answer. */
export type PdfJob =
  | { kind: 'validate'; bytes: Uint8Array; trustAnchors: string[]; timeLimitMs: number; maxBytes: number; /** ISO time to judge at (default now). */ at?: string }
  | { kind: 'inspect'; bytes: Uint8Array; timeLimitMs: number }
  /** A Word document read into the protocol format (libs/docx-import); the pool bounds its time and memory. */
  | { kind: 'docx-import'; bytes: Uint8Array; defaults: ImportDefaults };

/** The answer of a `docx-import` job: the import's result, or why the file could not be imported. */
export type DocxImportOutcome = { ok: true; result: DocxImportResult } | { ok: false; code: DocxImportErrorCode; message: string };

/** What an uploaded protocol's structure check found. */
/** `signed`: the file already holds a signature (a /Sig field with a value), which Justera cannot certify after. */
export type PdfInspection = { ok: true; encrypted: boolean; signed: boolean; pages: number } | { ok: false; message: string };
