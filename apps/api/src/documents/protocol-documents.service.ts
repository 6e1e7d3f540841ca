import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ensureAllowed } from '@justera/application';
import { APP_CONFIG, AppConfig } from '@justera/config';
import {
  AnslagRepository,
  DocumentEntity,
  EvidenceRepository,
  JusteringRepository,
  ProtocolEntity,
  ProtocolsRepository,
} from '@justera/persistence';
import { formatParagraphs } from '@justera/anslag';
import { PROTOCOL_DOCUMENT_SV, protocolDocumentRelationSv, protocolDocumentTitleSv, type ProtocolDocumentKind } from '@justera/sv';
import type { AuthContext } from '../auth/auth-context';

/**
 * One document of a protocol (docs/glossary.md, "The documents of a protocol"): what it is, its
 * Swedish name, its own SHA-256 and size, and where to download exactly those bytes.
 */
export interface ProtocolDocument {
  kind: ProtocolDocumentKind;
  /** PROTOCOL_DOCUMENT_SV[kind].name. */
  nameSv: string;
  /** PROTOCOL_DOCUMENT_SV[kind].description: what the document is, in one Swedish sentence. */
  descriptionSv: string;
  /** The name with the version and §§ when they tell documents apart ("Justerat protokoll, § 5"). */
  titleSv: string;
  /** How it relates to the document it contains (its first bytes), in Swedish; null for a frozen version. */
  relationSv: string | null;
  documentId: string;
  sha256: string;
  size: number;
  roundId: string;
  /** The §§ of an omedelbar justering's round; null for the whole protocol. */
  paragraphs: number[] | null;
  /** The frozen version's number (frozen, and the version a justerat PDF is made of). */
  versionNumber: number | null;
  /** False for a frozen version a later version replaced (its approvals are void). */
  current: boolean;
  /** The notice (posted, anslagsbevis). */
  noticeId: string | null;
  /** Download for a signed-in user who may read the protocol: `/api/protocols/<id>/documents/<documentId>`. */
  url: string;
  /** The same bytes on the public anslagstavla, when the body publishes them; else null. */
  publicUrl: string | null;
  /** The document whose bytes this one begins with, unchanged (justerat: the frozen version; posted: the justerat PDF). */
  contains: { documentId: string; sha256: string; size: number } | null;
}

const FILE_NAME: Record<ProtocolDocumentKind, string> = {
  frozen: 'osignerad-version',
  justerat: 'justerat-protokoll',
  posted: 'protokoll-med-anslagsuppgifter',
  anslagsbevis: 'anslagsbevis',
};

/**
 * The one place that lists a protocol's documents: for each justering round its frozen versions and,
 * once completed, the justerat PDF (the current version's signed document, renewed archive
 * time-stamps included); for each notice the posted PDF (ANSLAG fields filled and sealed) and the
 * anslagsbevis. The dashboard, the start page, the evidence and the document download use it; the
 * public board shows the same documents of a notice (libs/anslag `noticeView`, by the same rules).
 */
