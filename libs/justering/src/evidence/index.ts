// The evidence read model (Verifieringsunderlag, docs/signatures.md): the pure builder and its query.
export type {
  Evidence,
  EvidenceAnslag,
  EvidenceDocument,
  EvidenceEvent,
  EvidenceIdentity,
  EvidenceSigner,
  EvidenceVersion,
} from './evidence';
export type {
  EvidenceProtocol,
  EvidenceReads,
  EvidenceRound,
  EvidenceSignatory,
  EvidenceVersionFacts,
  NamedDocument,
  NoticeFacts,
  PostingFacts,
  ProtocolDocumentList,
  StoredDocumentFacts,
} from './ports';
export { appliedSignatureEvents, buildEvidence, evidenceDocumentIds, type EvidenceFacts } from './build-evidence';
export { GetEvidence, type GetEvidenceQuery } from './get-evidence';
export { byMostSpecificPlace, describeKnownDocument, isPublicDocument, type KnownDocument, type KnownPlace } from './known-document';
