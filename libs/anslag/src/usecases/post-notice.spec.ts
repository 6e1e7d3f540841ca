import { PDFDocument } from 'pdf-lib';
import {
  createDevelopmentCa,
  dssDataFor,
  issueSealCertificate,
  issueTsaCertificate,
  LocalTimestampAuthority,
  TsaError,
  type CertificateAuthority,
  type Signer,
} from '@justera/pades';
import { FixedClock, ORG, ORGAN, board, testId } from '../testing/fixtures';
import { InMemoryAnslagStore } from '../testing/in-memory-store';
import { MakeNoticeDocuments, SealKeys, UseCaseLog } from './make-notice-documents';
import { PostNotice } from './post-notice';
import { ReconcileNotices } from './reconcile-notices';
import { TakeDownNotice } from './take-down-notice';

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
  const store = new InMemoryAnslagStore();
  const clock = new FixedClock(new Date(now));
  const warnings: string[] = [];
  const log: UseCaseLog = { warn: (_, m) => void warnings.push(m), error: (_, m) => void warnings.push(m) };
  const pdf = Buffer.from(await (await PDFDocument.create()).addPage().doc.save());
  const doc = {
    id: testId(),
    organisationId: ORG,
    sha256: 'ab'.repeat(32),
    size: pdf.length,
    mediaType: 'application/pdf',
    fileName: 'p.pdf',
    content: pdf,
    createdAt: new Date(),
  };
  const protocol = {
    id: testId(),
    organisationId: ORG,
    organId: ORGAN,
    source: 'uploaded',
    status: 'justerat',
    title: 'P',
    meetingDate: '2026-11-25',
    data: { paragraphs: '§§ 1-4', storagePlace: 'Arkivet' },
    documentId: doc.id,
  };
  store.organisations.push({ id: ORG, slug: 'testkommun', name: 'Testkommun' });
  store.organs.push({ id: ORGAN, organisationId: ORG, name: 'Kommunstyrelsen', storagePlace: 'Kommunhuset' });
  store.protocols.push(protocol);
  store.documents.push(doc);
  const keys: SealKeys & { sealedFor: { id: string; name: string }[] } = {
    sealedFor: [],
    seal(organisation) {
      this.sealedFor.push(organisation);
      return seal;
    },
    timestamping: () => tsu,
    dss: (extra: Buffer[] = []) => {
      const d = dssDataFor(ca, new Date());
      return { certs: [...extra, tsu.unit.certificate, ...d.certs], crls: d.crls };
    },
  };
  const documents = new MakeNoticeDocuments(store, clock, keys, 'https://justera.test', log);
  const post = new PostNotice(store, clock, documents, log);
  const takeDown = new TakeDownNotice(store, clock);
  const reconcile = new ReconcileNotices(store, clock, post, takeDown, documents, log);
  return { store, clock, post, takeDown, reconcile, documents, keys, protocol, warnings, log };
}

