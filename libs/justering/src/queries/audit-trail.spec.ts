import { CONFIG, FixedClock, META, addRound, secretaryCaller, testId } from '../testing/fixtures';
import { InMemoryJusteringReads } from '../testing/in-memory-reads';
import { InMemoryJusteringStore } from '../testing/in-memory-store';
import { CancelJustering } from '../usecases/cancel-justering';
import { RemindSignatory } from '../usecases/remind-signatory';
import { IssueLink } from '../usecases/issue-link';
import { AuditTrail } from './audit-trail';

const NOW = new Date('2026-11-28T10:00:00Z');

/** A round with a reminder and a cancellation recorded by the use cases. */
async function recorded() {
  const store = new InMemoryJusteringStore();
  const fx = addRound(store, {}, ['signed', 'sent', 'waiting']);
  const clock = new FixedClock(NOW);
  const cmd = { caller: secretaryCaller(), protocolId: fx.protocol.id, roundId: fx.round.id, meta: META };
  await new RemindSignatory(store, clock, new IssueLink(CONFIG)).execute({ ...cmd, signatoryId: fx.sigs[1].id });
  await new CancelJustering(store, clock).execute({ ...cmd, callerName: 'Anna Admin', reason: 'Fel bilaga' });
  const reads = new InMemoryJusteringReads(store);
  return { store, fx, reads, trail: new AuditTrail(reads) };
}

describe(AuditTrail.name, () => {
  it('gives every event of the protocol’s chain in order, and a verified chain', async () => {
    const { fx, trail } = await recorded();
    const t = await trail.execute({ caller: secretaryCaller(), protocolId: fx.protocol.id });
    expect(t.protocolId).toBe(fx.protocol.id);
    expect(t.events.map((e) => [e.seq, e.type, e.actor])).toEqual([
      [1, 'reminded', 'user:00000000-0000-4000-8000-00000000c001'],
      [2, 'cancelled', 'user:00000000-0000-4000-8000-00000000c001'],
    ]);
    expect(t.events[1]).toMatchObject({ roundId: fx.round.id, ip: META.ip, userAgent: META.userAgent, data: { reason: 'Fel bilaga' }, prevHash: t.events[0].hash });
    expect(t.verification).toEqual({ ok: true, count: 2, head: t.events[1].hash });
  });

  it('names the first event that was changed after the fact', async () => {
    const { fx, reads, trail } = await recorded();
    await trail.execute({ caller: secretaryCaller(), protocolId: fx.protocol.id });
    reads.chains.get(fx.protocol.id)![1].data = { reason: 'Annan anledning' };
    const t = await trail.execute({ caller: secretaryCaller(), protocolId: fx.protocol.id });
    expect(t.verification).toMatchObject({ ok: false, count: 2, firstBad: { seq: 2, problem: 'hash_mismatch' } });
  });

  it('refuses a caller who may not read the protocol’s evidence, and another organisation’s protocol', async () => {
    const { fx, trail } = await recorded();
    await expect(trail.execute({ caller: secretaryCaller([testId()]), protocolId: fx.protocol.id })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(trail.execute({ caller: secretaryCaller(undefined, testId()), protocolId: fx.protocol.id })).rejects.toMatchObject({ code: 'not_found' });
  });
});
