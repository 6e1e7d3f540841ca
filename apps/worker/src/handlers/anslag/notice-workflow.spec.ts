import { randomUUID } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import type { EntityManager } from 'typeorm';
import type { Clock } from '@justera/anslag';
import type { KeysService } from '@justera/keys';
import { createDevelopmentCa, dssDataFor, issueSealCertificate, issueTsaCertificate, LocalTimestampAuthority, type CertificateAuthority, type Signer } from '@justera/pades';
import type {
  AnslagBoardEntity,
  AnslagEventEntity,
  AnslagNoticeEntity,
  AnslagPostingEntity,
  AnslagRepository,
  DocumentEntity,
  JusteringRepository,
  OrganEntity,
  OrganisationEntity,
  ProtocolEntity,
} from '@justera/persistence';
import { NoticeWorkflow } from './notice-workflow';

/** In-memory AnslagRepository: just enough of the abstract class for the use case. */
class FakeRepo {
  boards: AnslagBoardEntity[] = [];
  notices: AnslagNoticeEntity[] = [];
  postings: AnslagPostingEntity[] = [];
  events: AnslagEventEntity[] = [];
  documents: DocumentEntity[] = [];
  outbox: { jobName: string; payload: string; delayMs: number }[] = [];
  protocols: ProtocolEntity[] = [];
  organs: OrganEntity[] = [];
  organisations: OrganisationEntity[] = [];
  readonly manager = {
    create: (_: unknown, row: Record<string, unknown>) => row,
    insert: async (_: unknown, row: { jobName: string; payload: string; delayMs: number }) => void this.outbox.push(row),
  } as unknown as EntityManager;
  transaction = <T>(fn: (m: EntityManager) => Promise<T>) => fn(this.manager);
  listBoards = async (o: string, organ: string) => this.boards.filter((b) => b.organisationId === o && b.organId === organ && b.active);
  saveBoard = async (b: AnslagBoardEntity) => void (this.boards.includes(b) || this.boards.push(b));
  ensureOwnBoard = async (b: AnslagBoardEntity) => {
    const own = this.boards.find((x) => x.organisationId === b.organisationId && x.organId === b.organId && x.kind === 'justera' && x.active);
    if (own) return own;
    this.boards.push(b);
    return b;
  };
  findNoticeById = async (id: string) => this.notices.find((n) => n.id === id) ?? null;
  findNoticeByRound = async (id: string) => this.notices.find((n) => n.roundId === id) ?? null;
  noticesToReconcile = async () => this.notices.filter((n) => n.state !== 'archived');
  saveNotice = async (n: AnslagNoticeEntity) => {
    if (this.notices.some((x) => x.roundId === n.roundId && x.id !== n.id)) throw new Error('unique violation');
    if (!this.notices.includes(n)) this.notices.push({ ...n });
  };
  updateNotice = async (id: string, c: Partial<AnslagNoticeEntity>) => void Object.assign(this.notices.find((n) => n.id === id)!, c);
  postingsOf = async (ids: string[]) => this.postings.filter((p) => ids.includes(p.noticeId));
  savePosting = async (p: AnslagPostingEntity) => void (this.postings.includes(p) || this.postings.push(p));
  addEvent = async (e: AnslagEventEntity) => void this.events.push(e);
  findProtocol = async (id: string) => this.protocols.find((p) => p.id === id) ?? null;
  findOrgan = async (id: string) => this.organs.find((o) => o.id === id) ?? null;
  findOrganisation = async (id: string) => this.organisations.find((o) => o.id === id) ?? null;
  findDocument = async (_: string, id: string) => this.documents.find((d) => d.id === id) ?? null;
  insertDocument = async (d: DocumentEntity) => void this.documents.push(d);
}

let seal: Signer;
let ca: CertificateAuthority;
let tsu: LocalTimestampAuthority;
beforeAll(() => {
  const now = new Date();
  ca = createDevelopmentCa({ organisation: 'Testkommun', now, keyBits: 1024 } as never);
  seal = issueSealCertificate(ca, { organisation: 'Testkommun', now, keyBits: 1024 });
  tsu = new LocalTimestampAuthority(issueTsaCertificate(ca, { name: 'Test-TSU', now, keyBits: 1024 }));
}, 60_000);

async function setup(now: string) {
  const repo = new FakeRepo();
  const clock = { t: new Date(now), now() { return this.t; } };
  const org: OrganisationEntity = { id: randomUUID(), slug: 'testkommun', name: 'Testkommun', createdAt: new Date() };
  const organ: OrganEntity = { id: randomUUID(), organisationId: org.id, slug: 'ks', name: 'Kommunstyrelsen', storagePlace: 'Kommunhuset', createdAt: new Date() };
  const pdf = Buffer.from(await (await PDFDocument.create()).addPage().doc.save());
  const doc: DocumentEntity = { id: randomUUID(), organisationId: org.id, sha256: 'ab'.repeat(32), size: pdf.length, mediaType: 'application/pdf', fileName: 'p.pdf', content: pdf, createdAt: new Date() };
  const protocol = { id: randomUUID(), organisationId: org.id, organId: organ.id, source: 'uploaded', status: 'justerat', title: 'P', meetingDate: '2026-11-25', data: { paragraphs: '§§ 1-4', storagePlace: 'Arkivet' }, documentId: doc.id } as ProtocolEntity;
  Object.assign(repo, { organisations: [org], organs: [organ], protocols: [protocol], documents: [doc] });
  const justering = { findRound: async () => null, versions: async () => [] } as unknown as JusteringRepository;
  const keys = { seal: () => seal, timestamping: () => tsu, dss: (extra: Buffer[] = []) => { const d = dssDataFor(ca, new Date()); return { certs: [...extra, tsu.unit.certificate, ...d.certs], crls: d.crls }; } } as unknown as KeysService;
  const wf = new NoticeWorkflow(repo as unknown as AnslagRepository, justering, keys, clock as Clock, { publicUrl: 'https://justera.test' });
  return { repo, clock, wf, protocol, organ };
}