describe(PostNotice.name, () => {
  it('posts at once, derives the dates, schedules the take-down and seals the anslagsbevis; a repeated job changes nothing', async () => {
    const { store, post, protocol, keys } = await setup('2026-12-02T10:00:00Z');
    const payload = { protocolId: protocol.id, roundId: testId(), justeradAt: '2026-12-02T09:00:00Z' };
    expect((await post.execute(payload)).status).toBe('done');
    expect(store.notices).toHaveLength(1);
    const n = store.notices[0];
    expect(n).toMatchObject({
      state: 'current',
      postedDate: '2026-12-02',
      lastAppealDay: '2026-12-23',
      takeDownDate: '2026-12-24',
      paragraphs: '§§ 1-4',
      storagePlace: 'Arkivet',
      type: 'Justerat protokoll',
      protocolSha256: 'ab'.repeat(32),
    });
    expect(n.bevisDocumentId).not.toBeNull();
    // An uploaded PDF without the ANSLAG fields: recorded, not retried for ever.
    expect(n.fieldsStatus).toBe('no-fields');
    expect(store.postings.filter((p) => p.noticeId === n.id)).toEqual([
      expect.objectContaining({ boardName: 'Anslagstavlan', postedDate: '2026-12-02', recordedBy: 'system' }),
    ]);
    const takeDown = store.jobs.filter((j) => j.name === 'anslag.take-down');
    expect(takeDown).toEqual([
      {
        name: 'anslag.take-down',
        payload: { noticeId: n.id },
        delayMs: Date.parse('2026-12-23T23:00:00Z') - Date.parse('2026-12-02T10:00:00Z'),
      },
    ]);
    expect(store.eventsOf(n.id).map((e) => [e.kind, e.actor])).toEqual([
      ['scheduled', 'system'],
      ['posted', 'system'],
      ['bevis-sealed', 'system'],
      ['fields-no-fields', 'system'],
    ]);
    // Sealed by the notice's organisation as stored (its own seal), for the anslagsbevis and the fields.
    expect(keys.sealedFor).toEqual([
      { id: ORG, name: 'Testkommun' },
      { id: ORG, name: 'Testkommun' },
    ]);

    await post.execute(payload);
    expect(store.notices).toHaveLength(1);
    expect(store.events.filter((e) => e.kind === 'posted')).toHaveLength(1);
    expect(store.documents.filter((d) => d.id === n.bevisDocumentId)).toHaveLength(1);
  });

  it('schedules a posting for the next working day at the configured hour and posts it when reconciled after that', async () => {
    const { store, post, reconcile, protocol, clock } = await setup('2027-02-05T13:10:00Z');
    store.boards.push(
      board('justera', 'Tavlan', {
        postingMode: 'nextWorkingDayAt',
        postingHour: 9,
        takeDownPolicy: 'lastAppealDay',
        publishPdf: false,
        contact: 'kontakt@test',
      }),
    );
    const payload = { protocolId: protocol.id, roundId: testId(), justeradAt: '2027-02-05T13:00:00Z' };
    await post.execute(payload);
    expect(store.notices[0]).toMatchObject({ state: 'scheduled', postedDate: null, publishPdf: false, contact: 'kontakt@test' });
    expect(store.notices[0].postAt.toISOString()).toBe('2027-02-08T08:00:00.000Z');
    expect(store.jobs.find((j) => j.name === 'anslag.post-notice')).toEqual({
      name: 'anslag.post-notice',
      payload,
      delayMs: Date.parse('2027-02-08T08:00:00Z') - Date.parse('2027-02-05T13:10:00Z'),
    });

    await reconcile.execute();
    expect(store.notices[0].state).toBe('scheduled');
    clock.set('2027-02-08T08:00:00Z');
    expect((await reconcile.execute()).detail).toBe('1 looked at, 1 posted, 0 taken down, 0 failed');
    // Policy lastAppealDay: down on the last appeal day itself.
    expect(store.notices[0]).toMatchObject({
      state: 'current',
      postedDate: '2027-02-08',
      lastAppealDay: '2027-03-01',
      takeDownDate: '2027-03-01',
    });
  });

  it('records a posting after the legal deadline as late, and warns', async () => {
    const { store, post, protocol, warnings } = await setup('2026-12-07T10:00:00Z');
    // Justerad Wednesday 2026-12-02: deadline Friday 12-04; the job ran only on Monday 12-07.
    await post.execute({ protocolId: protocol.id, roundId: testId(), justeradAt: '2026-12-02T09:00:00Z' });
    expect(store.notices[0]).toMatchObject({ postingDeadline: '2026-12-04', postedDate: '2026-12-07', lastAppealDay: '2026-12-28' });
    expect(store.events.find((e) => e.kind === 'posted')!.detail).toMatchObject({ late: true, deadline: '2026-12-04' });
    expect(warnings).toContain('notice posted after the legal posting deadline');
  });

  it('makes an excerpt notice of the §§ of an omedelbar justering, from the round’s signed version', async () => {
    const { store, post, protocol } = await setup('2026-12-02T10:00:00Z');
    const round = {
      id: testId(),
      status: 'completed',
      paragraphs: [7, 5, 6],
      signedDocumentId: store.documents[0].id,
      signedSha256: 'cd'.repeat(32),
    };
    store.rounds.push(round);
    await post.execute({ protocolId: protocol.id, roundId: round.id, justeradAt: '2026-12-02T09:00:00Z' });
    expect(store.notices[0]).toMatchObject({
      type: 'Justerat protokollsutdrag',
      paragraphs: '§§ 5–7',
      documentId: round.signedDocumentId,
      protocolSha256: 'cd'.repeat(32),
    });
  });

  it('uses the notice a concurrent run made first for the same round', async () => {
    const { store, post, protocol } = await setup('2026-12-02T10:00:00Z');
    const payload = { protocolId: protocol.id, roundId: testId(), justeradAt: '2026-12-02T09:00:00Z' };
    const [a, b] = await Promise.all([post.execute(payload), post.execute(payload)]);
    expect([a.status, b.status]).toEqual(['done', 'done']);
    expect(store.notices).toHaveLength(1);
    expect(store.events.filter((e) => e.kind === 'scheduled')).toHaveLength(1);
    expect(store.postings).toHaveLength(1);
  });

  it('skips a protocol that is gone, not justerat, or whose round is not completed', async () => {
    const { store, post, protocol } = await setup('2026-12-02T10:00:00Z');
    expect(await post.execute({ protocolId: testId(), roundId: testId(), justeradAt: '2026-12-02T09:00:00Z' })).toEqual({
      status: 'skipped',
      detail: 'protocol gone',
    });
    const round = { id: testId(), status: 'signing', paragraphs: null, signedDocumentId: null, signedSha256: null };
    store.rounds.push(round);
    expect(await post.execute({ protocolId: protocol.id, roundId: round.id, justeradAt: '2026-12-02T09:00:00Z' })).toEqual({
      status: 'skipped',
      detail: 'round is signing',
    });
    store.protocols[0].status = 'justering';
    expect((await post.execute({ protocolId: protocol.id, roundId: testId(), justeradAt: '2026-12-02T09:00:00Z' })).status).toBe('skipped');
    expect(store.notices).toHaveLength(0);
  });
});

