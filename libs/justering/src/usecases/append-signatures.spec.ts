import { formatDateSv, formatDateTimeSv } from '@justera/sv';
import { type SignDocumentInput, DocumentSigner } from '../signer';
import { CONFIG, FixedClock, ORG, ORGAN, addRound, testId } from '../testing/fixtures';
import { InMemoryJusteringStore } from '../testing/in-memory-store';
import { AppendSignatures } from './append-signatures';
import { CompleteRound } from './complete-round';
import { RecordSigningFailure } from './record-signing-failure';
import type { SigningLog } from './ports';

/** Appends "%sig <name> [certify] [final]" to the PDF; fails `failNext` times first (a TSA that answers 500). */
class MarkerSigner extends DocumentSigner {
  calls: SignDocumentInput[] = [];
  failNext = 0;
  error: Error = new Error('the TSA answered HTTP 500');
  /** Runs once, during the next call, before it returns (another job committing in between). */
  during?: () => Promise<void>;
  async sign(input: SignDocumentInput) {
    this.calls.push(input);
    if (this.failNext > 0) {
      this.failNext--;
      throw this.error;
    }
    const during = this.during;
    this.during = undefined;
    await during?.();
    const mark = `\n%sig ${input.signer.name}${input.certify ? ' certify' : ''}${input.final ? ' final' : ''}`;
    return { pdf: Buffer.concat([Buffer.from(input.pdf), Buffer.from(mark)]), method: input.final ? 'marker+lt' : 'marker' };
  }
}