describe(NoticeWorkflow.name, () => {
  it('posts at once, derives the dates, schedules the take-down and seals the anslagsbevis; a repeated job changes nothing', async () => {
    const { repo, wf, protocol } = await setup('2026-12-02T10:00:00Z');
    const payload = { protocolId: protocol.id, roundId: randomUUID(), justeradAt: '2026-12-02T09:00:00Z' };
    expect((await wf.postNotice(payload)).status).toBe('done');
    expect(repo.notices).toHaveLength(1);
    const n = repo.notices[0];
    expect(n).toMatchObject({ state: 'current', postedDate: '2026-12-02', lastAppealDay: '2026-12-23', takeDownDate: '2026-12-24', paragraphs: '§§ 1-4', storagePlace: 'Arkivet', type: 'Justerat protokoll' });
    expect(n.bevisDocumentId).not.toBeNull();
    // An uploaded PDF without the ANSLAG fields: recorded, not retried for ever.
    expect(n.fieldsStatus).toBe('no-fields');
    const takeDown = repo.outbox.filter((o) => o.jobName === 'anslag.take-down');
    expect(takeDown).toHaveLength(1);
    expect(takeDown[0].delayMs).toBe(Date.parse('2026-12-23T23:00:00Z') - Date.parse('2026-12-02T10:00:00Z'));

    await wf.postNotice(payload);
    expect(repo.notices).toHaveLength(1);
    expect(repo.events.filter((e) => e.kind === 'posted')).toHaveLength(1);
    expect(repo.documents.filter((d) => d.id === n.bevisDocumentId)).toHaveLength(1);
  });

  it('schedules a posting for the next working day at the configured hour and posts it when reconciled after that', async () => {
    const { repo, wf, protocol, organ, clock } = await setup('2027-02-05T13:10:00Z');
    repo.boards.push({ id: randomUUID(), organisationId: organ.organisationId, organId: organ.id, name: 'Tavlan', kind: 'justera', url: null, postingMode: 'nextWorkingDayAt', postingHour: 9, takeDownPolicy: 'lastAppealDay', publishPdf: false, contact: 'kontakt@test', active: true, createdAt: new Date() });
    const payload = { protocolId: protocol.id, roundId: randomUUID(), justeradAt: '2027-02-05T13:00:00Z' };
    await wf.postNotice(payload);
    const n = repo.notices[0];
    expect(n).toMatchObject({ state: 'scheduled', postedDate: null, publishPdf: false, contact: 'kontakt@test' });
    expect(n.postAt.toISOString()).toBe('2027-02-08T08:00:00.000Z');
    expect(repo.outbox.find((o) => o.jobName === 'anslag.post-notice')?.delayMs).toBe(Date.parse('2027-02-08T08:00:00Z') - Date.parse('2027-02-05T13:10:00Z'));

    await wf.reconcile();
    expect(n.state).toBe('scheduled');
    clock.t = new Date('2027-02-08T08:00:00Z');
    await wf.reconcile();
    // Policy lastAppealDay: down on the last appeal day itself.
    expect(n).toMatchObject({ state: 'current', postedDate: '2027-02-08', lastAppealDay: '2027-03-01', takeDownDate: '2027-03-01' });
  });

  it('takes down only when due, records the actual take-down, and records a late posting as late', async () => {
    const { repo, wf, protocol, clock } = await setup('2026-12-07T10:00:00Z');
    // Justerad Wednesday 2026-12-02: deadline Friday 12-04; the job ran only on Monday 12-07.
    await wf.postNotice({ protocolId: protocol.id, roundId: randomUUID(), justeradAt: '2026-12-02T09:00:00Z' });
    const n = repo.notices[0];
    expect(n).toMatchObject({ postingDeadline: '2026-12-04', postedDate: '2026-12-07', lastAppealDay: '2026-12-28' });
    expect(JSON.parse(repo.events.find((e) => e.kind === 'posted')!.detail)).toMatchObject({ late: true });

    clock.t = new Date('2026-12-28T22:59:00Z');
    expect((await wf.takeDown(n.id)).status).toBe('skipped');
    expect(n.state).toBe('current');
    clock.t = new Date('2026-12-28T23:00:00Z');
    expect((await wf.takeDown(n.id)).status).toBe('done');
    expect(n.state).toBe('archived');
    expect(n.takenDownAt?.toISOString()).toBe('2026-12-28T23:00:00.000Z');
    expect((await wf.takeDown(n.id)).status).toBe('skipped');
    expect(repo.events.filter((e) => e.kind === 'taken-down')).toHaveLength(1);
  });

  it('skips a protocol that is gone or not justerat', async () => {
    const { repo, wf, protocol } = await setup('2026-12-02T10:00:00Z');
    expect((await wf.postNotice({ protocolId: randomUUID(), roundId: randomUUID(), justeradAt: '2026-12-02T09:00:00Z' })).status).toBe('skipped');
    protocol.status = 'justering';
    expect((await wf.postNotice({ protocolId: protocol.id, roundId: randomUUID(), justeradAt: '2026-12-02T09:00:00Z' })).status).toBe('skipped');
    expect(repo.notices).toHaveLength(0);
  });
});
