import { Inject, Injectable } from '@nestjs/common';
import { authorize } from '@justera/auth';
import {
  byMostSpecificPlace,
  describeKnownDocument,
  type EvidenceReads,
  GetEvidence,
  isPublicDocument,
  type KnownDocument,
  type KnownPlace,
  ProtocolDocuments,
} from '@justera/justering';
import { EVIDENCE_READS, EvidenceRepository, ProtocolsRepository } from '@justera/persistence';
import type { AuthContext } from '../auth/auth-context';

export type { KnownDocument } from '@justera/justering';

/** A document's place with the protocol it belongs to. */
type Place = KnownPlace & { organisationId: string; protocolId: string };

/**
 * Recognises a document Justera holds (docs/validation.md, "Known documents"): finds its places and
 * hands them to libs/justering's `describeKnownDocument`, with the evidence from `GetEvidence`.
 */
@Injectable()
export class EvidenceService {
  constructor(
    private readonly protocols: ProtocolsRepository,
    private readonly evidence: EvidenceRepository,
    @Inject(EVIDENCE_READS) private readonly reads: EvidenceReads,
    private readonly getEvidence: GetEvidence,
    private readonly documents: ProtocolDocuments,
  ) {}

  /**
   * Recognises a document by its SHA-256 (frozen version, signed revision, filled ANSLAG fields,
   * or the uploaded document of a justerat protocol). Anyone learns the public facts of a justerat
   * protocol; a caller allowed 'evidence.read' also gets the evidence.
   */
  async knownBySha256(sha256: string, auth?: AuthContext): Promise<KnownDocument | null> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
    const docs = await this.evidence.documentsBySha256(sha256);
    const places = await this.evidence.placesOfDocuments(docs);
    places.sort(byMostSpecificPlace);
    for (const place of places) {
      const k = await this.describe(place, auth);
      if (k) return k;
    }
    const p = await this.protocols.findPublishedBySha256(sha256);
    if (p)
      return this.describe(
        {
          organisationId: p.organisationId,
          protocolId: p.id,
          roundId: null,
          versionId: null,
          kind: 'upload',
          documentId: p.documentId ?? '',
          transactionId: null,
        },
        auth,
      );
    return null;
  }

  /** Looks up a signature's transaction id (shown in the signature's appearance). */
  async knownByTransaction(transactionId: string, auth?: AuthContext): Promise<KnownDocument | null> {
    if (!/^[0-9a-f-]{36}$/i.test(transactionId)) return null;
    const e = await this.evidence.signedEventByTransaction(transactionId.toLowerCase());
    if (!e) return null;
    const data = JSON.parse(e.data) as { versionId?: string; revisionDocumentId?: string | null };
    return this.describe(
      {
        organisationId: e.organisationId,
        protocolId: e.protocolId,
        roundId: e.roundId,
        versionId: data.versionId ?? null,
        kind: 'signed',
        documentId: data.revisionDocumentId ?? '',
        transactionId: e.transactionId,
      },
      auth,
    );
  }

  private async describe(place: Place, auth?: AuthContext): Promise<KnownDocument | null> {
    const p = await this.reads.protocol(place.organisationId, place.protocolId);
    if (!p) return null;
    const round = (await this.reads.rounds(p.organisationId, p.id)).find((r) => r.id === place.roundId) ?? null;
    const mayRead = !!auth && authorize(auth.principal, 'evidence.read', { organisationId: p.organisationId, organId: p.organId }).allowed;
    if (!isPublicDocument(p.status, round?.status ?? null) && !mayRead) return null;
    const evidence = await this.getEvidence.of(p);
    const named = (await this.documents.of(p)).find((d) => d.documentId === place.documentId);
    return describeKnownDocument({ protocol: p, evidence, place, named, mayRead });
  }
}
