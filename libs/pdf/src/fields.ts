/**
 * The names of the form fields in a rendered protocol. Other libs (pades signing, anslag) fill or
 * sign these fields in incremental updates: use these constants, not string literals.
 *
 * Names are fully qualified field names (ISO 32000 12.7.3.2): "anslag.uppsattande" is a terminal
 * field with partial name (/T) "uppsattande" whose /Parent has /T "anslag"; likewise
 * "signatur.1" is the field with /T "1" under the parent field "signatur".
 */
import type { SignatoryRole } from '@justera/protocol';
import { SIGNATURE_CAPTION_SV } from '@justera/sv';

export const ANSLAG_FIELD_PARENT = 'anslag';
export const SIGNATURE_FIELD_PARENT = 'signatur';

export const ANSLAG_FIELDS = {
  /** Datum för anslags uppsättande (YYYY-MM-DD). */
  uppsattande: 'anslag.uppsattande',
  /** Datum för anslags nedtagande (YYYY-MM-DD). */
  nedtagande: 'anslag.nedtagande',
  /** Sista dag att överklaga (YYYY-MM-DD). */
  sistaDagOverklagande: 'anslag.sistaDagOverklagande',
} as const;

/** Fully qualified name of the signature field of the `n`th signatory (1-based, signatories order). */
export function signatureFieldName(n: number): string {
  return `${SIGNATURE_FIELD_PARENT}.${n}`;
}

/** Size of each signature widget, in PDF points: room for name, role, time, transaction id and a SHA-256. */
export const SIGNATURE_FIELD_SIZE = { width: 250, height: 110 } as const;

/**
 * How the undertecknare of a justering round will be identified (its identity level, docs/identity.md):
 * by the personal link mailed to them, or by an e-legitimation at the named provider after the link.
 */
export type SignatoryIdentification = { level: 'e-postlank' } | { level: 'e-legitimation'; provider: string };

/**
 * The Underskrifter page's line for it. The page is rendered when the version is frozen, before anyone
 * signs, so it says how each undertecknare *will be* identified ("Identifieras …"); the signature's own
 * appearance, drawn into the field when it is made, says how they *were* ("Identifierad …").
 */
export function signatoryIdentificationText(i: SignatoryIdentification): string {
  return i.level === 'e-legitimation' ? `Identifieras med e-legitimation (${i.provider})` : 'Identifieras med personlig länk via e-post';
}

/** Role labels as printed in the protocol and used in the signature fields' /TU. */
export const ROLE_LABELS: Readonly<Record<SignatoryRole, string>> = SIGNATURE_CAPTION_SV;

/** The /TU (user name) of a signature field: "Sekreterare: Annelie Ledin". */
export function signatureFieldTooltip(role: SignatoryRole, name: string): string {
  return `${ROLE_LABELS[role]}: ${name}`;
}

/**
 * The font for filling the anslag text fields later. The renderer embeds a small dedicated subset of
 * Noto Sans Regular as `/DR /Font /NotoSans` (the fields' `/DA` is "/NotoSans 10 Tf 0 g") holding
 * exactly these characters, in this order, as glyphs 1, 2, 3 … (Identity-H, so the code of a
 * character is its 1-based index here as two bytes). That lets an incremental update write an
 * appearance stream without parsing the font: see `textFieldAppearance`.
 */
export const FORM_FONT_RESOURCE = 'NotoSans';
export const FORM_FONT_CHARACTERS = '0123456789-.:/ ';
/** Advance widths (per 1 pt of font size) of FORM_FONT_CHARACTERS in Noto Sans Regular. */
const FORM_FONT_WIDTHS: Record<string, number> = {
  '0': 0.572,
  '1': 0.572,
  '2': 0.572,
  '3': 0.572,
  '4': 0.572,
  '5': 0.572,
  '6': 0.572,
  '7': 0.572,
  '8': 0.572,
  '9': 0.572,
  '-': 0.322,
  '.': 0.268,
  ':': 0.268,
  '/': 0.372,
  ' ': 0.26,
};

/** Hex codes (Identity-H) of `text` in the form font; throws for characters it does not hold. */
export function formFontHex(text: string): string {
  let hex = '';
  for (const ch of text) {
    const i = FORM_FONT_CHARACTERS.indexOf(ch);
    if (i < 0) throw new RangeError(`Tecknet "${ch}" finns inte i formulärtypsnittet (${FORM_FONT_CHARACTERS})`);
    hex += (i + 1).toString(16).toUpperCase().padStart(4, '0');
  }
  return hex;
}

/**
 * The content of a normal appearance stream (`/AP /N`) for an anslag text field filled with `text`
 * (e.g. "2025-03-05"): left-aligned, vertically centred, 10 pt. Its form XObject needs
 * `/BBox [0 0 width height]` and `/Resources << /Font << /NotoSans <the /DR font> >> >>`.
 */
export function textFieldAppearance(text: string, width: number, height: number, fontSize = 10): string {
  const hex = formFontHex(text);
  const textWidth = [...text].reduce((w, ch) => w + FORM_FONT_WIDTHS[ch] * fontSize, 0);
  const x = Math.max(2, Math.min(4, (width - textWidth) / 2));
  const y = Math.max(1, (height - fontSize * 0.72) / 2);
  return `/Tx BMC\nq\nBT\n/${FORM_FONT_RESOURCE} ${fontSize} Tf\n0 g\n${x.toFixed(2)} ${y.toFixed(2)} Td\n<${hex}> Tj\nET\nQ\nEMC\n`;
}
