import { CONFIG, FixedClock, addRound } from '../testing/fixtures';
import { InMemoryJusteringStore } from '../testing/in-memory-store';
import { IssueLink } from './issue-link';
import { SendReminder } from './send-reminder';

function setup(now: string, states?: Parameters<typeof addRound>[2], over?: Parameters<typeof addRound>[1]) {
  const store = new InMemoryJusteringStore();
  const fx = addRound(store, over, states);
  const clock = new FixedClock(new Date(now));
  const job = { roundId: fx.round.id, signatoryId: fx.sigs[0].id, versionId: fx.version.id, number: 1 };
  return { store, ...fx, job, useCase: new SendReminder(store, clock, CONFIG, new IssueLink(CONFIG)) };
}

describe(SendReminder.name, () => {
  it('sends reminder N with a fresh link, counts it, audits it as the system and schedules N+1 from the invitation', async () => {
    // Invited 2026-11-26 08:00Z; the policy reminds after 3 days, then every 2.
    const { store, useCase, job, sigs, protocol } = setup('2026-11-29T08:00:00Z');
    const outcome = await useCase.execute(job);

    expect(outcome).toEqual({ status: 'done', detail: `reminder 1 to ${sigs[0].id}` });
    expect(store.locks).toEqual([protocol.id]);
    expect(store.signatory(sigs[0].id)).toMatchObject({
      remindersSent: 1,
      lastRemindedAt: new Date('2026-11-29T08:00:00Z'),
      state: 'sent',
    });
    const fresh = store.linksOf(sigs[0].id)[1];
    // The link lives to the end of the deadline day (2026-12-09, Stockholm).
    expect(fresh.expiresAt).toEqual(new Date('2026-12-09T23:00:00Z'));
    expect(store.mails).toHaveLength(1);
    expect(store.mails[0]).toMatchObject({ kind: 'justering.reminder', to: 'sara@kommun.example' });
    expect(store.mails[0].text).toContain('inbjudan skickades torsdag 26 november 2026');
    expect(store.events).toEqual([
      expect.objectContaining({
        type: 'reminded',
        actor: 'system',
        ip: null,
        data: {
          signatoryId: sigs[0].id,
          role: 'sekreterare',
          to: 'sara@kommun.example',
          number: 1,
          linkId: fresh.id,
          versionId: job.versionId,
          deliveryId: 'mail-1',
        },
      }),
    ]);
    expect(store.jobs).toEqual([{ name: 'justering.remind', payload: { ...job, number: 2 }, delayMs: 2 * 86_400_000 }]);
  });

  it('skips a retried or stale job, a replaced version, a signatory who acted or is not due, and expired links', async () => {
    const a = setup('2026-11-29T08:00:00Z');
    await a.useCase.execute(a.job);
    expect(await a.useCase.execute(a.job)).toEqual({ status: 'skipped', detail: 'reminder 1 not next (sent 1)' });
    expect(await a.useCase.execute({ ...a.job, versionId: 'other' })).toEqual({ status: 'skipped', detail: 'version replaced' });
    expect(await a.useCase.execute({ ...a.job, signatoryId: a.sigs[1].id })).toEqual({ status: 'skipped', detail: 'signatory waiting' });
    expect(await a.useCase.execute({ ...a.job, roundId: 'gone' })).toEqual({ status: 'skipped', detail: 'round gone' });
    const b = setup('2026-12-10T08:00:00Z');
    expect(await b.useCase.execute(b.job)).toEqual({ status: 'skipped', detail: 'links expired' });
    const c = setup('2026-11-29T08:00:00Z', ['sent', 'sent', 'waiting'], { status: 'change_requested' });
    expect(await c.useCase.execute(c.job)).toEqual({ status: 'skipped', detail: 'round change_requested' });
    expect([...b.store.mails, ...c.store.mails]).toEqual([]);
    expect(a.store.mails).toHaveLength(1);
  });

  it('schedules no reminder after the last one', async () => {
    const { store, useCase, job, sigs } = setup('2026-12-03T08:00:00Z');
    store.signatory(sigs[0].id).remindersSent = 2;
    expect((await useCase.execute({ ...job, number: 3 })).status).toBe('done');
    expect(store.jobs).toEqual([]);
  });
});
