import { newLinkToken } from '@justera/auth';
import { FixedClock, addRound } from '../testing/fixtures';
import { InMemoryJusteringStore } from '../testing/in-memory-store';
import { giveLink } from '../testing/links';
import { ClassifyLink } from './classify-link';

const NOW = new Date('2026-11-28T10:00:00Z');

function setup(...args: Parameters<typeof addRound> extends [unknown, ...infer R] ? R : never) {
  const store = new InMemoryJusteringStore();
  const fx = addRound(store, ...args);
  return { store, fx, useCase: new ClassifyLink(store, new FixedClock(NOW)) };
}

describe(ClassifyLink.name, () => {
  it('a malformed or unknown token is invalid', async () => {
    const { useCase } = setup();
    expect(await useCase.execute({ token: 'nope' })).toEqual({ kind: 'invalid' });
    expect(await useCase.execute({ token: newLinkToken().token })).toEqual({ kind: 'invalid' });
  });

  it('the signer whose turn it is has an open link, in plain domain objects, and nothing is written or locked', async () => {
    const { store, fx, useCase } = setup();
    const token = giveLink(store, fx, fx.sigs[0]);
    const before = JSON.stringify([store.signatories, store.links, store.rounds]);
    const v = await useCase.execute({ token });
    expect(v.kind).toBe('open');
    if (v.kind !== 'open') return;
    expect(v.ctx.signatory.id).toBe(fx.sigs[0].id);
    expect(v.ctx.round.paragraphs).toBeNull();
    expect(v.ctx.protocol.id).toBe(fx.protocol.id);
    expect(v.ctx.signatories.map((s) => s.role)).toEqual(['sekreterare', 'ordforande', 'justerare']);
    expect(JSON.stringify([store.signatories, store.links, store.rounds])).toBe(before);
    expect(store.events).toEqual([]);
    expect(store.locks).toEqual([]);
  });

  it('in sequential order a later signer waits, and is told for whom', async () => {
    const { store, fx, useCase } = setup({}, ['sent', 'waiting', 'waiting']);
    const v = await useCase.execute({ token: giveLink(store, fx, fx.sigs[2]) });
    expect(v.kind).toBe('waiting');
    if (v.kind === 'waiting') expect(v.waitingFor.map((s) => s.role)).toEqual(['sekreterare', 'ordforande']);
  });

  it('in parallel order only the sekreterare goes first', async () => {
    const { store, fx, useCase } = setup({ signingOrder: 'parallel' }, ['signed', 'sent', 'sent']);
    expect((await useCase.execute({ token: giveLink(store, fx, fx.sigs[2]) })).kind).toBe('open');
    const first = setup({ signingOrder: 'parallel' }, ['sent', 'sent', 'sent']);
    const v = await first.useCase.execute({ token: giveLink(first.store, first.fx, first.fx.sigs[2]) });
    expect(v.kind === 'waiting' && v.waitingFor.map((s) => s.role)).toEqual(['sekreterare']);
  });

  it('an expired link is expired from its expiry on, even when it is the signer’s turn', async () => {
    const { store, fx, useCase } = setup();
    expect((await useCase.execute({ token: giveLink(store, fx, fx.sigs[0], { expiresAt: NOW }) })).kind).toBe('expired');
    const later = new Date(NOW.getTime() + 1);
    expect((await useCase.execute({ token: giveLink(store, fx, fx.sigs[0], { expiresAt: later }) })).kind).toBe('open');
  });

  it('a superseded link says why and what comes next', async () => {
    const { store, fx, useCase } = setup({}, ['signed', 'sent', 'waiting']);
    // Resent: a newer link of theirs was mailed.
    const resent = giveLink(store, fx, fx.sigs[1], { supersededAt: NOW, supersededReason: 'resent' });
    expect(await useCase.execute({ token: resent })).toMatchObject({
      kind: 'superseded',
      reason: 'resent',
      next: 'mailed',
      waitingFor: [],
    });
    // An e-mail change before their turn: the link comes when the turn comes, after the ordförande.
    const changed = giveLink(store, fx, fx.sigs[2], { supersededAt: NOW, supersededReason: 'email_changed' });
    const v = await useCase.execute({ token: changed });
    expect(v).toMatchObject({ kind: 'superseded', reason: 'email_changed', next: 'later' });
    expect(v.kind === 'superseded' && v.waitingFor.map((s) => s.role)).toEqual(['ordforande']);
    // The sekreterare's link after the approval: 'signed' stays visible while the version is current.
    expect((await useCase.execute({ token: giveLink(store, fx, fx.sigs[0], { usedAt: NOW }) })).kind).toBe('signed');
  });

  it('a link to an earlier version is superseded (replaced), and after the last approval the round is done', async () => {
    const { store, fx, useCase } = setup({ currentVersionId: 'v-2' }, ['sent', 'waiting', 'waiting']);
    expect(await useCase.execute({ token: giveLink(store, fx, fx.sigs[0]) })).toMatchObject({
      kind: 'superseded',
      reason: 'replaced',
      next: 'mailed',
    });
    const signing = setup({ status: 'signing', currentVersionId: 'v-2' }, ['signed', 'signed', 'sent']);
    expect(await signing.useCase.execute({ token: giveLink(signing.store, signing.fx, signing.fx.sigs[2]) })).toMatchObject({
      kind: 'superseded',
      next: 'done',
    });
  });

  it('a cancelled round’s links are cancelled, a stopped round’s links show the change request', async () => {
    const { store, fx, useCase } = setup({ status: 'cancelled' });
    expect((await useCase.execute({ token: giveLink(store, fx, fx.sigs[0]) })).kind).toBe('cancelled');
    expect(
      (await useCase.execute({ token: giveLink(store, fx, fx.sigs[0], { supersededAt: NOW, supersededReason: 'cancelled' }) })).kind,
    ).toBe('cancelled');
    const stopped = setup({ status: 'change_requested' }, ['signed', 'change_requested', 'waiting']);
    expect((await stopped.useCase.execute({ token: giveLink(stopped.store, stopped.fx, stopped.fx.sigs[2]) })).kind).toBe(
      'change_requested',
    );
  });
});
