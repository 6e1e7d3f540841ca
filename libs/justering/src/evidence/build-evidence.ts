import { type AuditRecord, verifyChain } from '../audit';
import type { Evidence, EvidenceAnslag, EvidenceIdentity, EvidenceSigner, EvidenceVersion } from './evidence';
import type {
  EvidenceProtocol,
  EvidenceRound,
  EvidenceSignatory,
  EvidenceVersionFacts,
  NamedDocument,
  NoticeFacts,
  PostingFacts,
  StoredDocumentFacts,
} from './ports';

/** Everything the evidence of one protocol is made of, read beforehand (GetEvidence). */
export interface EvidenceFacts {
  generatedAt: Date;
  /** The installation's public base URL: the documents' downloads are absolute. */
  publicUrl: string;
  protocol: EvidenceProtocol;
  organ: string;
  rounds: EvidenceRound[];
  versions: EvidenceVersionFacts[];
  signatories: EvidenceSignatory[];
  events: AuditRecord[];
  /** The stored documents `evidenceDocumentIds` names (signed revisions, the notices' documents). */
  documents: StoredDocumentFacts[];
  notices: NoticeFacts[];
  postings: PostingFacts[];
  protocolDocuments: NamedDocument[];
}

const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * The events that put an approval's signature into the PDF: 'signature.applied' (the worker appending
 * the cryptographic signature as a new revision, under the approval's transaction id), or a 'signed'
 * event carrying its own revision (the same thing recorded in one step).
 */
export function appliedSignatureEvents(events: readonly AuditRecord[]): AuditRecord[] {
  return events.filter((e) => (e.type === 'signature.applied' || e.type === 'signed') && typeof e.data.revisionDocumentId === 'string');
}

/** The stored documents the evidence reports the hash of: each signed revision, each notice's filled PDF and anslagsbevis. */
export function evidenceDocumentIds(events: readonly AuditRecord[], notices: readonly NoticeFacts[]): string[] {
  const ids = [
    ...appliedSignatureEvents(events).map((e) => e.data.revisionDocumentId as string),
    ...notices.flatMap((n) => [n.filledDocumentId, n.bevisDocumentId]).filter((x): x is string => !!x),
  ];
  return [...new Set(ids)];
}

/**
 * The Verifieringsunderlag of a protocol from its facts (pure): which 'signed' event is an approval and
 * which signature (same transaction id) put it into the PDF, which revisions and archive renewals belong
 * to which version, the audit chain's verdict, and the notices with their postings and documents.
 */
