/**
 * Appearance streams (form XObjects) for signature widgets and filled text fields, drawn with the
 * embedded Noto Sans subset of the revision (see font.ts: PDF/A needs embedded fonts).
 */
import { formatStockholmTimestamp } from '@justera/sv';
import type { TextFont } from './font';

/** Resource name of the font inside our appearance streams. */
export const FONT_RESOURCE = 'JF1';

function n(x: number): string {
  return (Math.round(x * 100) / 100).toString();
}

/**
 * Content stream for a signature appearance: a thin frame and the lines top-down, each line shrunk
 * to fit the width. The first line (the name) is bold-ish by size only.
 */
export function signatureAppearanceContent(lines: string[], width: number, height: number, font: TextFont): string {
  const pad = Math.min(4, width / 20, height / 10);
  const count = Math.max(1, lines.length);
  const lead = 1.22;
  const base = Math.max(3, Math.min(10, (height - 2 * pad) / (count * lead)));
  let y = height - pad - base;
  const ops: string[] = ['q', '0.6 0.6 0.6 RG', '0.5 w', `0.25 0.25 ${n(width - 0.5)} ${n(height - 0.5)} re S`, 'Q'];
  ops.push('q', 'BT', '0 0 0 rg');
  for (const line of lines) {
    const w = font.width(line, base);
    const size = w > width - 2 * pad ? Math.max(2, (base * (width - 2 * pad)) / w) : base;
    ops.push(`/${FONT_RESOURCE} ${n(size)} Tf`, `1 0 0 1 ${n(pad)} ${n(y)} Tm`, `${font.encode(line)} Tj`);
    y -= base * lead;
  }
  ops.push('ET', 'Q');
  return ops.join('\n');
}

/** Content stream for a single-line text field value, vertically centred, shrunk to fit. */
export function textFieldAppearanceContent(value: string, width: number, height: number, font: TextFont): string {
  const pad = 2;
  let size = Math.max(4, Math.min(11, height * 0.7));
  const w = font.width(value, size);
  if (w > width - 2 * pad) size = Math.max(3, (size * (width - 2 * pad)) / w);
  const y = (height - size * 0.72) / 2;
  return [
    '/Tx BMC',
    'q',
    'BT',
    '0 0 0 rg',
    `/${FONT_RESOURCE} ${n(size)} Tf`,
    `1 0 0 1 ${n(pad)} ${n(y)} Tm`,
    `${font.encode(value)} Tj`,
    'ET',
    'Q',
    'EMC',
  ].join('\n');
}

/** "2025-03-05 10:00:00" in Swedish local time (Europe/Stockholm, CET/CEST). */
export function formatStockholm(d: Date): string {
  return formatStockholmTimestamp(d);
}

export interface SignatureLinesInput {
  name: string;
  role: string;
  signedAt: Date;
  transactionId: string;
  /** SHA-256 (hex) of the approved version of the document. */
  documentSha256: string;
  /**
   * The whole line saying how the signer was identified, placed after the time, e.g. "Identifierad:
   * personlig länk via e-post" or "Identifierad med e-legitimation (BankID)" (the wording is the
   * caller's: libs/justering `identificationLine`). Absent: no such line.
   */
  identification?: string;
}

/** The Swedish lines shown in a signature widget. */
export function signatureAppearanceLines(i: SignatureLinesInput): string[] {
  const lines = [i.name, i.role, `Signerat digitalt ${formatStockholm(i.signedAt)}`];
  if (i.identification) lines.push(i.identification);
  lines.push(`Transaktions-id: ${i.transactionId}`);
  lines.push(`SHA-256: ${i.documentSha256.slice(0, 32)}`, `${i.documentSha256.slice(32)}`);
  return lines;
}