describe(TakeDownNotice.name, () => {
  it('takes down only when due (to the minute), records the actual instant once, and skips a repeated job', async () => {
    const { store, post, takeDown, protocol, clock } = await setup('2026-12-07T10:00:00Z');
    await post.execute({ protocolId: protocol.id, roundId: testId(), justeradAt: '2026-12-02T09:00:00Z' });
    const id = store.notices[0].id;
    clock.set('2026-12-28T22:59:00Z');
    expect(await takeDown.execute({ noticeId: id })).toEqual({
      status: 'skipped',
      detail: 'not due (take-down 2026-12-29, today 2026-12-28)',
    });
    expect(store.notices[0].state).toBe('current');
    clock.set('2026-12-28T23:00:00Z');
    expect((await takeDown.execute({ noticeId: id })).status).toBe('done');
    expect(store.notices[0]).toMatchObject({ state: 'archived', takenDownAt: new Date('2026-12-28T23:00:00Z') });
    expect(await takeDown.execute({ noticeId: id })).toEqual({ status: 'skipped', detail: 'notice is archived' });
    expect(store.events.filter((e) => e.kind === 'taken-down')).toEqual([
      expect.objectContaining({
        actor: 'system',
        detail: { takeDownDate: '2026-12-29', lastAppealDay: '2026-12-28', at: '2026-12-28T23:00:00.000Z' },
      }),
    ]);
    expect(await takeDown.execute({ noticeId: testId() })).toEqual({ status: 'skipped', detail: 'notice gone' });
  });
});

describe(ReconcileNotices.name, () => {
  it('archives a due notice, makes missing documents, and goes on past a notice that fails', async () => {
    const { store, post, reconcile, protocol, clock, keys, log } = await setup('2026-12-02T10:00:00Z');
    await post.execute({ protocolId: protocol.id, roundId: testId(), justeradAt: '2026-12-02T09:00:00Z' });
    // A second notice whose anslagsbevis could not be sealed (a time-stamp authority outage).
    const failing = new MakeNoticeDocuments(
      store,
      clock,
      { ...keys, timestamping: () => ({ timestamp: () => Promise.reject(new TsaError('TSA down', 'unavailable')) }) },
      'https://justera.test',
      log,
    );
    const other = new PostNotice(store, clock, failing, log);
    await expect(other.execute({ protocolId: protocol.id, roundId: testId(), justeradAt: '2026-12-02T09:00:00Z' })).rejects.toThrow(
      'TSA down',
    );
    expect(store.notices[1]).toMatchObject({ state: 'current', bevisDocumentId: null });

    clock.set('2026-12-24T00:00:00Z');
    expect((await reconcile.execute()).detail).toBe('2 looked at, 0 posted, 2 taken down, 0 failed');
    expect(store.notices.map((n) => n.state)).toEqual(['archived', 'archived']);
    expect(store.notices[1].bevisDocumentId).not.toBeNull();
  });
});
