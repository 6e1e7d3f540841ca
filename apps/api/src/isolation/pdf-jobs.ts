/** The jobs the PDF pool's children run, and what they answer. */
export type PdfJob =
  | { kind: 'validate'; bytes: Uint8Array; trustAnchors: string[]; timeLimitMs: number; maxBytes: number; /** ISO time to judge at (default now). */ at?: string }
  | { kind: 'inspect'; bytes: Uint8Array; timeLimitMs: number };

/** What an uploaded protocol's structure check found. */
export type PdfInspection = { ok: true; encrypted: boolean; pages: number } | { ok: false; message: string };
