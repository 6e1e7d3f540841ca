import type { Protocol } from './model';

/**
 * The protocol with the given §§ marked as justerade on their own (omedelbar justering), so the full
 * protocol prints "Paragrafen är justerad" under them. Returns a new object; unknown numbers are ignored.
 */
export function withImmediatelyAdjusted(protocol: Protocol, numbers: Iterable<number>): Protocol {
  const set = new Set(numbers);
  if (set.size === 0) return protocol;
  return { ...protocol, paragraphs: protocol.paragraphs.map((p) => (set.has(p.number) ? { ...p, immediatelyAdjusted: true } : p)) };
}
