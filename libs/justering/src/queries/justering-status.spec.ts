import { FixedClock, addRound, secretaryCaller, testId } from '../testing/fixtures';
import { InMemoryJusteringReads } from '../testing/in-memory-reads';
import { InMemoryJusteringStore } from '../testing/in-memory-store';
import { JusteringStatus, JusteringStatusList } from './justering-status';
import type { JusteringReads } from './ports';

const BEFORE_DEADLINE = new Date('2026-12-01T10:00:00Z');
const AFTER_DEADLINE = new Date('2026-12-10T10:00:00Z');

function setup(now = BEFORE_DEADLINE) {
  const store = new InMemoryJusteringStore();
  const reads = new InMemoryJusteringReads(store);
  const clock = new FixedClock(now);
  return { store, reads, clock, status: new JusteringStatus(reads, clock), list: new JusteringStatusList(reads, clock) };
}

describe(JusteringStatus.name, () => {
  it('gives each round its deadline, signing progress, versions and signatories, and whose turn it is', async () => {
    const { store, status } = setup();
    const fx = addRound(store, {}, ['signed', 'sent', 'waiting']);
    const s = await status.execute({ caller: secretaryCaller(), protocolId: fx.protocol.id });

    expect(s).toMatchObject({ protocolId: fx.protocol.id, title: 'Protokoll', organ: 'Kommunstyrelsen', meetingDate: '2026-11-25', protocolStatus: 'justering' });
    expect(s.rounds).toHaveLength(1);
    const r = s.rounds[0];
    expect(r).toMatchObject({
      id: fx.round.id,
      status: 'active',
      statusSv: expect.any(String),
      order: 'sequential',
      identityLevel: 'e-postlank',
      paragraphs: null,
      deadline: '2026-12-09',
      deadlinePassed: false,
      signing: { pending: 1, error: null, failedAt: null, failures: 0 },
      version: { id: fx.version.id, number: 1, sha256: fx.version.sha256, size: 1000, previousSha256: null },
    });
    expect(r.versions.map((v) => v.id)).toEqual([fx.version.id]);
    expect(r.signatories.map((g) => [g.role, g.state, g.turn])).toEqual([
      ['sekreterare', 'signed', false],
      ['ordforande', 'sent', true],
      ['justerare', 'waiting', false],
    ]);
    expect(r.signatories[1]).toMatchObject({ roleSv: 'ordförande', name: 'Olle Ordförande', stateSv: expect.any(String) });
  });

  it('says the deadline has passed only while someone still has to approve', async () => {
    const { store, status } = setup(AFTER_DEADLINE);
    const open = addRound(store);
    const done = addRound(store, { status: 'completed', completedAt: new Date('2026-12-02T10:00:00Z') }, ['signed', 'signed', 'signed']);
    const caller = secretaryCaller();
    expect((await status.execute({ caller, protocolId: open.protocol.id })).rounds[0].deadlinePassed).toBe(true);
    expect((await status.execute({ caller, protocolId: done.protocol.id })).rounds[0].deadlinePassed).toBe(false);
  });

  it('gives only the round asked for, with the versions by number', async () => {
    const { store, status } = setup();
    const fx = addRound(store, { paragraphs: [3, 4] });
    const later = { ...fx.round, id: testId(), paragraphs: [7], createdAt: new Date('2026-11-27T08:00:00Z') };
    const laterVersion = { ...fx.version, id: testId(), roundId: later.id };
    later.currentVersionId = laterVersion.id;
    store.rounds.push(later);
    store.versions.push(laterVersion);
    const v2 = { ...fx.version, id: testId(), number: 2, previousSha256: fx.version.sha256, sha256: 'b'.repeat(64), reason: 'Rättelse' };
    store.versions.unshift(v2);
    store.round(fx.round.id).currentVersionId = v2.id;

    const all = await status.execute({ caller: secretaryCaller(), protocolId: fx.protocol.id });
    expect(all.rounds.map((r) => [r.id, r.paragraphs])).toEqual([[fx.round.id, [3, 4]], [later.id, [7]]]);
    const one = await status.execute({ caller: secretaryCaller(), protocolId: fx.protocol.id, roundId: fx.round.id });
    expect(one.rounds.map((r) => r.id)).toEqual([fx.round.id]);
    expect(one.rounds[0].version).toMatchObject({ id: v2.id, number: 2 });
    expect(one.rounds[0].versions.map((v) => [v.number, v.reason])).toEqual([[1, null], [2, 'Rättelse']]);
  });

  it('answers another organisation’s protocol with not_found and another organ’s with forbidden', async () => {
    const { store, status } = setup();
    const fx = addRound(store);
    await expect(status.execute({ caller: secretaryCaller(undefined, testId()), protocolId: fx.protocol.id })).rejects.toMatchObject({ code: 'not_found' });
    await expect(status.execute({ caller: secretaryCaller([testId()]), protocolId: fx.protocol.id })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(status.execute({ caller: secretaryCaller(), protocolId: testId() })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('reads again when the worker completes the round between the protocol’s read and its rounds’, so the answer never mixes the two', async () => {
    const { store, reads, clock } = setup();
    const fx = addRound(store, { status: 'signing' }, ['signed', 'signed', 'signed']);
    // The worker's transaction commits right after the protocol was read, before its rounds are.
    let completed = false;
    const racing: JusteringReads = {
      ...reads,
      protocolsByIds: async (org, ids) => {
        const protocols = await reads.protocolsByIds(org, ids);
        if (!completed) {
          completed = true;
          Object.assign(store.round(fx.round.id), { status: 'completed', completedAt: BEFORE_DEADLINE });
          store.protocols.find((p) => p.id === fx.protocol.id)!.status = 'justerat';
        }
        return protocols;
      },
    };
    const s = await new JusteringStatus(racing, clock).execute({ caller: secretaryCaller(), protocolId: fx.protocol.id });
    expect([s.protocolStatus, s.rounds[0].status]).toEqual(['justerat', 'completed']);
  });
});

describe(JusteringStatusList.name, () => {
  it('gives each protocol of a list its own status, in the list’s order, in the same few reads however long the list', async () => {
    const { store, reads, list, status } = setup();
    const draft = addRound(store, { paragraphs: [2], status: 'cancelled', cancelledAt: new Date('2026-11-27T08:00:00Z') });
    const running = addRound(store, {}, ['signed', 'sent', 'waiting']);
    const signing = addRound(store, { status: 'signing' }, ['signed', 'signed', 'signed']);
    const done = addRound(store, { status: 'completed', completedAt: new Date('2026-11-30T08:00:00Z') }, ['signed', 'signed', 'signed']);
    store.protocols.find((p) => p.id === done.protocol.id)!.status = 'justerat';
    const fresh = { ...running.protocol, id: testId(), status: 'draft' };
    store.protocols.push(fresh);
    const ids = [done.protocol.id, fresh.id, running.protocol.id, draft.protocol.id, signing.protocol.id];

    reads.queries = 0;
    const out = await list.execute({ caller: secretaryCaller(), protocolIds: ids });
    // protocols, rounds, signatories, versions, and the protocols again to see that none moved
    expect(reads.queries).toBe(5);
    expect(out.map((s) => [s.protocolId, s.protocolStatus, s.rounds.map((r) => r.status)])).toEqual([
      [done.protocol.id, 'justerat', ['completed']],
      [fresh.id, 'draft', []],
      [running.protocol.id, 'justering', ['active']],
      [draft.protocol.id, 'draft', ['cancelled']],
      [signing.protocol.id, 'justering', ['signing']],
    ]);
    expect(out[2].rounds[0].signatories.map((g) => g.turn)).toEqual([false, true, false]);
    expect(out[4].rounds[0].signing.pending).toBe(3);
    // The same answer as the one protocol's status.
    for (const id of ids) expect(out.find((s) => s.protocolId === id)).toEqual(await status.execute({ caller: secretaryCaller(), protocolId: id }));
  });

  it('reads nothing for an empty list, and refuses a list with a protocol the caller may not read', async () => {
    const { store, reads, list } = setup();
    expect(await list.execute({ caller: secretaryCaller(), protocolIds: [] })).toEqual([]);
    expect(reads.queries).toBe(0);
    const mine = addRound(store);
    const other = addRound(store);
    store.protocols.find((p) => p.id === other.protocol.id)!.organId = testId();
    await expect(list.execute({ caller: secretaryCaller(), protocolIds: [mine.protocol.id, other.protocol.id] })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
