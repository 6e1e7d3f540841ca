import { FixedClock, addRound } from '../testing/fixtures';
import { InMemoryJusteringStore } from '../testing/in-memory-store';
import { ReconcileSigning } from './reconcile-signing';

describe(ReconcileSigning.name, () => {
  it('enqueues justering.sign for rounds with an approval older than ten minutes whose signature is not in the PDF', async () => {
    const store = new InMemoryJusteringStore();
    // Approved at 09:00 (addRound); the clock is 09:15.
    const due = addRound(store, { status: 'signing', signingOrder: 'parallel' }, ['signed', 'signed', 'signed']);
    const active = addRound(store, {}, ['signed', 'sent', 'waiting']);
    const applied = addRound(store, {}, ['signed', 'sent', 'waiting']);
    store.signatory(applied.sigs[0].id).signatureAppliedAt = new Date('2026-11-26T09:01:00Z');
    const recent = addRound(store, {}, ['signed', 'sent', 'waiting']);
    store.signatory(recent.sigs[0].id).signedAt = new Date('2026-11-26T09:06:00Z');
    addRound(store, { status: 'completed' }, ['signed', 'signed', 'signed']);
    addRound(store, { status: 'cancelled' }, ['signed', 'sent', 'waiting']);
    const useCase = new ReconcileSigning(store, new FixedClock(new Date('2026-11-26T09:15:00Z')));

    expect(await useCase.execute()).toEqual({ status: 'done', detail: '2 round(s) re-enqueued' });
    expect(store.jobs).toEqual([
      { name: 'justering.sign', payload: { roundId: due.round.id, versionId: due.version.id }, delayMs: 0 },
      { name: 'justering.sign', payload: { roundId: active.round.id, versionId: active.version.id }, delayMs: 0 },
    ]);
  });

  it('is skipped when nothing waits', async () => {
    const store = new InMemoryJusteringStore();
    addRound(store);
    expect(await new ReconcileSigning(store, new FixedClock(new Date('2026-11-26T09:15:00Z'))).execute()).toEqual({
      status: 'skipped',
      detail: '0 round(s) re-enqueued',
    });
    expect(store.jobs).toEqual([]);
  });
});
