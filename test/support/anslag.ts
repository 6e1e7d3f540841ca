/** Helpers for anslag tests: a controllable clock file, justerat protocols and outbox jobs written straight to the database. */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { testClockDir as clockDirOf } from '@justera/config';
import { AnslagNoticeEntity, AnslagPostingEntity, OutboxMessageEntity, ProtocolEntity } from '@justera/persistence';
import { ROOT } from './processes';

/**
 * The test clock of one organisation (libs/anslag clock.ts): api and worker processes under
 * NODE_ENV=test read `<testClockDir>/<organisationId>`; an ISO instant freezes "now" for that
 * organisation only, so other tests' processes and organisations keep the real time.
 */
export class TestClock {
  readonly file: string;
  constructor(organisationId: string) {
    mkdirSync(clockDirOf(process.env), { recursive: true });
    this.file = join(clockDirOf(process.env), organisationId);
  }
  set(iso: string): void {
    writeFileSync(this.file, iso);
  }
  clear(): void {
    rmSync(this.file, { force: true });
  }
}

export function fixture(name: string): { organ: string; meeting: { date: string }; paragraphs: { number: number }[]; storagePlace: string } & Record<string, unknown> {
  return JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'protocols', `${name}.json`), 'utf8'));
}

/** A structured protocol in the state a finished justering leaves it in. */
export async function insertJusteratProtocol(ds: DataSource, organisationId: string, organId: string, meetingDate: string, name = 'halsingeradet-protokoll-627-638'): Promise<ProtocolEntity> {
  const data = fixture(name);
  data.meeting = { ...data.meeting, date: meetingDate };
  const now = new Date();
  const p: ProtocolEntity = {
    id: randomUUID(),
    organisationId,
    organId,
    source: 'structured',
    status: 'justerat',
    title: `Protokoll ${meetingDate}`,
    meetingDate,
    data,
    documentId: null,
    createdBy: 'test',
    createdAt: now,
    updatedAt: now,
    rowVersion: 1,
  };
  await ds.getRepository(ProtocolEntity).save(ds.getRepository(ProtocolEntity).create(p));
  return p;
}

/** What the justering workflow does in its last transaction: an outbox row the worker relays. */
export async function enqueueJob(ds: DataSource, jobName: string, payload: unknown): Promise<void> {
  await ds.getRepository(OutboxMessageEntity).insert({ id: randomUUID(), jobName, payload: JSON.stringify(payload), delayMs: 0, createdAt: new Date(), relayedAt: null, relayAttempts: 0, lastError: null });
}

/**
 * A posted notice written straight to the database (for page tests that need no worker): the
 * dates as the worker would store them for a posting on `postedDate`.
 */
export async function insertNotice(
  ds: DataSource,
  o: { organisationId: string; organId: string; protocolId: string; type?: string; organName: string; meetingDate: string; paragraphs: string | null; postedDate: string; lastAppealDay: string; takeDownDate: string; state: 'current' | 'archived'; takenDownAt?: Date },
): Promise<string> {
  const now = new Date();
  const id = randomUUID();
  const notice: AnslagNoticeEntity = {
    id,
    organisationId: o.organisationId,
    organId: o.organId,
    protocolId: o.protocolId,
    roundId: randomUUID(),
    type: o.type ?? 'Justerat protokoll',
    organName: o.organName,
    meetingDate: o.meetingDate,
    paragraphs: o.paragraphs,
    justeradAt: now,
    justeradDate: o.postedDate,
    postingDeadline: o.postedDate,
    postAt: now,
    postedDate: o.postedDate,
    lastAppealDay: o.lastAppealDay,
    takeDownDate: o.takeDownDate,
    takeDownPolicy: 'dayAfterLastAppealDay',
    awaitingPostings: false,
    storagePlace: 'Kommunhuset',
    contact: 'registrator@test.example',
    publishPdf: false,
    documentId: null,
    protocolSha256: 'ab'.repeat(32),
    filledDocumentId: null,
    fieldsStatus: null,
    bevisDocumentId: null,
    state: o.state,
    takenDownAt: o.takenDownAt ?? null,
    createdAt: now,
    updatedAt: now,
  };
  await ds.getRepository(AnslagNoticeEntity).save(ds.getRepository(AnslagNoticeEntity).create(notice));
  const posting: AnslagPostingEntity = { id: randomUUID(), noticeId: id, boardId: randomUUID(), boardName: 'Anslagstavlan', kind: 'justera', postedDate: o.postedDate, postedAt: now, recordedBy: 'system', createdAt: now };
  await ds.getRepository(AnslagPostingEntity).save(ds.getRepository(AnslagPostingEntity).create(posting));
  return id;
}
