/**
 * Which cryptographic signature the worker appends next to a version's PDF (pure; see
 * docs/justering.md "Approval and signature"). An approval is recorded at once in the signer's
 * request; the signature itself is appended by the `justering.sign` job, one at a time per version, in
 * the order the approvals were given — so every signature covers the ones before it.
 */
import type { SignerRole } from './round';

export interface SigningSlot {
  id: string;
  role: SignerRole;
  position: number;
  /** The signatory approved the current version (state 'signed'). */
  approved: boolean;
  /** When they approved; the order the signatures are appended in. */
  approvedAt: Date | null;
  /** The signature is in the PDF. */
  applied: boolean;
}

export interface SigningStep {
  /** The signatory whose signature goes in now. */
  next: SigningSlot;
  /** The first signature in the PDF, and it is the sekreterare's: it certifies the document (DocMDP P=2). */
  certify: boolean;
  /** Every signatory has approved and this is the last signature: add the long-term validation data and complete the round. */
  final: boolean;
}

/** The next signature to append, or null when every approval given so far is already in the PDF. */
export function nextSignature(slots: readonly SigningSlot[]): SigningStep | null {
  const pending = slots
    .filter((s) => s.approved && !s.applied)
    .sort((a, b) => (a.approvedAt?.getTime() ?? 0) - (b.approvedAt?.getTime() ?? 0) || a.position - b.position);
  if (pending.length === 0) return null;
  const next = pending[0];
  const noneApplied = slots.every((s) => !s.applied);
  const final = slots.every((s) => s.approved) && pending.length === 1;
  return { next, certify: noneApplied && next.role === 'sekreterare', final };
}

/** Every signatory has approved and every signature is in the PDF. */
export function allSignaturesApplied(slots: readonly SigningSlot[]): boolean {
  return slots.length > 0 && slots.every((s) => s.approved && s.applied);
}

/** The legal justering time: when the last signatory approved (not when the worker appended the signature). */
export function justeradAt(slots: readonly SigningSlot[]): Date | null {
  if (!slots.length || !slots.every((s) => s.approved && s.approvedAt)) return null;
  return new Date(Math.max(...slots.map((s) => s.approvedAt!.getTime())));
}
