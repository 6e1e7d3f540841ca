import { addRound, secretaryCaller, testId } from '../testing/fixtures';
import { InMemoryJusteringReads } from '../testing/in-memory-reads';
import { InMemoryJusteringStore } from '../testing/in-memory-store';
import { LiveState } from './live-state';

describe(LiveState.name, () => {
  it('gives the protocol’s status and each round’s status, version, signing progress and signatories', async () => {
    const store = new InMemoryJusteringStore();
    const fx = addRound(store, { signingFailures: 2 }, ['signed', 'sent', 'waiting']);
    store.signatory(fx.sigs[1].id).remindersSent = 1;
    const live = await new LiveState(new InMemoryJusteringReads(store)).execute({ caller: secretaryCaller(), protocolId: fx.protocol.id });

    expect(live).toEqual({
      protocolId: fx.protocol.id,
      protocolStatus: 'justering',
      rounds: [
        {
          id: fx.round.id,
          status: 'active',
          statusSv: expect.any(String),
          versionId: fx.version.id,
          signingPending: 1,
          signingFailures: 2,
          signatories: [
            expect.objectContaining({ id: fx.sigs[0].id, name: 'Sara Sekreterare', role: 'sekreterare', state: 'signed', turn: false, remindersSent: 0 }),
            expect.objectContaining({ id: fx.sigs[1].id, email: 'olle@kommun.example', role: 'ordforande', state: 'sent', turn: true, remindersSent: 1 }),
            expect.objectContaining({ id: fx.sigs[2].id, role: 'justerare', state: 'waiting', turn: false }),
          ],
        },
      ],
    });
  });

  it('changes when a signatory approves', async () => {
    const store = new InMemoryJusteringStore();
    const fx = addRound(store, {}, ['signed', 'sent', 'waiting']);
    const query = new LiveState(new InMemoryJusteringReads(store));
    const before = await query.execute({ caller: secretaryCaller(), protocolId: fx.protocol.id });
    Object.assign(store.signatory(fx.sigs[1].id), { state: 'signed', signedAt: new Date('2026-11-27T08:00:00Z') });
    store.signatory(fx.sigs[2].id).state = 'sent';
    const after = await query.execute({ caller: secretaryCaller(), protocolId: fx.protocol.id });
    expect(after).not.toEqual(before);
    expect(after.rounds[0].signatories.map((s) => s.turn)).toEqual([false, false, true]);
    expect(after.rounds[0].signingPending).toBe(2);
  });

  it('answers an unknown or another organisation’s protocol with not_found', async () => {
    const store = new InMemoryJusteringStore();
    const fx = addRound(store);
    const query = new LiveState(new InMemoryJusteringReads(store));
    await expect(query.execute({ caller: secretaryCaller(), protocolId: testId() })).rejects.toMatchObject({ code: 'not_found' });
    await expect(query.execute({ caller: secretaryCaller(undefined, testId()), protocolId: fx.protocol.id })).rejects.toMatchObject({ code: 'not_found' });
  });
});
