import type { Caller } from '@justera/application';
import type { Board, Notice, Posting } from '../usecases/ports';
import type { InMemoryAnslagStore } from './in-memory-store';

let seq = 0;
/** A UUID-shaped id, unique within the run. */
export const testId = () => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;

/** A clock the spec sets (one time for every organisation). */
export class FixedClock {
  constructor(public t: Date) {}
  now() {
    return this.t;
  }
  set(iso: string) {
    this.t = new Date(iso);
  }
}

export const ORG = '00000000-0000-4000-8000-00000000a001';
export const ORGAN = '00000000-0000-4000-8000-00000000b001';

export function secretary(organIds: string[] = [ORGAN], organisationId = ORG): Caller {
  return { principal: { userId: '00000000-0000-4000-8000-00000000c001', organisationId, role: 'sekreterare', organIds }, via: 'session' };
}

export function board(kind: Board['kind'], name: string, over: Partial<Board> = {}): Board {
  return {
    id: testId(),
    organisationId: ORG,
    organId: ORGAN,
    name,
    kind,
    url: null,
    postingMode: 'immediate',
    postingHour: null,
    takeDownPolicy: 'dayAfterLastAppealDay',
    publishPdf: true,
    contact: null,
    active: true,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    ...over,
  };
}

/**
 * A notice justerad on `justeradDate` (deadline two days later) with one posting per board; `posted`
 * gives the boards' recorded dates by name. Its stored dates and state are as the use cases would
 * have left them only if the spec sets them; the default is what a freshly posted notice holds.
 */
export function addNotice(
  store: InMemoryAnslagStore,
  boards: Board[],
  over: Partial<Notice> = {},
  posted: Record<string, string> = {},
): { notice: Notice; postings: Posting[] } {
  const notice: Notice = {
    id: testId(),
    organisationId: ORG,
    organId: ORGAN,
    protocolId: testId(),
    roundId: testId(),
    type: 'Justerat protokoll',
    organName: 'Kommunstyrelsen',
    meetingDate: '2026-11-25',
    paragraphs: '§§ 1–4',
    justeradAt: new Date('2026-11-30T09:00:00Z'),
    justeradDate: '2026-11-30',
    postingDeadline: '2026-12-02',
    postAt: new Date('2026-11-30T09:00:00Z'),
    postedDate: null,
    lastAppealDay: null,
    takeDownDate: null,
    takeDownPolicy: 'dayAfterLastAppealDay',
    awaitingPostings: true,
    storagePlace: 'Kommunhuset',
    contact: null,
    publishPdf: true,
    documentId: null,
    protocolSha256: null,
    filledDocumentId: null,
    fieldsStatus: null,
    bevisDocumentId: null,
    state: 'current',
    takenDownAt: null,
    createdAt: new Date('2026-11-30T09:00:00Z'),
    updatedAt: new Date('2026-11-30T09:00:00Z'),
    ...over,
  };
  const postings: Posting[] = boards.map((b) => ({
    id: testId(),
    noticeId: notice.id,
    boardId: b.id,
    boardName: b.name,
    kind: b.kind,
    postedDate: posted[b.name] ?? null,
    postedAt: posted[b.name] ? new Date(`${posted[b.name]}T08:00:00Z`) : null,
    recordedBy: posted[b.name] ? 'system' : null,
    createdAt: notice.createdAt,
  }));
  store.boards.push(...boards);
  store.notices.push(notice);
  store.postings.push(...postings);
  return { notice, postings };
}
