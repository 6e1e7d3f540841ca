import { formatDateSv, formatDateTimeSv } from '@justera/sv';
import { CONFIG, ORG, ORGAN, addRound } from '../testing/fixtures';
import { InMemoryJusteringStore } from '../testing/in-memory-store';
import { CompleteRound } from './complete-round';
import type { PostingBoard } from './ports';

/** Approved (Stockholm, Thursday 2026-11-26) at 10:01, 10:03 and 10:05; every signature applied. */
const APPROVED = ['2026-11-26T09:01:00Z', '2026-11-26T09:05:00Z', '2026-11-26T09:03:00Z'].map((t) => new Date(t));

function setup(over: Parameters<typeof addRound>[1] = {}, boards: (PostingBoard & { organId?: string })[] = []) {
  const store = new InMemoryJusteringStore();
  const fx = addRound(store, { signingOrder: 'parallel', status: 'signing', ...over }, ['signed', 'signed', 'signed']);
  fx.sigs.forEach((s, i) =>
    Object.assign(store.signatory(s.id), { signedAt: APPROVED[i], signatureAppliedAt: new Date('2026-11-26T09:10:00Z') }),
  );
  store.boards.push(...boards.map((b) => ({ organisationId: ORG, organId: ORGAN, ...b })));
  const complete = (now: Date) =>
    store.unitOfWork(async (uow) => {
      const round = (await uow.round(fx.round.id))!;
      const version = (await uow.version(fx.version.id))!;
      const protocol = (await uow.lockProtocol(ORG, fx.protocol.id))!;
      await new CompleteRound(CONFIG).execute({ uow, protocol, round, version, sigs: await uow.signatories(round.id), now });
    });
  return { store, complete, ...fx };
}

describe(CompleteRound.name, () => {
  it('completes a whole-protocol round as of the last approval, makes the protocol justerat, mails the sekreterare, audits and hands the notice on', async () => {
    const { store, complete, round, protocol, version } = setup();
    await complete(new Date('2026-11-26T09:10:00Z'));

    // The legal justering time is the last approval, not when the worker appended the signature.
    expect(store.round(round.id)).toMatchObject({ status: 'completed', completedAt: new Date('2026-11-26T09:05:00Z') });
    expect(store.protocols[0].status).toBe('justerat');
    expect(store.mails).toEqual([expect.objectContaining({ organisationId: ORG, kind: 'justering.completed', to: 'sara@kommun.example' })]);
    const [mail] = store.mails;
    expect(mail.subject).toMatch(/^Protokollet är justerat/);
    for (const name of ['Sara Sekreterare', 'Olle Ordförande', 'Jana Justerare']) expect(mail.text).toContain(name);
    // No board yet: Justera's own is created immediate, so the notice goes up at once; no other board waits.
    expect(mail.text).toContain('automatiskt, nu direkt');
    expect(mail.text).not.toContain('Anslaget ska också sättas upp');
    expect(mail.text).toContain(`${CONFIG.publicUrl}/justering/${protocol.id}`);
    expect(store.events).toEqual([
      expect.objectContaining({
        type: 'completed',
        roundId: round.id,
        protocolId: protocol.id,
        actor: 'system',
        ip: null,
        at: new Date('2026-11-26T09:10:00Z'),
        data: {
          versionId: version.id,
          sha256: version.sha256,
          signedDocumentId: version.signedDocumentId,
          justeradAt: '2026-11-26T09:05:00.000Z',
        },
      }),
    ]);
    expect(store.jobs).toEqual([
      {
        name: 'anslag.post-notice',
        payload: {
          protocolId: protocol.id,
          roundId: round.id,
          justeradAt: '2026-11-26T09:05:00.000Z',
          documentId: version.signedDocumentId,
        },
        delayMs: 0,
      },
    ]);
  });

  it('an omedelbar justering leaves the protocol as it is and hands on its §§', async () => {
    const { store, complete, round, version } = setup({ paragraphs: [3, 4] });
    await complete(new Date('2026-11-26T09:10:00Z'));

    expect(store.round(round.id).status).toBe('completed');
    expect(store.protocols[0].status).toBe('draft');
    expect(store.mails[0].subject).toContain('§§ 3, 4');
    expect(store.jobs.map((j) => j.payload)).toEqual([
      expect.objectContaining({ paragraphs: [3, 4], documentId: version.signedDocumentId }),
    ]);
  });

  it('says when the board’s posting hour puts the notice up and which of the organ’s other boards wait for the sekreterare', async () => {
    const boards: (PostingBoard & { organId?: string })[] = [
      { kind: 'justera', name: 'Exempelkommuns anslagstavla', postingMode: 'nextWorkingDayAt', postingHour: 8 },
      { kind: 'external', name: 'Grannkommunens anslagstavla', postingMode: 'immediate', postingHour: null },
      { kind: 'external', name: 'Någon annans tavla', postingMode: 'immediate', postingHour: null, organId: 'another-organ' },
    ];
    const { store, complete, protocol } = setup({}, boards);
    await complete(new Date('2026-11-26T09:10:00Z'));

    const { text } = store.mails[0];
    // Justerad Thursday 10:05 Stockholm: posted Friday 08:00 Stockholm.
    expect(text).toContain(`automatiskt ${formatDateTimeSv(new Date('2026-11-27T07:00:00Z'))}`);
    expect(text).not.toContain('nu direkt');
    expect(text).toContain('Anslaget ska också sättas upp på Grannkommunens anslagstavla.');
    expect(text).not.toContain('Någon annans tavla');
    expect(text).toContain(`senast ${formatDateSv('2026-11-30')} `);
    expect(text).toContain(`${CONFIG.publicUrl}/anslag/protokoll/${protocol.id}`);
  });

  it('a round completed after its posting hour has passed says the notice goes up at once', async () => {
    const { store, complete } = setup({}, [
      { kind: 'justera', name: 'Exempelkommuns anslagstavla', postingMode: 'nextWorkingDayAt', postingHour: 8 },
    ]);
    // The last signature was appended only on Friday at 10:00 Stockholm (the TSA was down).
    await complete(new Date('2026-11-27T09:00:00Z'));

    expect(store.mails[0].text).toContain('automatiskt, nu direkt');
    // Still justerad when the last approval was given.
    expect(store.rounds[0].completedAt).toEqual(new Date('2026-11-26T09:05:00Z'));
  });
});