@Injectable()
export class ProtocolDocumentsService {
  constructor(
    private readonly protocols: ProtocolsRepository,
    private readonly justering: JusteringRepository,
    private readonly anslag: AnslagRepository,
    private readonly evidence: EvidenceRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** GET /api/protocols/:id/documents: whoever may read the protocol. */
  async forCaller(auth: AuthContext, protocolId: string): Promise<ProtocolDocument[]> {
    return this.of(await this.readable(auth, protocolId));
  }

  private async readable(auth: AuthContext, protocolId: string): Promise<ProtocolEntity> {
    const p = await this.protocols.find(auth.principal.organisationId, protocolId);
    if (!p) throw new DomainError('not_found', 'Protokollet finns inte.');
    ensureAllowed(auth, 'protocol.read', { organisationId: p.organisationId, organId: p.organId });
    return p;
  }

  /** The bytes of one listed document (a document id that is not in the protocol's list is 404). */
  async file(
    auth: AuthContext,
    protocolId: string,
    documentId: string,
  ): Promise<{ bytes: Buffer; fileName: string; document: ProtocolDocument }> {
    const p = await this.readable(auth, protocolId);
    const document = (await this.of(p)).find((d) => d.documentId === documentId);
    const doc = document ? await this.justering.documentWithContent(p.organisationId, documentId) : null;
    if (!document || !doc) throw new DomainError('not_found', 'Dokumentet finns inte.');
    const version = document.kind === 'frozen' && document.versionNumber ? `-${document.versionNumber}` : '';
    const paragraphs = document.paragraphs ? `-paragraf-${document.paragraphs.join('-')}` : '';
    return { bytes: doc.content, fileName: `${FILE_NAME[document.kind]}${version}${paragraphs}-${p.meetingDate}.pdf`, document };
  }

  /** The documents of `p`, round by round (oldest first), each round's notice documents after its justerat PDF. */
  async of(p: Pick<ProtocolEntity, 'id' | 'organisationId'>): Promise<ProtocolDocument[]> {
    const rounds = await this.justering.roundsOfProtocol(p.organisationId, p.id);
    const versionsByRound = await Promise.all(rounds.map((r) => this.justering.versions(r.id)));
    const notices = await this.anslag.listNoticesOfProtocol(p.organisationId, p.id);
    const organisation = notices.length ? await this.anslag.findOrganisation(p.organisationId) : null;
    const ids = [
      ...versionsByRound.flat().flatMap((v) => [v.documentId, v.signedDocumentId]),
      ...notices.flatMap((n) => [n.documentId, n.filledDocumentId, n.bevisDocumentId]),
    ].filter((x): x is string => !!x);
    const docs = new Map((await this.evidence.documentsByIds(p.organisationId, [...new Set(ids)])).map((d) => [d.id, d]));
    const url = (id: string) => `/api/protocols/${p.id}/documents/${id}`;
    const out: ProtocolDocument[] = [];
    const item = (
      kind: ProtocolDocumentKind,
      d: DocumentEntity,
      rest: Omit<
        ProtocolDocument,
        'kind' | 'nameSv' | 'descriptionSv' | 'documentId' | 'sha256' | 'size' | 'url' | 'titleSv' | 'relationSv'
      > & { titleSv?: string },
    ) => {
      const paragraphs = rest.paragraphs ? formatParagraphs(rest.paragraphs) : null;
      out.push({
        kind,
        nameSv: PROTOCOL_DOCUMENT_SV[kind].name,
        descriptionSv: PROTOCOL_DOCUMENT_SV[kind].description,
        titleSv: protocolDocumentTitleSv(kind, { versionNumber: kind === 'frozen' ? rest.versionNumber : null, paragraphs }),
        relationSv: protocolDocumentRelationSv(kind, rest.contains),
        documentId: d.id,
        sha256: d.sha256,
        size: d.size,
        url: url(d.id),
        ...rest,
      });
    };
    rounds.forEach((r, i) => {
      const paragraphs = r.paragraphs ? (JSON.parse(r.paragraphs) as number[]) : null;
      const versions = [...versionsByRound[i]].sort((a, b) => a.number - b.number);
      for (const v of versions) {
        const d = docs.get(v.documentId);
        if (d)
          item('frozen', d, {
            roundId: r.id,
            paragraphs,
            versionNumber: v.number,
            current: v.id === r.currentVersionId,
            noticeId: null,
            publicUrl: null,
            contains: null,
          });
      }
      const current = versions.find((v) => v.id === r.currentVersionId);
      const frozen = current && docs.get(current.documentId);
      const justerat = r.status === 'completed' && current ? docs.get(current.signedDocumentId) : undefined;
      if (!justerat || !current) return;
      const notice = notices.find((n) => n.roundId === r.id);
      const board = notice && organisation ? `${this.config.publicUrl}/anslagstavla/${organisation.slug}/anslag/${notice.id}` : null;
      // The public board serves the justerat PDF the notice was made from; after an archive renewal that is an earlier file.
      const publishedJusterat = !!(notice && board && notice.publishPdf && notice.documentId === justerat.id);
      item('justerat', justerat, {
        roundId: r.id,
        paragraphs,
        versionNumber: current.number,
        current: true,
        noticeId: null,
        publicUrl: publishedJusterat ? `${board}/${notice!.filledDocumentId ? 'justerat-protokoll.pdf' : 'protokoll.pdf'}` : null,
        contains: frozen && frozen.id !== justerat.id ? { documentId: frozen.id, sha256: frozen.sha256, size: frozen.size } : null,
      });
      if (!notice) return;
      const base = notice.documentId ? docs.get(notice.documentId) : undefined;
      const posted = notice.filledDocumentId ? docs.get(notice.filledDocumentId) : undefined;
      if (posted) {
        item('posted', posted, {
          roundId: r.id,
          paragraphs,
          versionNumber: current.number,
          current: true,
          noticeId: notice.id,
          publicUrl: board && notice.publishPdf ? `${board}/protokoll.pdf` : null,
          contains: base ? { documentId: base.id, sha256: base.sha256, size: base.size } : null,
        });
      }
      const bevis = notice.bevisDocumentId ? docs.get(notice.bevisDocumentId) : undefined;
      if (bevis) {
        item('anslagsbevis', bevis, {
          roundId: r.id,
          paragraphs,
          versionNumber: null,
          current: true,
          noticeId: notice.id,
          publicUrl: board ? `${board}/anslagsbevis.pdf` : null,
          contains: null,
        });
        // The anslagsbevis names the justerat PDF by its SHA-256 (it does not contain it).
        out[out.length - 1].relationSv = base ? protocolDocumentRelationSv('anslagsbevis', base) : null;
      }
    });
    return out;
  }
}
