import { PROTOCOL_DOCUMENT_SV, type ProtocolDocumentKind } from '@justera/sv';
import type { Evidence } from './evidence';
import type { EvidenceProtocol, NamedDocument } from './ports';

/**
 * Where a stored PDF sits in a protocol's justering and anslag (libs/persistence's DocumentPlace):
 * frozen: the version every signer approved; signed: after a signature; renewed: the signed document
 * with a later archive time-stamp; anslag: with the ANSLAG fields filled; anslagsbevis: the notice's
 * certificate of posting; upload: the protocol's own document.
 */
export interface KnownPlace {
  roundId: string | null;
  versionId: string | null;
  kind: 'frozen' | 'signed' | 'renewed' | 'anslag' | 'anslagsbevis' | 'upload';
  documentId: string;
  /** For kind 'signed': the transaction id of the signature that produced this revision. */
  transactionId: string | null;
}

/** What Justera tells anyone about a document it knows (docs/validation.md): only what is public for a justerat protocol. */
export interface KnownDocument {
  protocolId: string;
  title: string;
  organ: string;
  meetingDate: string;
  status: string;
  /**
   * Which of the protocol's named documents this exact file is (docs/glossary.md, "The documents of a
   * protocol"): the frozen version, the justerat PDF, the posted PDF or the anslagsbevis; null for a
   * file that is none of them (a revision between two signatures, a justerat PDF since renewed).
   */
  document: { kind: ProtocolDocumentKind; name: string; description: string } | null;
  /** What this exact file is: the frozen version, a revision after a signature, or with the ANSLAG fields filled. */
  match: {
    kind: KnownPlace['kind'];
    versionNumber: number | null;
    roundId: string | null;
    afterSignatureOf: { name: string; role: string } | null;
    transactionId: string | null;
  };
  /** current = false: a later version replaced this one (its approvals are void). */
  version: { number: number; sha256: string; current: boolean } | null;
  /** identifiedSv: how the signer was identified, in Swedish ("e-postlänk", "e-legitimation (Freja eID) som Anna Berg"). */
  signers: {
    name: string;
    role: string;
    signedAt: string;
    transactionId: string;
    identityLevel?: 'e-postlank' | 'e-legitimation';
    identifiedSv?: string;
  }[];
  /** The signed revisions Justera made of this version (size in bytes: where each signature's ByteRange ends). */
  signedRevisions: { size: number; sha256: string; transactionId: string }[];
  anslag: { postedDate: string | null; lastAppealDay: string | null; takeDownDate: string | null }[];
  /** The full evidence, only for a caller allowed 'evidence.read' on the protocol's organ. */
  evidence?: Evidence;
}

/** The most specific place of a file first: a signed revision (or its renewal), then the ANSLAG fields, then a frozen version. */
export function byMostSpecificPlace(a: Pick<KnownPlace, 'kind'>, b: Pick<KnownPlace, 'kind'>): number {
  const rank = { signed: 0, renewed: 0, anslag: 1, anslagsbevis: 1, frozen: 2, upload: 3 } as const;
  return rank[a.kind] - rank[b.kind];
}

/** Anyone may learn of a document once it is justerat: the whole protocol, or the round (an omedelbar justering) it belongs to. */
export function isPublicDocument(protocolStatus: string, roundStatus: string | null): boolean {
  return protocolStatus === 'justerat' || roundStatus === 'completed';
}

/**
 * What a known document is (pure): the version it is or was signed from, the signature that produced
 * it, the signers of that version (of its round, or of every completed round for a protocol's own
 * document) with how each was identified, and the notices' dates; the whole evidence only when `mayRead`.
 */
export function describeKnownDocument(input: {
  protocol: EvidenceProtocol;
  evidence: Evidence;
  place: KnownPlace;
  /** The named document with the file's document id, if any. */
  named: NamedDocument | undefined;
  mayRead: boolean;
}): KnownDocument {
  const { protocol: p, evidence, place, named, mayRead } = input;
  const round = evidence.rounds.find((r) => r.id === place.roundId) ?? null;
  const roundIds = round ? [round.id] : evidence.rounds.filter((r) => r.status === 'completed').map((r) => r.id);
  const version =
    evidence.versions.find((v) => (place.versionId ? v.id === place.versionId : v.roundId === round?.id && v.current)) ?? null;
  const signer = place.transactionId ? (evidence.signers.find((s) => s.transactionId === place.transactionId) ?? null) : null;
  const versionNo = version?.number ?? signer?.versionNumber ?? null;
  return {
    document: named ? { kind: named.kind, name: named.titleSv, description: PROTOCOL_DOCUMENT_SV[named.kind].description } : null,
    protocolId: p.id,
    title: p.title,
    organ: evidence.protocol.organ,
    meetingDate: p.meetingDate,
    status: p.status,
    match: {
      kind: place.kind,
      versionNumber: versionNo,
      roundId: place.roundId,
      afterSignatureOf: signer ? { name: signer.name, role: signer.role } : null,
      transactionId: place.transactionId,
    },
    version: version ? { number: version.number, sha256: version.sha256, current: version.current } : null,
    signers: evidence.signers
      .filter((s) => roundIds.includes(s.roundId) && (versionNo === null || s.versionNumber === versionNo))
      .map((s) => ({
        name: s.name,
        role: s.role,
        signedAt: s.signedAt,
        transactionId: s.transactionId,
        identityLevel: s.identityLevel,
        identifiedSv: s.identity ? `e-legitimation (${s.identity.provider}) som ${s.identity.name}` : 'e-postlänk',
      })),
    signedRevisions: version
      ? version.signedRevisions.map((r) => ({ size: r.size, sha256: r.sha256, transactionId: r.transactionId }))
      : [],
    anslag: evidence.anslag
      .filter((a) => roundIds.includes(a.roundId))
      .map((a) => ({ postedDate: a.postedDate, lastAppealDay: a.lastAppealDay, takeDownDate: a.takeDownDate })),
    ...(mayRead ? { evidence } : {}),
  };
}
