import { normaliseActor } from '@justera/application';
import type { IsoDate } from '@justera/legal-dates';
import type { NoticeState, NoticeView } from '../model';
import { stateOn } from '../plan';
import type { Notice, NoticeEvent, Posting } from '../usecases/ports';
import type { DocumentInfo } from './ports';

/** The address of an organisation's public board. */
export const boardUrlOf = (publicUrl: string, slug: string) => `${publicUrl}/anslagstavla/${slug}`;

/**
 * The state the public board shows on `today`: a notice taken down stays archived; otherwise its
 * dates decide (libs/anslag `stateOn`), so a notice whose take-down job has not run yet is in the
 * archive on its take-down date, and one not posted yet is scheduled (not public).
 */
export function publicState(n: Pick<Notice, 'state' | 'postedDate' | 'takeDownDate' | 'awaitingPostings'>, today: IsoDate): NoticeState {
  return n.state === 'archived' ? 'archived' : stateOn(today, n);
}

/** Which notices a public page may show: every one posted (current or archived); never a scheduled one. */
export const isPublic = (n: Pick<Notice, 'state'>) => n.state !== 'scheduled';

export interface NoticeViewInput {
  organisationName: string;
  /** The board's address (`boardUrlOf`). */
  boardUrl: string;
  notice: Notice;
  /** Postings of this and maybe other notices (only the notice's own are used). */
  postings: Posting[];
  /** The documents rows (no content) of the notice's PDFs, for their SHA-256 and size. */
  documents: ReadonlyMap<string, DocumentInfo>;
  today: IsoDate;
}

/**
 * The public view of a notice: its state by today's date, and the documents offered, each with its own
 * checksum (docs/anslag.md, "The documents"). The PDFs are offered only where the body publishes
 * them: the posted PDF (the justerat one until the ANSLAG fields are filled), and the justerat PDF as
 * a file of its own once the posted one differs; the anslagsbevis always, once made.
 */
export function noticeView({ organisationName, boardUrl, notice: n, postings, documents, today }: NoticeViewInput): NoticeView {
  const noticeUrl = `${boardUrl}/anslag/${n.id}`;
  const pdfId = n.filledDocumentId ?? n.documentId;
  const pdfDoc = pdfId ? documents.get(pdfId) : undefined;
  const justerat = n.documentId ? documents.get(n.documentId) : undefined;
  const bevis = n.bevisDocumentId ? documents.get(n.bevisDocumentId) : undefined;
  const published = n.publishPdf && !!pdfId;
  return {
    id: n.id,
    type: n.type,
    organisationName,
    organName: n.organName,
    meetingDate: n.meetingDate,
    paragraphs: n.paragraphs,
    justeradDate: n.justeradDate,
    postingDeadline: n.postingDeadline,
    postedDate: n.postedDate,
    lastAppealDay: n.lastAppealDay,
    takeDownDate: n.takeDownDate,
    storagePlace: n.storagePlace,
    contact: n.contact,
    state: publicState(n, today),
    awaitingPostings: n.awaitingPostings,
    postings: postings
      .filter((p) => p.noticeId === n.id)
      .map((p) => ({ boardId: p.boardId, boardName: p.boardName, kind: p.kind, postedDate: p.postedDate })),
    protocolSha256: justerat?.sha256 ?? n.protocolSha256,
    protocolSize: justerat?.size ?? null,
    protocolPdfUrl: n.publishPdf && n.filledDocumentId && justerat ? `${noticeUrl}/justerat-protokoll.pdf` : null,
    pdfUrl: published ? `${noticeUrl}/protokoll.pdf` : null,
    pdf: pdfDoc ? { kind: n.filledDocumentId ? 'posted' : 'justerat', sha256: pdfDoc.sha256, size: pdfDoc.size } : null,
    bevis: bevis ? { url: `${noticeUrl}/anslagsbevis.pdf`, sha256: bevis.sha256, size: bevis.size } : null,
    noticeUrl,
    updatedAt: n.updatedAt,
  };
}

/** The notice API's answer: the public view and what the secretary also sees (stored state, documents, postings, events). */
export function noticeDetail(input: NoticeViewInput & { events: NoticeEvent[] }) {
  const n = input.notice;
  const postings = input.postings.filter((p) => p.noticeId === n.id);
  return {
    ...noticeView(input),
    storedState: n.state,
    protocolId: n.protocolId,
    roundId: n.roundId,
    postAt: n.postAt,
    takenDownAt: n.takenDownAt,
    documentId: n.documentId,
    filledDocumentId: n.filledDocumentId,
    fieldsStatus: n.fieldsStatus,
    bevisDocumentId: n.bevisDocumentId,
    postings: postings.map((p) => ({
      boardId: p.boardId,
      boardName: p.boardName,
      kind: p.kind,
      postedDate: p.postedDate,
      postedAt: p.postedAt,
      recordedBy: p.recordedBy === null ? null : normaliseActor(p.recordedBy),
    })),
    events: input.events.map((e) => ({ kind: e.kind, at: e.at, actor: normaliseActor(e.actor), detail: e.detail as unknown })),
  };
}
export type NoticeDetail = ReturnType<typeof noticeDetail>;

/** The part of a notice the live status stamp covers: state, dates and whether the documents are sealed yet. */
export function noticeStatus(n: Notice) {
  return {
    id: n.id,
    roundId: n.roundId,
    state: n.state,
    postedDate: n.postedDate,
    lastAppealDay: n.lastAppealDay,
    takeDownDate: n.takeDownDate,
    awaitingPostings: n.awaitingPostings,
    fieldsStatus: n.fieldsStatus,
    anslagsbevis: !!n.bevisDocumentId,
  };
}
export type NoticeStatus = ReturnType<typeof noticeStatus>;
