import { type Caller, DomainError } from '@justera/application';
import { formatParagraphs } from '@justera/anslag';
import { PROTOCOL_DOCUMENT_SV, protocolDocumentRelationSv, protocolDocumentTitleSv, slugSv, type ProtocolDocumentKind } from '@justera/sv';
import type { StoredDocumentFacts } from '../evidence/ports';
import type { Round, Version } from '../usecases/ports';
import { organName } from '../usecases/context';
import { groupBy, readableProtocols } from './access';
import type { DocumentNotice, JusteringReads } from './ports';

/**
 * One document of a protocol (docs/glossary.md, "The documents of a protocol"): what it is, its
 * Swedish name, its own SHA-256 and size, and where to download exactly those bytes. The JSON of
 * `GET /api/protocols/:id/documents` (apps/web/src/api/types.ts mirrors it).
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

/** What the documents of one protocol are made of: plain domain facts, read in one go for a whole list. */
export interface ProtocolDocumentFacts {
  protocolId: string;
  /** The protocol's rounds, oldest first. */
  rounds: Pick<Round, 'id' | 'paragraphs' | 'status' | 'currentVersionId'>[];
  /** The rounds' versions (any order). */
  versions: Pick<Version, 'id' | 'roundId' | 'number' | 'documentId' | 'signedDocumentId'>[];
  /** The protocol's anslag notices, oldest first. */
  notices: DocumentNotice[];
  /** The stored documents those name (SHA-256 and size); a document not among them is not listed. */
  documents: StoredDocumentFacts[];
  /** The organisation's slug (its public board's address); null: no public URL. */
  organisationSlug: string | null;
  /** The installation's public URL (`JUSTERA_PUBLIC_URL`), without a trailing slash. */
  publicUrl: string;
}

const FILE_NAME: Record<ProtocolDocumentKind, string> = {
  frozen: 'osignerad-version',
  justerat: 'justerat-protokoll',
  posted: 'protokoll-med-anslagsuppgifter',
  anslagsbevis: 'anslagsbevis',
};

/**
 * The download's file name of a listed document ("justerat-protokoll-kommunstyrelsen-paragraf-5-2026-11-20.pdf"):
 * the organ is in it, so that two organs' protocols of one day do not take the same name in a downloads folder.
 */
export function protocolDocumentFileName(
  document: Pick<ProtocolDocument, 'kind' | 'versionNumber' | 'paragraphs'>,
  meetingDate: string,
  organ?: string,
): string {
  const version = document.kind === 'frozen' && document.versionNumber ? `-${document.versionNumber}` : '';
  const organSlug = organ ? slugSv(organ) : '';
  const paragraphs = document.paragraphs ? `-paragraf-${document.paragraphs.join('-')}` : '';
  return `${FILE_NAME[document.kind]}${version}${organSlug ? `-${organSlug}` : ''}${paragraphs}-${meetingDate}.pdf`;
}

const facts = (d: StoredDocumentFacts) => ({ documentId: d.id, sha256: d.sha256, size: d.size });

/**
 * **The one place** that decides a protocol's documents, round by round (oldest first): each round's
 * frozen versions by number (a replaced one `current: false`) and, once the round is completed, the
 * justerat PDF (the current version's signed document, renewed archive time-stamps included); after it
 * the round's notice's posted PDF (ANSLAG fields filled and sealed) and anslagsbevis. Public URLs only
 * where the body publishes PDFs (the anslagsbevis always once made). The public board shows the same
 * documents of a notice (libs/anslag `noticeView`, by the same rules).
 */
