import { FixedClock, addRound } from '../testing/fixtures';
import { InMemoryJusteringReads } from '../testing/in-memory-reads';
import { InMemoryJusteringStore } from '../testing/in-memory-store';
import { giveLink } from '../testing/links';
import { ClassifyLink } from '../usecases/classify-link';
import { LinkDocument } from './link-document';

const NOW = new Date('2026-11-28T10:00:00Z');

function setup(states?: Parameters<typeof addRound>[2]) {
  const store = new InMemoryJusteringStore();
  const fx = addRound(store, {}, states);
  const content = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]);
  store.documents.push({ id: fx.version.documentId, organisationId: fx.protocol.organisationId, sha256: fx.version.sha256, size: 5, mediaType: 'application/pdf', fileName: null, content, createdAt: NOW });
  const query = new LinkDocument(new ClassifyLink(store, new FixedClock(NOW)), new InMemoryJusteringReads(store));
  return { store, fx, content, query };
}

describe(LinkDocument.name, () => {
  it('gives the frozen version and its SHA-256 to an open link, a waiting one and one already used to sign', async () => {
    const { store, fx, content, query } = setup(['sent', 'waiting', 'waiting']);
    const open = giveLink(store, fx, fx.sigs[0]);
    const waiting = giveLink(store, fx, fx.sigs[1]);
    expect(await query.execute({ token: open })).toEqual({ bytes: content, sha256: fx.version.sha256 });
    expect(await query.execute({ token: waiting })).toEqual({ bytes: content, sha256: fx.version.sha256 });
    Object.assign(store.signatory(fx.sigs[0].id), { state: 'signed', signedAt: NOW, signedSha256: fx.version.sha256 });
    store.links.find((l) => l.signatoryId === fx.sigs[0].id && l.tokenHash !== `hash-${fx.sigs[0].id}`)!.usedAt = NOW;
    expect(await query.execute({ token: open })).toEqual({ bytes: content, sha256: fx.version.sha256 });
  });

  it('gives no document to an unknown, superseded or expired link, nor of a cancelled round, but its verdict', async () => {
    const { store, fx, query } = setup(['sent', 'sent', 'waiting']);
    expect(await query.execute({ token: 'okand-lank' })).toEqual({ kind: 'invalid' });
    const superseded = giveLink(store, fx, fx.sigs[0], { supersededAt: NOW, supersededReason: 'resent' });
    expect(await query.execute({ token: superseded })).toMatchObject({ kind: 'superseded', reason: 'resent' });
    const expired = giveLink(store, fx, fx.sigs[1], { expiresAt: new Date('2026-11-27T00:00:00Z') });
    expect(await query.execute({ token: expired })).toMatchObject({ kind: 'expired' });
    const live = giveLink(store, fx, fx.sigs[0]);
    store.round(fx.round.id).status = 'cancelled';
    expect(await query.execute({ token: live })).toMatchObject({ kind: 'cancelled' });
  });

  it('treats a link whose document is gone as not valid', async () => {
    const { store, fx, query } = setup();
    const token = giveLink(store, fx, fx.sigs[0]);
    store.documents = [];
    expect(await query.execute({ token })).toEqual({ kind: 'invalid' });
  });
});
