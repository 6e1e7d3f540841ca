import { formatTimestampSv, PROTOCOL_DOCUMENT_SV, roleLabelSv } from '@justera/sv';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@justera/config';
import { verifyChain, type ChainVerdict } from '@justera/justering';
import {
  AnslagRepository,
  EvidenceRepository,
  JusteringRepository,
  OrganisationsRepository,
  ProtocolsRepository,
  type DocumentPlace,
} from '@justera/persistence';
import type { ProtocolEntity } from '@justera/persistence';
import { authorize } from '@justera/auth';
import type { AuthContext } from '../auth/auth-context';
import { ensureAllowed } from '../auth/policy';
import { DomainError } from '@justera/application';
import { SealedDocumentService } from '../common/sealed-document.service';
import { ProtocolDocumentsService, type ProtocolDocument } from '../documents/protocol-documents.service';

export interface EvidenceSigner {
  roundId: string;
  versionNumber: number | null;
  name: string;
  role: string;
  email: string | null;
  /** How the signer was identified (e-mailed link) and how the signature was made. */
  identifiedBy: string | null;
  /** The round's identity level for this approval: e-postlank, or e-legitimation (docs/identity.md). */
  identityLevel: 'e-postlank' | 'e-legitimation';
  /** With e-legitimation: who the provider verified (never a token, never the personal identity number). */
  identity: { provider: string; iss: string; sub: string; name: string; authTime: string | null; acr: string | null } | null;
  method: string | null;
  signedAt: string;
  ip: string | null;
  userAgent: string | null;
  transactionId: string;
  approvedSha256: string | null;
  /** SHA-256 of the PDF revision this signature produced. */
  revisionSha256: string | null;
  /** When the worker appended the cryptographic signature to the PDF (null: not yet). */
  signatureAppliedAt: string | null;
}

export interface EvidenceVersion {
  id: string;
  roundId: string;
  number: number;
  sha256: string;
  previousSha256: string | null;
  size: number;
  createdAt: string;
  reason: string | null;
  current: boolean;
  /** The signed revisions of this version, in order (after signature 1, 2, …). */
  signedRevisions: { sha256: string; size: number; transactionId: string }[];
  /**
   * PAdES-LTA archive renewals of the final signed document, in order (audit events
   * `document.renewed`): each the previous bytes plus a new DSS and document time-stamp.
   */
  renewals: { at: string; fromSha256: string; sha256: string; size: number; protectedUntil: string | null }[];
}

export interface EvidenceAnslag {
  noticeId: string;
  roundId: string;
  state: string;
  justeradAt: string;
  postedDate: string | null;
  lastAppealDay: string | null;
  takeDownDate: string | null;
  takenDownAt: string | null;
  storagePlace: string;
  postings: { board: string; kind: string; postedDate: string | null; postedAt: string | null }[];
  filledDocumentSha256: string | null;
  anslagsbevis: { documentId: string; sha256: string } | null;
}

/**
 * A document of the protocol (ProtocolDocumentsService) in the evidence: its own SHA-256 and size next
 * to its own download (`url`, absolute: for a signed-in user who may read the protocol; `publicUrl`
 * on the anslagstavla when published) and how it relates to the document it contains.
 */
export interface EvidenceDocument {
  kind: ProtocolDocument['kind'];
  name: string;
  title: string;
  relation: string | null;
  roundId: string;
  versionNumber: number | null;
  current: boolean;
  sha256: string;
  size: number;
  url: string;
  publicUrl: string | null;
  containsSha256: string | null;
}

/** The Verifieringsunderlag of a protocol (issue 5), as JSON. */
export interface Evidence {
  schema: 'justera.evidence/1';
  generatedAt: string;
  protocol: { id: string; title: string; organ: string; meetingDate: string; status: string };
  rounds: {
    id: string;
    paragraphs: number[] | null;
    status: string;
    signingOrder: string;
    deadline: string;
    createdAt: string;
    completedAt: string | null;
  }[];
  versions: EvidenceVersion[];
  signers: EvidenceSigner[];
  audit: {
    chainValid: boolean;
    verification: ChainVerdict;
    events: {
      seq: number;
      type: string;
      at: string;
      actor: string;
      ip: string | null;
      userAgent: string | null;
      transactionId: string;
      roundId: string;
      data: Record<string, unknown>;
      prevHash: string;
      hash: string;
    }[];
  };
  anslag: EvidenceAnslag[];
  /** The protocol's documents (docs/glossary.md, "The documents of a protocol"). */
  documents: EvidenceDocument[];
}

