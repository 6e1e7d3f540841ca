/**
 * The order the links go out: sekreterare, ordförande, justerare. No imports, so that the workspace
 * (apps/web, bundled for the browser) can import this file as it is and show the order the round uses.
 */
export type SignerRole = 'sekreterare' | 'ordforande' | 'justerare';

export const ROLE_RANK: Readonly<Record<SignerRole, number>> = { sekreterare: 0, ordforande: 1, justerare: 2 };

/** `list` in signing order (sekreterare, ordförande, justerare), keeping the given order within a role. */
export function bySigningOrder<T extends { role: SignerRole }>(list: readonly T[]): T[] {
  // Array.prototype.sort is stable: justerare keep their order.
  return [...list].sort((a, b) => ROLE_RANK[a.role] - ROLE_RANK[b.role]);
}