const ATTEMPTS = 4;
const silent: SigningLog = { log: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * A parallel round whose signatories approved at the given minutes after 2026-11-26 09:00Z (null: not
 * yet); the frozen PDF is stored, the organisation named.
 */
function setup(approvedAtMin: (number | null)[], over: Parameters<typeof addRound>[1] = {}) {
  const store = new InMemoryJusteringStore();
  const all = approvedAtMin.every((m) => m !== null);
  const fx = addRound(
    store,
    { signingOrder: 'parallel', status: all ? 'signing' : 'active', ...over },
    approvedAtMin.map((m) => (m === null ? 'sent' : 'signed')),
  );
  fx.sigs.forEach((s, i) => {
    const m = approvedAtMin[i];
    const stored = store.signatory(s.id);
    if (m !== null)
      Object.assign(stored, { signedAt: new Date(Date.parse('2026-11-26T09:00:00Z') + m * 60_000), signedTransactionId: testId() });
  });
  store.documents.push({
    id: fx.version.signedDocumentId,
    organisationId: ORG,
    sha256: 'b'.repeat(64),
    size: 9,
    mediaType: 'application/pdf',
    fileName: 'protokoll.pdf',
    content: Buffer.from('%PDF-1.7'),
    createdAt: fx.version.createdAt,
  });
  store.organisations.push({ id: ORG, name: 'Exempelkommun' });
  const clock = new FixedClock(new Date('2026-11-26T12:00:00Z'));
  const signer = new MarkerSigner();
  const recordFailure = new RecordSigningFailure(store, clock, { publicUrl: CONFIG.publicUrl, attempts: ATTEMPTS }, silent);
  const useCase = new AppendSignatures(store, signer, clock, new CompleteRound(CONFIG), recordFailure, silent);
  const job = { roundId: fx.round.id, versionId: fx.version.id, attempt: 1 };
  const pdf = () => Buffer.from(store.documents.find((d) => d.id === store.versions[0].signedDocumentId)!.content).toString('utf8');
  return { store, signer, clock, useCase, job, pdf, ...fx };
}

describe(AppendSignatures.name, () => {
  it('appends every approval once, in approval order, one revision each, and completes the round as of the last approval', async () => {
    // Approved in the order ordförande (min 1), sekreterare (min 2), justerare (min 5).
    const { store, signer, useCase, job, pdf, sigs, round, protocol, version } = setup([2, 1, 5]);
    expect(await useCase.execute(job)).toEqual({ status: 'done', detail: 'round completed; 3 applied' });

    expect(pdf()).toBe('%PDF-1.7\n%sig Olle Ordförande\n%sig Sara Sekreterare\n%sig Jana Justerare final');
    expect(signer.calls.map((c) => [c.signer.name, c.fieldIndex, c.organisation.name, c.identifiedBy.startsWith('E-postlänk')])).toEqual([
      ['Olle Ordförande', 2, 'Exempelkommun', true],
      ['Sara Sekreterare', 1, 'Exempelkommun', true],
      ['Jana Justerare', 3, 'Exempelkommun', true],
    ]);
    // Each signature carries its approval's time and transaction id, not the time the job ran.
    expect(signer.calls.map((c) => c.signedAt)).toEqual([sigs[1], sigs[0], sigs[2]].map((s) => store.signatory(s.id).signedAt));
    expect(store.documents).toHaveLength(4);
    expect(store.signatories.map((s) => s.signatureMethod)).toEqual(['marker', 'marker', 'marker+lt']);
    expect(store.signatories.every((s) => s.signatureAppliedAt?.toISOString() === '2026-11-26T12:00:00.000Z')).toBe(true);

    expect(store.round(round.id)).toMatchObject({ status: 'completed', completedAt: new Date('2026-11-26T09:05:00Z') });
    expect(store.protocols[0].status).toBe('justerat');
    expect(store.events.map((e) => [e.type, e.actor])).toEqual([
      ['signature.applied', 'system'],
      ['signature.applied', 'system'],
      ['signature.applied', 'system'],
      ['completed', 'system'],
    ]);
    expect(store.events[0].transactionId).toBe(store.signatory(sigs[1].id).signedTransactionId);
    expect(store.events[2].data).toMatchObject({
      signatoryId: sigs[2].id,
      role: 'justerare',
      certify: false,
      final: true,
      signatureMethod: 'marker+lt',
    });
    expect(store.events[3].data).toEqual({
      versionId: version.id,
      sha256: version.sha256,
      signedDocumentId: store.versions[0].signedDocumentId,
      justeradAt: '2026-11-26T09:05:00.000Z',
    });
    expect(store.jobs).toEqual([
      {
        name: 'anslag.post-notice',
        payload: {
          protocolId: protocol.id,
          roundId: round.id,
          justeradAt: '2026-11-26T09:05:00.000Z',
          documentId: store.versions[0].signedDocumentId,
        },
        delayMs: 0,
      },
    ]);
    expect(store.mails).toEqual([expect.objectContaining({ kind: 'justering.completed', to: 'sara@kommun.example', organisationId: ORG })]);
    // No board yet: Justera's own is created immediate, so the notice goes up at once.
    expect(store.mails[0].text).toContain('nu direkt');
    expect(store.mails[0].text).toContain(`${CONFIG.publicUrl}/justering/${protocol.id}`);
  });

  it('reads the organisation once per job, not once per signature', async () => {
    const { store, signer, useCase, job } = setup([2, 1, 5]);
    const read = store.findOrganisation;
    const reads: string[] = [];
    store.findOrganisation = (id) => (reads.push(id), read(id));
    await useCase.execute(job);
    expect(signer.calls).toHaveLength(3);
    expect(reads).toEqual([ORG]);
  });

  it('is idempotent: a retried or late job finds every signature in the PDF and does nothing', async () => {
    const { store, signer, useCase, job } = setup([1, 2, 3]);
    await useCase.execute(job);
    const calls = signer.calls.length;
    const before = { events: store.events.length, mails: store.mails.length, jobs: store.jobs.length, docs: store.documents.length };
    expect(await useCase.execute({ ...job, attempt: 2 })).toEqual({ status: 'skipped', detail: 'round completed; 0 applied' });
    expect(signer.calls).toHaveLength(calls);
    expect({ events: store.events.length, mails: store.mails.length, jobs: store.jobs.length, docs: store.documents.length }).toEqual(
      before,
    );
  });

  it('appends what is approved so far and completes nothing until everyone has signed', async () => {
    const { store, signer, useCase, job, pdf, round, sigs } = setup([0, null, null]);
    expect(await useCase.execute(job)).toEqual({ status: 'done', detail: '1 applied; nothing pending' });
    expect(pdf()).toBe('%PDF-1.7\n%sig Sara Sekreterare certify');
    expect(store.round(round.id).status).toBe('active');
    expect(store.protocols[0].status).toBe('justering');
    expect(store.events.map((e) => e.type)).toEqual(['signature.applied']);
    expect(store.mails).toEqual([]);
    expect(store.jobs).toEqual([]);
    // A second job for the same approvals: nothing pending.
    expect(await useCase.execute(job)).toEqual({ status: 'skipped', detail: '0 applied; nothing pending' });
    expect(signer.calls).toHaveLength(1);

    // The others approve later: their job appends both and completes.
    for (const [i, m] of [
      [1, 30],
      [2, 31],
    ] as const)
      Object.assign(store.signatory(sigs[i].id), {
        state: 'signed',
        signedSha256: 'a'.repeat(64),
        signedAt: new Date(Date.parse('2026-11-26T09:00:00Z') + m * 60_000),
      });
    store.round(round.id).status = 'signing';
    expect(await useCase.execute(job)).toEqual({ status: 'done', detail: 'round completed; 2 applied' });
    expect(pdf()).toBe('%PDF-1.7\n%sig Sara Sekreterare certify\n%sig Olle Ordförande\n%sig Jana Justerare final');
    expect(store.round(round.id).completedAt).toEqual(new Date('2026-11-26T09:31:00Z'));
  });

  it('signs again on the new revision when another job appended in between, never forking the file', async () => {
    const { store, signer, useCase, job, pdf, sigs } = setup([0, null, null]);
    // While this job signs, a parallel one commits the same signature.
    signer.during = async () => {
      expect(await useCase.execute({ ...job, attempt: 1 })).toMatchObject({ status: 'done' });
    };
    expect(await useCase.execute(job)).toEqual({ status: 'skipped', detail: '0 applied; nothing pending' });
    expect(pdf()).toBe('%PDF-1.7\n%sig Sara Sekreterare certify');
    expect(store.documents).toHaveLength(2);
    expect(store.events.filter((e) => e.type === 'signature.applied')).toHaveLength(1);
    expect(store.signatory(sigs[0].id).signatureMethod).toBe('marker');
  });

  it('skips a replaced version, a cancelled or changed round, a round that is gone', async () => {
    const { store, signer, useCase, job, round } = setup([0, null, null]);
    expect(await useCase.execute({ ...job, versionId: testId() })).toEqual({ status: 'skipped', detail: 'version replaced' });
    expect(await useCase.execute({ ...job, roundId: testId() })).toEqual({ status: 'skipped', detail: 'round gone' });
    store.round(round.id).status = 'cancelled';
    expect(await useCase.execute(job)).toEqual({ status: 'skipped', detail: 'round cancelled; 0 applied' });
    store.round(round.id).status = 'change_requested';
    expect(await useCase.execute(job)).toEqual({ status: 'skipped', detail: 'round change_requested; 0 applied' });
    expect(signer.calls).toHaveLength(0);
    expect(store.commits).toBe(0);
  });

  it('passes the verified identity of an e-legitimation approval to the signer; a malformed one fails the job and is recorded', async () => {
    const { store, signer, useCase, job, sigs, round } = setup([0, 1, null]);
    store.signatory(sigs[0].id).identity = JSON.stringify({
      provider: 'Freja eID',
      iss: 'https://idp',
      sub: 's',
      name: 'Sara S',
      authTime: null,
      acr: null,
    });
    store.signatory(sigs[1].id).identity = '{"provider":"Freja eID"}';
    await expect(useCase.execute(job)).rejects.toThrow(/stored identity is malformed/);
    expect(signer.calls).toHaveLength(1);
    expect(signer.calls[0].identifiedBy).toBe('E-legitimation (Freja eID) efter personlig länk via e-post');
    expect(signer.calls[0].verified).toEqual({ name: 'Sara S', provider: 'Freja eID' });
    expect(store.round(round.id)).toMatchObject({ signingFailures: 1, signingError: expect.stringContaining('StoredIdentityError') });
    expect(store.events.map((e) => e.type)).toEqual(['signature.applied', 'signing.failed']);
  });
});

describe(CompleteRound.name, () => {
  it('keeps the protocol’s status for an omedelbar justering and hands its §§ to the notice', async () => {
    const { store, useCase, job, round } = setup([1, 2, 3], { paragraphs: [4, 5] });
    await useCase.execute(job);
    expect(store.round(round.id).status).toBe('completed');
    expect(store.protocols[0].status).toBe('draft');
    expect(store.jobs[0].payload).toMatchObject({ paragraphs: [4, 5], justeradAt: '2026-11-26T09:03:00.000Z' });
    expect(store.mails[0].subject).toContain('§§ 4, 5');
  });

  it('tells the secretary when the board’s posting hour puts the notice up and which other boards wait for her', async () => {
    const { store, useCase, job, protocol } = setup([1, 2, 3]);
    store.boards.push(
      {
        organisationId: ORG,
        organId: ORGAN,
        kind: 'justera',
        name: 'Exempelkommuns anslagstavla',
        postingMode: 'nextWorkingDayAt',
        postingHour: 8,
      },
      {
        organisationId: ORG,
        organId: ORGAN,
        kind: 'external',
        name: 'Grannkommunens anslagstavla',
        postingMode: 'immediate',
        postingHour: null,
      },
      {
        organisationId: ORG,
        organId: 'another-organ',
        kind: 'external',
        name: 'Någon annans tavla',
        postingMode: 'immediate',
        postingHour: null,
      },
    );
    await useCase.execute(job);
    const text = store.mails[0].text;
    // Justerad Thursday 2026-11-26 10:03 Stockholm: posted the next working day at 08:00 Stockholm.
    expect(text).toContain(`automatiskt ${formatDateTimeSv(new Date('2026-11-27T07:00:00Z'))}`);
    expect(text).toContain('Anslaget ska också sättas upp på Grannkommunens anslagstavla.');
    expect(text).not.toContain('Någon annans tavla');
    expect(text).toContain(`senast ${formatDateSv('2026-11-30')} `);
    expect(text).toContain(`${CONFIG.publicUrl}/anslag/protokoll/${protocol.id}`);
  });
});

describe(RecordSigningFailure.name, () => {
  it('keeps a failure on the round, audits the first of a streak, mails the secretary once the tries are used up; a success clears it', async () => {
    const { store, signer, useCase, job, round, sigs, version, pdf } = setup([0, null, null]);
    signer.failNext = ATTEMPTS;
    await expect(useCase.execute({ ...job, attempt: 1 })).rejects.toThrow('HTTP 500');
    await expect(useCase.execute({ ...job, attempt: 2 })).rejects.toThrow('HTTP 500');
    expect(store.round(round.id)).toMatchObject({
      status: 'active',
      signingFailures: 2,
      signingError: 'the TSA answered HTTP 500',
      signingFailedAt: new Date('2026-11-26T12:00:00Z'),
    });
    expect(store.versions[0].signedDocumentId).toBe(version.signedDocumentId);
    expect(store.events).toEqual([
      expect.objectContaining({
        type: 'signing.failed',
        actor: 'system',
        data: { signatoryId: sigs[0].id, role: 'sekreterare', versionId: version.id, error: 'the TSA answered HTTP 500', attempt: 1 },
      }),
    ]);
    expect(store.mails).toEqual([]);

    await expect(useCase.execute({ ...job, attempt: 3 })).rejects.toThrow('HTTP 500');
    await expect(useCase.execute({ ...job, attempt: 4 })).rejects.toThrow('HTTP 500');
    expect(store.round(round.id).signingFailures).toBe(ATTEMPTS);
    expect(store.mails).toEqual([expect.objectContaining({ kind: 'justering.signing-delayed', to: 'sara@kommun.example' })]);
    expect(store.mails[0].subject).toMatch(/^Underskrifterna dröjer/);
    expect(store.mails[0].text).toContain(`efter ${ATTEMPTS} försök`);
    expect(store.events.map((e) => e.type)).toEqual(['signing.failed']);

    expect(await useCase.execute({ ...job, attempt: 1 })).toMatchObject({ status: 'done' });
    expect(store.round(round.id)).toMatchObject({ signingFailures: 0, signingError: null, signingFailedAt: null });
    expect(store.events.map((e) => e.type)).toEqual(['signing.failed', 'signature.applied']);
    expect(pdf()).toContain('%sig Sara Sekreterare certify');
  });

  it('names the error’s class unless it is a plain Error, and keeps at most 480 characters', async () => {
    const { store, signer, useCase, job, round } = setup([0, null, null]);
    signer.failNext = 1;
    signer.error = new TypeError('x'.repeat(600));
    await expect(useCase.execute(job)).rejects.toThrow(TypeError);
    const error = store.round(round.id).signingError!;
    expect(error).toMatch(/^TypeError: x+$/);
    expect(error).toHaveLength(480);
  });

  it('records nothing for a round that is gone and still lets the job fail with the signer’s error', async () => {
    const { store, signer, job } = setup([0, null, null]);
    const clock = new FixedClock(new Date('2026-11-26T12:00:00Z'));
    const errors: string[] = [];
    const log: SigningLog = { log: () => undefined, warn: () => undefined, error: (_d, m) => void errors.push(m) };
    const record = new RecordSigningFailure(store, clock, { publicUrl: CONFIG.publicUrl, attempts: ATTEMPTS }, log);
    await record.execute({
      roundId: testId(),
      signatory: { id: 'x', role: 'justerare' },
      version: { id: 'v', sha256: 'a' },
      error: new Error('e'),
      attempt: 1,
    });
    expect(store.commits).toBe(0);
    // A store that fails: logged, not thrown.
    const broken = new RecordSigningFailure(
      { ...store, findRound: () => Promise.reject(new Error('db down')) } as unknown as InMemoryJusteringStore,
      clock,
      { publicUrl: CONFIG.publicUrl, attempts: ATTEMPTS },
      log,
    );
    await expect(
      broken.execute({
        roundId: job.roundId,
        signatory: { id: 'x', role: 'justerare' },
        version: { id: 'v', sha256: 'a' },
        error: new Error('e'),
        attempt: 1,
      }),
    ).resolves.toBeUndefined();
    expect(errors).toEqual(['could not record the signing failure']);
    expect(signer.calls).toHaveLength(0);
  });
});