/** What Justera tells anyone about a document it knows (issue 7): only what is public for a justerat protocol. */
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
  document: { kind: ProtocolDocument['kind']; name: string; description: string } | null;
  /** What this exact file is: the frozen version, a revision after a signature, or with the ANSLAG fields filled. */
  match: {
    kind: DocumentPlace['kind'];
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

/** Builds the evidence of a protocol and recognises documents Justera holds. */
@Injectable()
export class EvidenceService {
  constructor(
    private readonly protocols: ProtocolsRepository,
    private readonly justering: JusteringRepository,
    private readonly anslag: AnslagRepository,
    private readonly evidence: EvidenceRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly sealed: SealedDocumentService,
    private readonly documents: ProtocolDocumentsService,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'publicUrl'>,
  ) {}

  /** GET /api/protocols/:id/evidence.json: the secretary of the organ, a revisor or an admin. */
  async forCaller(auth: AuthContext, protocolId: string): Promise<Evidence> {
    const p = await this.protocols.find(auth.principal.organisationId, protocolId);
    if (!p) throw new DomainError('not_found', 'Protokollet finns inte.');
    ensureAllowed(auth, 'evidence.read', { organisationId: p.organisationId, organId: p.organId });
    return this.build(p);
  }

  async build(p: ProtocolEntity): Promise<Evidence> {
    const organ = (await this.organisations.findOrgan(p.organisationId, p.organId))?.name ?? '';
    const rounds = await this.justering.roundsOfProtocol(p.organisationId, p.id);
    const versionsByRound = await Promise.all(rounds.map((r) => this.justering.versions(r.id)));
    const allVersions = versionsByRound.flat();
    const signatories = await this.justering.signatories(rounds.map((r) => r.id));
    const rows = await this.justering.auditEvents(p.organisationId, p.id);
    const events = rows.map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }));
    const verification = verifyChain(events);
    // 'signed' is the approval; 'signature.applied' (same transaction id) is the worker appending the
    // cryptographic signature as a new revision. (A 'signed' event carrying its own revision is the
    // same thing recorded in one step.)
    const signedEvents = events.filter((e) => e.type === 'signed');
    const appliedEvents = events.filter(
      (e) => (e.type === 'signature.applied' || e.type === 'signed') && typeof e.data.revisionDocumentId === 'string',
    );
    const appliedByTx = new Map(appliedEvents.map((e) => [e.transactionId, e]));
    const revisionIds = appliedEvents.map((e) => e.data.revisionDocumentId as string);
    const docs = new Map((await this.evidence.documentsByIds(p.organisationId, revisionIds)).map((d) => [d.id, d]));
    const versionNumber = new Map(allVersions.map((v) => [v.id, v.number]));

    const signers: EvidenceSigner[] = signedEvents.map((e) => {
      const sig = signatories.find((s) => s.id === e.data.signatoryId);
      const applied = appliedByTx.get(e.transactionId);
      const rev = applied ? docs.get(applied.data.revisionDocumentId as string) : undefined;
      return {
        roundId: e.roundId,
        versionNumber: versionNumber.get(String(e.data.versionId)) ?? null,
        name: String(e.data.name ?? sig?.name ?? ''),
        role: String(e.data.role ?? sig?.role ?? ''),
        email: sig?.email ?? null,
        identifiedBy: typeof e.data.identifiedBy === 'string' ? e.data.identifiedBy : null,
        identityLevel: e.data.identityLevel === 'e-legitimation' ? 'e-legitimation' : 'e-postlank',
        identity: e.data.identity && typeof e.data.identity === 'object' ? (e.data.identity as EvidenceSigner['identity']) : null,
        method: typeof applied?.data.signatureMethod === 'string' ? applied.data.signatureMethod : null,
        signedAt: new Date(e.at).toISOString(),
        ip: e.ip,
        userAgent: e.userAgent,
        transactionId: e.transactionId,
        approvedSha256: typeof e.data.sha256 === 'string' ? e.data.sha256 : null,
        revisionSha256: rev?.sha256 ?? null,
        signatureAppliedAt: applied ? new Date(applied.at).toISOString() : null,
      };
    });

    const versions: EvidenceVersion[] = rounds.flatMap((r, i) =>
      versionsByRound[i].map((v) => ({
        id: v.id,
        roundId: r.id,
        number: v.number,
        sha256: v.sha256,
        previousSha256: v.previousSha256,
        size: v.size,
        createdAt: new Date(v.createdAt).toISOString(),
        reason: v.reason,
        current: r.currentVersionId === v.id,
        signedRevisions: appliedEvents
          .filter((e) => e.data.versionId === v.id && docs.has(e.data.revisionDocumentId as string))
          .map((e) => {
            const d = docs.get(e.data.revisionDocumentId as string)!;
            return { sha256: d.sha256, size: d.size, transactionId: e.transactionId };
          }),
        renewals: events
          .filter((e) => e.type === 'document.renewed' && e.data.versionId === v.id)
          .map((e) => ({
            at: new Date(e.at).toISOString(),
            fromSha256: String(e.data.sha256 ?? ''),
            sha256: String(e.data.renewedSha256 ?? ''),
            size: Number(e.data.renewedSize ?? 0),
            protectedUntil: typeof e.data.protectedUntilAfter === 'string' ? e.data.protectedUntilAfter : null,
          })),
      })),
    );

    const notices = await this.anslag.listNoticesOfProtocol(p.organisationId, p.id);
    const postings = await this.anslag.postingsOf(notices.map((n) => n.id));
    const noticeDocs = new Map(
      (
        await this.evidence.documentsByIds(
          p.organisationId,
          notices.flatMap((n) => [n.filledDocumentId, n.bevisDocumentId]).filter((x): x is string => !!x),
        )
      ).map((d) => [d.id, d]),
    );
    const anslag: EvidenceAnslag[] = notices.map((n) => ({
      noticeId: n.id,
      roundId: n.roundId,
      state: n.state,
      justeradAt: new Date(n.justeradAt).toISOString(),
      postedDate: n.postedDate,
      lastAppealDay: n.lastAppealDay,
      takeDownDate: n.takeDownDate,
      takenDownAt: n.takenDownAt ? new Date(n.takenDownAt).toISOString() : null,
      storagePlace: n.storagePlace,
      postings: postings
        .filter((x) => x.noticeId === n.id)
        .map((x) => ({
          board: x.boardName,
          kind: x.kind,
          postedDate: x.postedDate,
          postedAt: x.postedAt ? new Date(x.postedAt).toISOString() : null,
        })),
      filledDocumentSha256: n.filledDocumentId ? (noticeDocs.get(n.filledDocumentId)?.sha256 ?? null) : null,
      anslagsbevis:
        n.bevisDocumentId && noticeDocs.get(n.bevisDocumentId)
          ? { documentId: n.bevisDocumentId, sha256: noticeDocs.get(n.bevisDocumentId)!.sha256 }
          : null,
    }));

    return {
      schema: 'justera.evidence/1',
      generatedAt: new Date().toISOString(),
      protocol: { id: p.id, title: p.title, organ, meetingDate: p.meetingDate, status: p.status },
      rounds: rounds.map((r) => ({
        id: r.id,
        paragraphs: r.paragraphs ? (JSON.parse(r.paragraphs) as number[]) : null,
        status: r.status,
        signingOrder: r.signingOrder,
        deadline: r.deadline,
        createdAt: new Date(r.createdAt).toISOString(),
        completedAt: r.completedAt ? new Date(r.completedAt).toISOString() : null,
      })),
      versions,
      signers,
      audit: {
        chainValid: verification.ok,
        verification,
        events: events.map((e) => ({
          seq: e.seq,
          type: e.type,
          at: new Date(e.at).toISOString(),
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
      documents: (await this.documents.of(p)).map((d) => ({
        kind: d.kind,
        name: d.nameSv,
        title: d.titleSv,
        relation: d.relationSv,
        roundId: d.roundId,
        versionNumber: d.versionNumber,
        current: d.current,
        sha256: d.sha256,
        size: d.size,
        url: `${this.config.publicUrl}${d.url}`,
        publicUrl: d.publicUrl,
        containsSha256: d.contains?.sha256 ?? null,
      })),
    };
  }

  /** The Verifieringsunderlag as a PDF sealed by the protocol's organisation (its own seal, naming it as stored). */
  async sealedPdf(e: Evidence, organisationId: string): Promise<Buffer> {
    const organisation = await this.organisations.findOrganisation(organisationId);
    if (!organisation) throw new DomainError('not_found', 'Organisationen finns inte.');
    const roleSv = roleLabelSv;
    // Instants as a person reads them: Swedish time, said so (the JSON export keeps ISO 8601 UTC).
    const at = (iso: string | null | undefined) => (iso ? formatTimestampSv(iso) : '–');
    const lines: string[] = [
      `Protokoll: ${e.protocol.title}`,
      `Organ: ${e.protocol.organ}`,
      `Sammanträdesdatum: ${e.protocol.meetingDate}`,
      `Status: ${e.protocol.status}`,
      `Protokoll-id: ${e.protocol.id}`,
      `Underlaget skapat: ${at(e.generatedAt)}`,
      '',
      '# Versioner',
      ...e.versions.flatMap((v) => [
        `Version ${v.number}${v.current ? ' (gällande)' : ''}, skapad ${at(v.createdAt)}, ${v.size} byte`,
        `SHA-256: ${v.sha256}`,
        `Föregående versions SHA-256: ${v.previousSha256 ?? '–'}`,
        ...(v.reason ? [`Skäl: ${v.reason}`] : []),
        ...v.signedRevisions.map((r, i) => `Efter underskrift ${i + 1} (transaktion ${r.transactionId}): SHA-256 ${r.sha256}`),
        ...v.renewals.map(
          (r) =>
            `Förnyad arkivtidsstämpel (PAdES-LTA) ${at(r.at)}: SHA-256 ${r.sha256}, bevisningen gäller till ${r.protectedUntil && r.protectedUntil.includes('T') ? at(r.protectedUntil) : (r.protectedUntil ?? '–')}`,
        ),
        '',
      ]),
      '# Underskrifter',
      ...(e.signers.length === 0 ? ['Inga underskrifter.'] : []),
      ...e.signers.flatMap((s, i) => [
        `Underskrift ${i + 1}: ${s.name}, ${roleSv(s.role)}`,
        `E-post: ${s.email ?? '–'}`,
        `Identifiering: ${s.identifiedBy ?? '–'}; metod: ${s.method ?? '–'}`,
        ...(s.identity
          ? [
              `Identifierad med e-legitimation (${s.identity.provider}) som ${s.identity.name}; utfärdare ${s.identity.iss}, sub ${s.identity.sub}, ` +
                `inloggad ${s.identity.authTime ? at(s.identity.authTime) : '–'}, tillitsnivå (acr) ${s.identity.acr ?? '–'}`,
            ]
          : []),
        `Tid: ${at(s.signedAt)}`,
        `IP-adress: ${s.ip ?? '–'}`,
        `Webbläsare: ${s.userAgent ?? '–'}`,
        `Transaktions-id: ${s.transactionId}`,
        `Godkänd version (SHA-256): ${s.approvedSha256 ?? '–'}`,
        '',
      ]),
      '# Händelselogg',
      e.audit.chainValid
        ? `Hashkedjan är obruten: ${e.audit.verification.count} händelser, sista hash ${e.audit.verification.head}.`
        : `Hashkedjan är BRUTEN: ${e.audit.verification.firstBad?.messageSv ?? ''}`,
      ...e.audit.events.map(
        (ev) => `${ev.seq}. ${at(ev.at)} ${ev.type} (${ev.actor}${ev.ip ? `, IP ${ev.ip}` : ''}) hash ${ev.hash.slice(0, 16)}…`,
      ),
      '',
      '# Anslag',
      ...(e.anslag.length === 0 ? ['Inget anslag registrerat.'] : []),
      ...e.anslag.flatMap((a) => [
        `Justerat ${at(a.justeradAt)}; anslaget uppsatt ${a.postedDate ?? '–'}; sista dag att överklaga ${a.lastAppealDay ?? '–'}; nedtagande ${a.takeDownDate ?? '–'}${a.takenDownAt ? ` (nedtaget ${at(a.takenDownAt)})` : ''}`,
        `Förvaringsplats: ${a.storagePlace}`,
        ...a.postings.map(
          (x) => `Anslagstavla ${x.board} (${x.kind === 'external' ? 'extern' : 'Justera'}): uppsatt ${x.postedDate ?? '–'}`,
        ),
        ...(a.filledDocumentSha256 ? [`Protokoll med ifyllda anslagsuppgifter, SHA-256: ${a.filledDocumentSha256}`] : []),
        ...(a.anslagsbevis ? [`Anslagsbevis, SHA-256: ${a.anslagsbevis.sha256}`] : []),
        '',
      ]),
      '# Dokument',
      ...(e.documents.length === 0 ? ['Inga dokument.'] : []),
      ...e.documents.flatMap((d) => [
        `${d.title}${d.kind === 'frozen' && !d.current ? ' (ersatt av en senare version)' : ''}, ${d.size} byte`,
        `SHA-256: ${d.sha256}`,
        `Hämtas (inloggad): ${d.url}`,
        ...(d.publicUrl ? [`På anslagstavlan: ${d.publicUrl}`] : []),
        ...(d.relation ? [d.relation] : []),
        '',
      ]),
      `Underlaget är förseglat med organisationens elektroniska stämpel (${organisation.name}). Förseglingen kan kontrolleras på /validera.`,
    ];
    return this.sealed.render(
      {
        title: `Verifieringsunderlag: ${e.protocol.title}`,
        author: 'Justera',
        subject: `Protokoll ${e.protocol.id}`,
        lines,
        date: new Date(e.generatedAt),
      },
      'Verifieringsunderlag från Justera',
      { id: organisation.id, name: organisation.name },
    );
  }

  /**
   * Recognises a document by its SHA-256 (frozen version, signed revision, filled ANSLAG fields,
   * or the uploaded document of a justerat protocol). Anyone learns the public facts of a justerat
   * protocol; a caller allowed 'evidence.read' also gets the evidence.
   */
  async knownBySha256(sha256: string, auth?: AuthContext): Promise<KnownDocument | null> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
    const docs = await this.evidence.documentsBySha256(sha256);
    const places = await this.evidence.placesOfDocuments(docs);
    // The most specific place first: a signed revision, then the ANSLAG fields, then a frozen version.
    const rank = { signed: 0, renewed: 0, anslag: 1, anslagsbevis: 1, frozen: 2, upload: 3 } as const;
    places.sort((a, b) => rank[a.kind] - rank[b.kind]);
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

  private async describe(place: DocumentPlace, auth?: AuthContext): Promise<KnownDocument | null> {
    const p = await this.protocols.find(place.organisationId, place.protocolId);
    if (!p) return null;
    const rounds = await this.justering.roundsOfProtocol(p.organisationId, p.id);
    const round = rounds.find((r) => r.id === place.roundId) ?? null;
    const mayRead = !!auth && authorize(auth.principal, 'evidence.read', { organisationId: p.organisationId, organId: p.organId }).allowed;
    // Public only once justerat: the whole protocol, or the round (an omedelbar justering) this document belongs to.
    const isPublic = p.status === 'justerat' || round?.status === 'completed';
    if (!isPublic && !mayRead) return null;
    const evidence = await this.build(p);
    const roundIds = round ? [round.id] : rounds.filter((r) => r.status === 'completed').map((r) => r.id);
    const version =
      evidence.versions.find((v) => (place.versionId ? v.id === place.versionId : v.roundId === round?.id && v.current)) ?? null;
    const signer = place.transactionId ? (evidence.signers.find((s) => s.transactionId === place.transactionId) ?? null) : null;
    const versionNo = version?.number ?? signer?.versionNumber ?? null;
    const named = (await this.documents.of(p)).find((d) => d.documentId === place.documentId);
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
}