export function buildEvidence(f: EvidenceFacts): Evidence {
  const docs = new Map(f.documents.map((d) => [d.id, d]));
  const applied = appliedSignatureEvents(f.events);
  const appliedByTx = new Map(applied.map((e) => [e.transactionId, e]));
  const versionNumber = new Map(f.versions.map((v) => [v.id, v.number]));
  const verification = verifyChain(f.events);

  // 'signed' is the approval.
  const signers: EvidenceSigner[] = f.events
    .filter((e) => e.type === 'signed')
    .map((e) => {
      const sig = f.signatories.find((s) => s.id === e.data.signatoryId);
      const app = appliedByTx.get(e.transactionId);
      const rev = app ? docs.get(app.data.revisionDocumentId as string) : undefined;
      return {
        roundId: e.roundId,
        versionNumber: versionNumber.get(String(e.data.versionId)) ?? null,
        name: String(e.data.name ?? sig?.name ?? ''),
        role: String(e.data.role ?? sig?.role ?? ''),
        email: sig?.email ?? null,
        identifiedBy: typeof e.data.identifiedBy === 'string' ? e.data.identifiedBy : null,
        identityLevel: e.data.identityLevel === 'e-legitimation' ? 'e-legitimation' : 'e-postlank',
        identity: e.data.identity && typeof e.data.identity === 'object' ? (e.data.identity as EvidenceIdentity) : null,
        method: typeof app?.data.signatureMethod === 'string' ? app.data.signatureMethod : null,
        signedAt: iso(e.at),
        ip: e.ip,
        userAgent: e.userAgent,
        transactionId: e.transactionId,
        approvedSha256: typeof e.data.sha256 === 'string' ? e.data.sha256 : null,
        revisionSha256: rev?.sha256 ?? null,
        signatureAppliedAt: app ? iso(app.at) : null,
      };
    });

  const versions: EvidenceVersion[] = f.rounds.flatMap((r) =>
    f.versions
      .filter((v) => v.roundId === r.id)
      .map((v) => ({
        id: v.id,
        roundId: r.id,
        number: v.number,
        sha256: v.sha256,
        previousSha256: v.previousSha256,
        size: v.size,
        createdAt: iso(v.createdAt),
        reason: v.reason,
        current: r.currentVersionId === v.id,
        signedRevisions: applied
          .filter((e) => e.data.versionId === v.id && docs.has(e.data.revisionDocumentId as string))
          .map((e) => {
            const d = docs.get(e.data.revisionDocumentId as string)!;
            return { sha256: d.sha256, size: d.size, transactionId: e.transactionId };
          }),
        renewals: f.events
          .filter((e) => e.type === 'document.renewed' && e.data.versionId === v.id)
          .map((e) => ({
            at: iso(e.at),
            fromSha256: String(e.data.sha256 ?? ''),
            sha256: String(e.data.renewedSha256 ?? ''),
            size: Number(e.data.renewedSize ?? 0),
            protectedUntil: typeof e.data.protectedUntilAfter === 'string' ? e.data.protectedUntilAfter : null,
          })),
      })),
  );

  const anslag: EvidenceAnslag[] = f.notices.map((n) => {
    const bevis = n.bevisDocumentId ? docs.get(n.bevisDocumentId) : undefined;
    return {
      noticeId: n.id,
      roundId: n.roundId,
      state: n.state,
      justeradAt: iso(n.justeradAt),
      postedDate: n.postedDate,
      lastAppealDay: n.lastAppealDay,
      takeDownDate: n.takeDownDate,
      takenDownAt: n.takenDownAt ? iso(n.takenDownAt) : null,
      storagePlace: n.storagePlace,
      postings: f.postings
        .filter((x) => x.noticeId === n.id)
        .map((x) => ({ board: x.boardName, kind: x.kind, postedDate: x.postedDate, postedAt: x.postedAt ? iso(x.postedAt) : null })),
      filledDocumentSha256: n.filledDocumentId ? (docs.get(n.filledDocumentId)?.sha256 ?? null) : null,
      anslagsbevis: n.bevisDocumentId && bevis ? { documentId: n.bevisDocumentId, sha256: bevis.sha256 } : null,
    };
  });

  const p = f.protocol;
  return {
    schema: 'justera.evidence/1',
    generatedAt: f.generatedAt.toISOString(),
    protocol: { id: p.id, title: p.title, organ: f.organ, meetingDate: p.meetingDate, status: p.status },
    rounds: f.rounds.map((r) => ({
      id: r.id,
      paragraphs: r.paragraphs,
      status: r.status,
      signingOrder: r.signingOrder,
      deadline: r.deadline,
      createdAt: iso(r.createdAt),
      completedAt: r.completedAt ? iso(r.completedAt) : null,
    })),
    versions,
    signers,
    audit: {
      chainValid: verification.ok,
      verification,
      events: f.events.map((e) => ({
        seq: e.seq,
        type: e.type,
        at: iso(e.at),
        actor: e.actor,
        ip: e.ip,
        userAgent: e.userAgent,
        transactionId: e.transactionId,
        roundId: e.roundId,
        data: e.data,
        prevHash: e.prevHash,
        hash: e.hash,
      })),
    },
    anslag,
    documents: f.protocolDocuments.map((d) => ({
      kind: d.kind,
      name: d.nameSv,
      title: d.titleSv,
      relation: d.relationSv,
      roundId: d.roundId,
      versionNumber: d.versionNumber,
      current: d.current,
      sha256: d.sha256,
      size: d.size,
      url: `${f.publicUrl}${d.url}`,
      publicUrl: d.publicUrl,
      containsSha256: d.contains?.sha256 ?? null,
    })),
  };
}
