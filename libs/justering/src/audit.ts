import { createHash } from 'node:crypto';

/**
 * The audit trail of a protocol's justering as a hash chain: each event stores the hash of the one
 * before it, and its own hash covers its content and that link. Editing, deleting or reordering any
 * stored event breaks verification from that event on.
 */
export type AuditEventType =
  | 'round.created'
  | 'version.frozen'
  | 'mail.queued'
  | 'link.opened'
  | 'signed'
  | 'change.requested'
  | 'reminded'
  | 'link.resent'
  | 'email.changed'
  | 'deadline.warned'
  | 'cancelled'
  | 'approved.all'
  | 'signature.applied'
  | 'signing.failed'
  | 'completed'
  | 'document.renewed';

export interface AuditContent {
  /** 1, 2, 3 … per protocol, no gaps. */
  seq: number;
  protocolId: string;
  roundId: string;
  type: AuditEventType | string;
  at: Date;
  /** "user:<id>", "apikey:<id>", "signatory:<id>" or "system". */
  actor: string;
  ip: string | null;
  userAgent: string | null;
  transactionId: string;
  data: Record<string, unknown>;
}

export interface AuditRecord extends AuditContent {
  prevHash: string;
  hash: string;
}

/** The hash of "no previous event". */
export const GENESIS_HASH = '0'.repeat(64);

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    return Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  }
  return v;
}

/** Canonical bytes of an event: JSON with sorted keys, the time in ISO 8601 with milliseconds (UTC). */
export function canonicalEvent(e: AuditContent): string {
  return JSON.stringify(
    sortKeys({
      seq: e.seq,
      protocolId: e.protocolId,
      roundId: e.roundId,
      type: e.type,
      at: new Date(e.at).toISOString(),
      actor: e.actor,
      ip: e.ip ?? null,
      userAgent: e.userAgent ?? null,
      transactionId: e.transactionId,
      data: e.data ?? {},
    }),
  );
}

/** SHA-256 (hex) over "justera-audit-v1\n" + prevHash + "\n" + the canonical event. */
export function auditHash(prevHash: string, e: AuditContent): string {
  return createHash('sha256').update(`justera-audit-v1\n${prevHash}\n${canonicalEvent(e)}`, 'utf8').digest('hex');
}

/** Links a new event after `previous` (or first in the chain). */
export function chainEvent(previous: Pick<AuditRecord, 'seq' | 'hash'> | null, e: Omit<AuditContent, 'seq'>): AuditRecord {
  const content: AuditContent = { ...e, seq: previous ? previous.seq + 1 : 1 };
  const prevHash = previous ? previous.hash : GENESIS_HASH;
  return { ...content, prevHash, hash: auditHash(prevHash, content) };
}

export interface ChainVerdict {
  ok: boolean;
  count: number;
  /** The first event that does not verify, and why (English code + Swedish text). */
  firstBad?: { seq: number; problem: 'hash_mismatch' | 'broken_link' | 'sequence_gap'; messageSv: string };
  /** The hash of the last event: publish or store it elsewhere to detect a rewritten chain. */
  head: string;
}

/** Recomputes the chain in seq order. */
export function verifyChain(events: readonly AuditRecord[]): ChainVerdict {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  let prev = GENESIS_HASH;
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i];
    if (e.seq !== i + 1) return { ok: false, count: sorted.length, head: prev, firstBad: { seq: e.seq, problem: 'sequence_gap', messageSv: `Händelse nr ${i + 1} saknas.` } };
    if (e.prevHash !== prev) return { ok: false, count: sorted.length, head: prev, firstBad: { seq: e.seq, problem: 'broken_link', messageSv: `Händelse nr ${e.seq} pekar inte på händelsen före.` } };
    if (auditHash(prev, e) !== e.hash) return { ok: false, count: sorted.length, head: prev, firstBad: { seq: e.seq, problem: 'hash_mismatch', messageSv: `Händelse nr ${e.seq} har ändrats i efterhand.` } };
    prev = e.hash;
  }
  return { ok: true, count: sorted.length, head: prev };
}