export function protocolDocuments(f: ProtocolDocumentFacts): ProtocolDocument[] {
  const docs = new Map(f.documents.map((d) => [d.id, d]));
  const out: ProtocolDocument[] = [];
  const item = (
    kind: ProtocolDocumentKind,
    d: StoredDocumentFacts,
    rest: Omit<ProtocolDocument, 'kind' | 'nameSv' | 'descriptionSv' | 'documentId' | 'sha256' | 'size' | 'url' | 'titleSv' | 'relationSv'>,
    relationSv = protocolDocumentRelationSv(kind, rest.contains),
  ) => {
    const paragraphs = rest.paragraphs ? formatParagraphs(rest.paragraphs) : null;
    out.push({
      kind,
      nameSv: PROTOCOL_DOCUMENT_SV[kind].name,
      descriptionSv: PROTOCOL_DOCUMENT_SV[kind].description,
      titleSv: protocolDocumentTitleSv(kind, { versionNumber: kind === 'frozen' ? rest.versionNumber : null, paragraphs }),
      relationSv,
      documentId: d.id,
      sha256: d.sha256,
      size: d.size,
      url: `/api/protocols/${f.protocolId}/documents/${d.id}`,
      ...rest,
    });
  };
  const versionsOf = groupBy(f.versions, (v) => v.roundId);
  for (const r of f.rounds) {
    const paragraphs = r.paragraphs ? [...r.paragraphs] : null;
    const versions = [...(versionsOf.get(r.id) ?? [])].sort((a, b) => a.number - b.number);
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
    if (!justerat || !current) continue;
    const notice = f.notices.find((n) => n.roundId === r.id);
    const board = notice && f.organisationSlug ? `${f.publicUrl}/anslagstavla/${f.organisationSlug}/anslag/${notice.id}` : null;
    // The public board serves the justerat PDF the notice was made from; after an archive renewal that is an earlier file.
    const publishedJusterat = !!(notice && board && notice.publishPdf && notice.documentId === justerat.id);
    item('justerat', justerat, {
      roundId: r.id,
      paragraphs,
      versionNumber: current.number,
      current: true,
      noticeId: null,
      publicUrl: publishedJusterat ? `${board}/${notice.filledDocumentId ? 'justerat-protokoll.pdf' : 'protokoll.pdf'}` : null,
      contains: frozen && frozen.id !== justerat.id ? facts(frozen) : null,
    });
    if (!notice) continue;
    const base = notice.documentId ? docs.get(notice.documentId) : undefined;
    const posted = notice.filledDocumentId ? docs.get(notice.filledDocumentId) : undefined;
    if (posted)
      item('posted', posted, {
        roundId: r.id,
        paragraphs,
        versionNumber: current.number,
        current: true,
        noticeId: notice.id,
        publicUrl: board && notice.publishPdf ? `${board}/protokoll.pdf` : null,
        contains: base ? facts(base) : null,
      });
    const bevis = notice.bevisDocumentId ? docs.get(notice.bevisDocumentId) : undefined;
    if (bevis)
      item(
        'anslagsbevis',
        bevis,
        { roundId: r.id, paragraphs, versionNumber: null, current: true, noticeId: notice.id, publicUrl: board ? `${board}/anslagsbevis.pdf` : null, contains: null },
        // The anslagsbevis names the justerat PDF by its SHA-256 (it does not contain it).
        base ? protocolDocumentRelationSv('anslagsbevis', base) : null,
      );
  }
  return out;
}

/**
 * The documents of several protocols of one organisation, with a fixed number of reads whatever the
 * number of protocols: their rounds, the rounds' versions, the notices, the organisation's slug (only
 * when there is a notice) and the documents' hashes and sizes. No access check.
 */
