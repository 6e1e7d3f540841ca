/**
 * The words for the three signer roles (docs/architecture.md, "Swedish words"):
 * - the role is "sekreterare", "ordförande", "justerare" — in running text, in lower case
 *   ("signera som justerare"), and capitalised where it stands alone as a label (a table cell, a
 *   signature's role line);
 * - "Justerande" is only the caption of the paper protocol's signature block and its boxes
 *   ("Justerande", "Justerandes signatur"), kept in the PDF and its HTML rendering because readers
 *   know the printed protocol that way (docs/pdf.md).
 */
export type SignerRoleKey = 'sekreterare' | 'ordforande' | 'justerare';

/** In running text: "signera som ordförande". */
export const ROLE_SV: Readonly<Record<SignerRoleKey, string>> = { sekreterare: 'sekreterare', ordforande: 'ordförande', justerare: 'justerare' };

/** Standing alone as a label: "Ordförande". */
export const ROLE_LABEL_SV: Readonly<Record<SignerRoleKey, string>> = { sekreterare: 'Sekreterare', ordforande: 'Ordförande', justerare: 'Justerare' };

/** The printed protocol's signature block captions: "Sekreterare", "Ordförande", "Justerande". */
export const SIGNATURE_CAPTION_SV: Readonly<Record<SignerRoleKey, string>> = { sekreterare: 'Sekreterare', ordforande: 'Ordförande', justerare: 'Justerande' };

function isRole(role: string): role is SignerRoleKey {
  return Object.prototype.hasOwnProperty.call(ROLE_SV, role);
}

/** The role in running text; an unknown value is shown as it is. */
export function roleSv(role: string): string {
  return isRole(role) ? ROLE_SV[role] : role;
}

/** The role as a label; an unknown value is shown as it is. */
export function roleLabelSv(role: string): string {
  return isRole(role) ? ROLE_LABEL_SV[role] : role;
}
