import { createHash, randomUUID } from 'node:crypto';
import { DomainError, invalidRequest } from '@justera/application';
import { type Protocol, validateProtocol, withImmediatelyAdjusted } from '@justera/protocol';
import { paragraphsJusteradeOnTheirOwn } from '../queries/justerade-paragraphs';
import type { FrozenDocument, JusteringStore, ProtocolFacts, ProtocolFreezer } from './ports';

/**
 * The PDF a round freezes (StartJustering, FreezeNewVersion): an uploaded protocol's stored PDF
 * (never an excerpt of it), or the structured protocol rendered, whole or as a protokollsutdrag of
 * `paragraphs`. The structured protocol is `corrected` or the stored one, which must be complete (a
 * draft autosaved half-written cannot be frozen). In a whole protocol the §§ already justerade on
 * their own (completed omedelbar-justering rounds) say so.
 */
export async function freezeProtocol(
  store: JusteringStore,
  freezer: ProtocolFreezer,
  p: ProtocolFacts,
  paragraphs: number[] | null,
  identityLevel: string,
  corrected?: Protocol,
): Promise<{ bytes: Uint8Array; fileName: string }> {
  if (p.source === 'uploaded') {
    if (paragraphs)
      throw new DomainError(
        'excerpt_of_upload',
        'Omedelbar justering av enskilda paragrafer kräver ett strukturerat protokoll; ladda upp utdraget som ett eget protokoll.',
      );
    return freezer.freeze({ protocol: p, identityLevel });
  }
  let protocol = corrected;
  if (!protocol) {
    const v = validateProtocol(p.data);
    if (!v.ok)
      throw invalidRequest(`Protokollet är inte komplett: ${v.errors.map((e) => `${e.path}: ${e.messageSv}`).join('; ')}`, v.errors);
    protocol = v.protocol;
  }
  if (!paragraphs) {
    const rounds = await store.roundsOfProtocol(p.organisationId, p.id);
    protocol = withImmediatelyAdjusted(protocol, paragraphsJusteradeOnTheirOwn(rounds));
  }
  return freezer.freeze({ protocol: p, identityLevel, render: { protocol, paragraphs } });
}

/**
 * The PDF is frozen before the protocol lock (rendering takes a while): under the lock the protocol
 * row must be the one it was frozen from. A write in between (an editor's save, another start or
 * corrected version) moved its row version, and the PDF may not show the protocol as stored: `stale`,
 * and the secretary tries again.
 */
export function requireUnchanged(frozenFrom: ProtocolFacts, locked: ProtocolFacts): void {
  if (locked.rowVersion !== frozenFrom.rowVersion)
    throw new DomainError('stale', 'Protokollet ändrades medan PDF:en skapades; försök igen.');
}

/** The frozen bytes as the organisation's document, with their SHA-256 (what every approval names). */
export function frozenDocument(p: ProtocolFacts, bytes: Uint8Array, fileName: string, now: Date): FrozenDocument {
  return {
    id: randomUUID(),
    organisationId: p.organisationId,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.length,
    mediaType: 'application/pdf',
    fileName,
    content: bytes,
    createdAt: now,
  };
}
