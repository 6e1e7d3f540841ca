/**
 * The seam to the cryptographic signature (docs/signatures.md). Approving a version is a use case; the
 * document signer is a port it calls: given the current bytes of the version's PDF and who approves
 * it, it returns the new bytes (e.g. with the signer's PAdES signature appended incrementally).
 */
/** How a signatory is identified today (recorded with each approval and passed to the signer). */
export const IDENTIFIED_BY_EMAIL_LINK = 'E-postlänk (personlig länk skickad till undertecknarens e-postadress)';

/** How a signatory is identified in a round that requires e-legitimation (docs/identity.md). */
export function identifiedByElegitimation(provider: string): string {
  return `E-legitimation (${provider}) efter personlig länk via e-post`;
}

/**
 * The signature appearance's line saying how the signer was identified (docs/identity.md):
 * "Identifierad med e-legitimation (<provider>)" after an e-legitimation, else
 * "Identifierad: personlig länk via e-post".
 */
export function identificationLine(verified?: { provider: string }): string {
  return verified ? `Identifierad med e-legitimation (${verified.provider})` : 'Identifierad: personlig länk via e-post';
}

export interface SignDocumentInput {
  pdf: Uint8Array;
  /**
   * The protocol's organisation as stored now (the name an admin sets on /admin/organisation): the
   * signer certificate's O names it — never an environment default (docs/signatures.md).
   */
  organisation: { id: string; name: string };
  /** 1-based signature number in signing order (the `signatur.N` field). */
  fieldIndex: number;
  signer: { name: string; role: 'sekreterare' | 'ordforande' | 'justerare'; email: string };
  /** SHA-256 (hex) of the frozen version the signer approved. */
  approvedSha256: string;
  signedAt: Date;
  transactionId: string;
  /** How the signer was identified, e.g. "E-postlänk". */
  identifiedBy: string;
  /**
   * The identity an e-legitimation verified (docs/identity.md): the signer certificate names this person and the
   * appearance says "Identifierad med e-legitimation (<provider>)". Absent: identified by the link.
   */
  verified?: { name: string; provider: string };
  /**
   * The first signature of a version (the sekreterare's): it certifies the document, allowing only
   * later signatures and form filling (the ANSLAG dates) afterwards (DocMDP P=2).
   */
  certify: boolean;
  /** The last signature of the round: the signer adds what long-term validation needs (PAdES B-LT/B-LTA). */
  final: boolean;
}

export interface SignDocumentResult {
  pdf: Uint8Array;
  /** What was done, for the audit trail (e.g. "pades-b-b", "pades-b-t+lta"). */
  method: string;
}

export abstract class DocumentSigner {
  abstract sign(input: SignDocumentInput): Promise<SignDocumentResult>;
}
