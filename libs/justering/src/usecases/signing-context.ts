import type { SigningSlot, SigningStep } from '../signing';
import type { Signatory, Version } from './ports';

/** Rounds in these states take signatures; a cancelled, changed or finished round does not. */
export const SIGNABLE: ReadonlySet<string> = new Set(['active', 'signing']);

/** Where each signatory stands on the version's PDF: approved it, and is the signature in it yet. */
export function slotsOf(sigs: Signatory[], version: Version): SigningSlot[] {
  return sigs.map((s) => {
    const approved = s.state === 'signed' && s.signedSha256 === version.sha256;
    return {
      id: s.id,
      role: s.role,
      position: s.position,
      approved,
      approvedAt: approved ? s.signedAt : null,
      applied: approved && !!s.signatureAppliedAt,
    };
  });
}

export function sameStep(a: SigningStep | null, b: SigningStep | null): boolean {
  return !!a && !!b && a.next.id === b.next.id && a.certify === b.certify && a.final === b.final;
}

/** A signer's error as kept on the round and in the audit trail (at most 480 characters). */
export function errorText(err: unknown): string {
  const text = err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
  return text.slice(0, 480);
}