async function documentsOf(reads: JusteringReads, publicUrl: string, organisationId: string, protocolIds: string[]): Promise<Map<string, ProtocolDocument[]>> {
  if (protocolIds.length === 0) return new Map();
  const [rounds, notices] = await Promise.all([reads.roundsOfProtocols(organisationId, protocolIds), reads.noticesOfProtocols(organisationId, protocolIds)]);
  const versions = await reads.versionsOfRounds(rounds.map((r) => r.id));
  const ids = [
    ...versions.flatMap((v) => [v.documentId, v.signedDocumentId]),
    ...notices.flatMap((n) => [n.documentId, n.filledDocumentId, n.bevisDocumentId]),
  ].filter((x): x is string => !!x);
  const [documents, organisationSlug] = await Promise.all([
    reads.documentInfos(organisationId, [...new Set(ids)]),
    notices.length ? reads.organisationSlug(organisationId) : Promise.resolve(null),
  ]);
  const roundsOf = groupBy(rounds, (r) => r.protocolId);
  const noticesOf = groupBy(notices, (n) => n.protocolId);
  return new Map(
    protocolIds.map((protocolId) => {
      const mine = roundsOf.get(protocolId) ?? [];
      const roundIds = new Set(mine.map((r) => r.id));
      return [
        protocolId,
        protocolDocuments({
          protocolId,
          rounds: mine,
          versions: versions.filter((v) => roundIds.has(v.roundId)),
          notices: noticesOf.get(protocolId) ?? [],
          documents,
          organisationSlug,
          publicUrl,
        }),
      ];
    }),
  );
}

export interface ProtocolDocumentsQuery {
  caller: Caller;
  protocolId: string;
}

export interface ProtocolDocumentFileQuery extends ProtocolDocumentsQuery {
  documentId: string;
}

/**
 * A protocol's documents (`GET /api/protocols/:id/documents`) for whoever may read the protocol
 * (another organisation's `not_found`, another organ's `forbidden`), and the bytes of one of them
 * (`file`). `of` is the evidence's `ProtocolDocumentList` port: the same list without an access check.
 */
export class ProtocolDocuments {
  constructor(
    private readonly reads: JusteringReads,
    private readonly config: { publicUrl: string },
  ) {}

  async execute(query: ProtocolDocumentsQuery): Promise<ProtocolDocument[]> {
    const [p] = await readableProtocols(this.reads, query.caller, [query.protocolId], 'protocol.read');
    return this.of(p);
  }

  /** The documents of a protocol already found (and checked by the caller). */
  async of(p: { id: string; organisationId: string }): Promise<ProtocolDocument[]> {
    return (await documentsOf(this.reads, this.config.publicUrl, p.organisationId, [p.id])).get(p.id) ?? [];
  }

  /** The bytes of one listed document (a document id not in the protocol's list is `not_found`), and its file name. */
  async file(query: ProtocolDocumentFileQuery): Promise<{ bytes: Uint8Array; fileName: string; document: ProtocolDocument }> {
    const [p] = await readableProtocols(this.reads, query.caller, [query.protocolId], 'protocol.read');
    const document = (await this.of(p)).find((d) => d.documentId === query.documentId);
    const stored = document ? await this.reads.documentWithContent(p.organisationId, document.documentId) : null;
    if (!document || !stored) throw new DomainError('not_found', 'Dokumentet finns inte.');
    return { bytes: stored.content, fileName: protocolDocumentFileName(document, p.meetingDate, organName(p)), document };
  }
}

export interface ProtocolDocumentsListQuery {
  caller: Caller;
  /** The protocols of a list page (each must be readable by the caller). */
  protocolIds: string[];
}

/**
 * The documents of each protocol of a list (the dashboard's `GET /justering`, the start page `/`): the
 * same answer as `ProtocolDocuments` per protocol, read with a fixed number of queries for the whole
 * list (the protocols, their rounds, versions, notices, the slug and the documents' hashes).
 */
export class ProtocolDocumentsList {
  constructor(
    private readonly reads: JusteringReads,
    private readonly config: { publicUrl: string },
  ) {}

  async execute(query: ProtocolDocumentsListQuery): Promise<Map<string, ProtocolDocument[]>> {
    if (query.protocolIds.length === 0) return new Map();
    await readableProtocols(this.reads, query.caller, query.protocolIds, 'protocol.read');
    return documentsOf(this.reads, this.config.publicUrl, query.caller.principal.organisationId, query.protocolIds);
  }
}
