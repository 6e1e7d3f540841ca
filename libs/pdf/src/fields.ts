/**
 * The names of the form fields in a rendered protocol. Other libs (pades signing, anslag) fill or
 * sign these fields in incremental updates: use these constants, not string literals.
 *
 * Names are fully qualified field names (ISO 32000 12.7.3.2): "anslag.uppsattande" is a terminal
 * field with partial name (/T) "uppsattande" whose /Parent has /T "anslag"; likewise
 * "signatur.1" is the field with /T "1" under the parent field "signatur".
 */
import type { SignatoryRole } from '@justera/protocol';

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

/** Role labels as printed in the protocol and used in the signature fields' /TU. */
export const ROLE_LABELS: Record<SignatoryRole, string> = {
  sekreterare: 'Sekreterare',
  ordforande: 'Ordförande',
  justerare: 'Justerande',
};

/** The /TU (user name) of a signature field: "Sekreterare: Annelie Ledin". */
export function signatureFieldTooltip(role: SignatoryRole, name: string): string {
  return `${ROLE_LABELS[role]}: ${name}`;
}
