import { FixedClock, ORG, addRound } from '../testing/fixtures';
import { InMemoryJusteringStore } from '../testing/in-memory-store';
import type { ArchiveRenewal, ArchiveRenewer, ArchiveState, SigningLog } from './ports';
import { DOCUMENT_RENEWED, RenewArchives } from './renew-archives';

const DAY = 24 * 3600_000;
const NOW = new Date('2027-03-01T03:00:00Z');
const days = (n: number) => new Date(NOW.getTime() + n * DAY);

class ListLog implements SigningLog {
  lines: [string, string][] = [];
  log = (_d: object, m: string) => void this.lines.push(['log', m]);
  warn = (_d: object, m: string) => void this.lines.push(['warn', m]);
  error = (_d: object, m: string) => void this.lines.push(['error', m]);
}

/**
 * A renewer whose files say how long they are protected: the bytes "until:<iso>" (or "bare" for a
 * file without a document time-stamp); a renewal appends "+until:<iso>" protected `extendBy` longer.
 */
class FakeRenewer implements ArchiveRenewer {
  renewed: string[] = [];
  fail: Error | null = null;
  extendBy = 365 * DAY;
  during?: () => Promise<void>;
  state(pdf: Uint8Array, now: Date, marginMs: number): ArchiveState {
    const text = Buffer.from(pdf).toString();
    const m = /until:([^+]+)$/.exec(text);
    if (!m) return { hasDocumentTimestamp: false, protectedUntil: null, renewalDue: true };
    const until = new Date(m[1]!);
    return { hasDocumentTimestamp: true, protectedUntil: until, renewalDue: until.getTime() - now.getTime() <= marginMs };
  }
  async renew(pdf: Uint8Array, now: Date): Promise<ArchiveRenewal> {
    if (this.fail) throw this.fail;
    await this.during?.();
    const before = this.state(pdf, now, 0).protectedUntil;
    const after = new Date((before ?? now).getTime() + this.extendBy);
    this.renewed.push(Buffer.from(pdf).toString());
    return {
      pdf: Buffer.concat([Buffer.from(pdf), Buffer.from(`+until:${after.toISOString()}`)]),
      protectedUntilBefore: before,
      protectedUntilAfter: after,
      tsa: { kind: 'local', unit: 'CN=Tidsstämpling' },
    };
  }
}

function setup() {
  const store = new InMemoryJusteringStore();
  const renewer = new FakeRenewer();
  const log = new ListLog();
  const useCase = new RenewArchives(store, renewer, new FixedClock(NOW), { days: 90, batch: 25 }, log);
  /** A completed round whose justerat document has `content` (and, optionally, an earlier look at it). */
  const justerat = (content: string, checkedAt?: Date, protectedUntil?: Date | null) => {
    const fx = addRound(store, { status: 'completed', completedAt: new Date('2026-11-27T10:00:00Z') }, ['signed', 'signed', 'signed']);
    store.documents.push({
      id: fx.version.signedDocumentId!,
      organisationId: ORG,
      sha256: 'b'.repeat(64),
      size: content.length,
      mediaType: 'application/pdf',
      fileName: 'protokoll.pdf',
      content: Buffer.from(content),
      createdAt: new Date('2026-11-27T10:00:00Z'),
    });
    if (checkedAt) store.archiveChecks.set(fx.version.signedDocumentId!, { checkedAt, protectedUntil: protectedUntil ?? null, error: null });
    return fx;
  };
  return { store, renewer, log, useCase, justerat };
}

describe(RenewArchives.name, () => {
  it('renews a document whose protection ends within the margin: a new document, the version moved to it, the old kept, audited', async () => {
    const { store, renewer, useCase, justerat } = setup();
    const { version, round, protocol } = justerat(`pdf until:${days(30).toISOString()}`);
    const old = version.signedDocumentId!;

    const r = await useCase.execute();

    expect(r.counts).toMatchObject({ renewed: 1, failed: 0 });
    expect(r.detail).toBe('1 examined, 1 renewed, 0 not due, 0 without a document time-stamp, 0 failed');
    const moved = store.versions.find((v) => v.id === version.id)!;
    expect(moved.signedDocumentId).not.toBe(old);
    const renewed = store.documents.find((d) => d.id === moved.signedDocumentId)!;
    expect(Buffer.from(renewed.content).toString()).toBe(`pdf until:${days(30).toISOString()}+until:${days(395).toISOString()}`);
    expect(renewed).toMatchObject({ fileName: 'protokoll.pdf', organisationId: ORG, size: renewed.content.length });
    expect(store.documents.some((d) => d.id === old)).toBe(true);
    expect(store.archiveChecks.get(old)).toEqual({ checkedAt: NOW, protectedUntil: days(30), error: null });
    expect(store.archiveChecks.get(renewed.id)).toEqual({ checkedAt: NOW, protectedUntil: days(395), error: null });
    expect(store.locks).toEqual([protocol.id]);
    expect(store.events).toEqual([
      expect.objectContaining({
        type: DOCUMENT_RENEWED,
        protocolId: protocol.id,
        roundId: round.id,
        actor: 'system',
        at: NOW,
        data: expect.objectContaining({
          versionId: version.id,
          documentId: old,
          renewedDocumentId: renewed.id,
          renewedSize: renewed.content.length,
          protectedUntilBefore: days(30).toISOString(),
          protectedUntilAfter: days(395).toISOString(),
          tsa: { kind: 'local', unit: 'CN=Tidsstämpling' },
        }),
      }),
    ]);
    expect(renewer.renewed).toHaveLength(1);
    // The renewed document is protected beyond the margin: not a candidate, so a second run renews nothing.
    const again = await useCase.execute();
    expect(again.counts.renewed).toBe(0);
    expect(store.events).toHaveLength(1);
  });

  it('records a document that is not due and one without a document time-stamp, and renews neither', async () => {
    const { store, renewer, log, useCase, justerat } = setup();
    const later = justerat(`pdf until:${days(400).toISOString()}`);
    const bare = justerat('bare');

    const r = await useCase.execute();

    expect(r.counts).toMatchObject({ renewed: 0, 'not-due': 1, 'no-timestamp': 1 });
    expect(renewer.renewed).toEqual([]);
    expect(store.archiveChecks.get(later.version.signedDocumentId!)).toEqual({ checkedAt: NOW, protectedUntil: days(400), error: null });
    expect(store.archiveChecks.get(bare.version.signedDocumentId!)).toEqual({ checkedAt: NOW, protectedUntil: null, error: null });
    expect(log.lines).toEqual([['warn', 'justerat document without a document time-stamp: not renewed']]);
    expect(store.events).toEqual([]);
    // Neither is a candidate on the next run (the bare one has nothing to renew; the other is not due).
    expect(await store.archiveCandidates(days(90), 25)).toEqual([]);
  });

  it('looks at the never-examined first, then the least recently examined, at most a batch', async () => {
    const { store, useCase, justerat } = setup();
    const seen = justerat(`pdf until:${days(10).toISOString()}`, days(-5), days(10));
    const older = justerat(`pdf until:${days(10).toISOString()}`, days(-9), days(10));
    const never = justerat(`pdf until:${days(200).toISOString()}`);
    justerat(`pdf until:${days(400).toISOString()}`, days(-1), days(400)); // not due: not a candidate
    const ids = (await store.archiveCandidates(days(90), 25)).map((c) => c.documentId);
    expect(ids).toEqual([never, older, seen].map((f) => f.version.signedDocumentId));
    const small = new RenewArchives(store, new FakeRenewer(), new FixedClock(NOW), { days: 90, batch: 2 }, new ListLog());
    expect((await small.execute()).examined).toBe(2);
    expect(await useCase.execute()).toMatchObject({ examined: 1, counts: { renewed: 1 } });
  });

  it('records a failure on the document, does not throw, and the document is a candidate again', async () => {
    const { store, renewer, log, useCase, justerat } = setup();
    const { version } = justerat(`pdf until:${days(20).toISOString()}`);
    renewer.fail = new Error('the TSA answered HTTP 503');

    const r = await useCase.execute();

    expect(r.counts).toMatchObject({ failed: 1, renewed: 0 });
    expect(store.archiveChecks.get(version.signedDocumentId!)).toEqual({ checkedAt: NOW, protectedUntil: days(20), error: 'the TSA answered HTTP 503' });
    expect(store.versions.find((v) => v.id === version.id)!.signedDocumentId).toBe(version.signedDocumentId);
    expect(store.events).toEqual([]);
    expect(log.lines).toEqual([['error', 'archive renewal failed; retried on the next run']]);
    expect((await store.archiveCandidates(days(90), 25)).map((c) => c.documentId)).toEqual([version.signedDocumentId]);

    renewer.fail = null;
    expect((await useCase.execute()).counts.renewed).toBe(1);
    expect(store.archiveChecks.get(version.signedDocumentId!)!.error).toBeNull();
  });

  it('refuses a renewal that would not extend the protection (a unit that ends no later), and keeps retrying it', async () => {
    const { store, renewer, useCase, justerat } = setup();
    const { version } = justerat(`pdf until:${days(20).toISOString()}`);
    renewer.extendBy = 0;

    expect((await useCase.execute()).counts.failed).toBe(1);
    expect(store.archiveChecks.get(version.signedDocumentId!)!.error).toMatch(
      /^RenewalGainsNothingError: the new document time-stamp protects no longer than the old one/,
    );
    expect(store.documents).toHaveLength(1);
    expect(store.events).toEqual([]);
  });

  it('drops its renewal when the version moved on while it renewed (another run renewed it first)', async () => {
    const { store, renewer, useCase, justerat } = setup();
    const { version } = justerat(`pdf until:${days(20).toISOString()}`);
    renewer.during = async () => {
      renewer.during = undefined;
      await store.unitOfWork(async (uow) => {
        const v = (await uow.version(version.id))!;
        await uow.saveVersion({ ...v, signedDocumentId: 'renewed-by-another-run' });
      });
    };

    expect((await useCase.execute()).counts).toMatchObject({ changed: 1, renewed: 0 });
    expect(store.versions.find((v) => v.id === version.id)!.signedDocumentId).toBe('renewed-by-another-run');
    expect(store.documents).toHaveLength(1);
    expect(store.events).toEqual([]);
  });

  it('says "gone" for a candidate whose document is no longer there, and a cancelled round is never a candidate', async () => {
    const { store, useCase, justerat } = setup();
    const { version } = justerat(`pdf until:${days(20).toISOString()}`);
    addRound(store, { status: 'cancelled' });
    const [candidate] = await store.archiveCandidates(days(90), 25);
    store.documents = [];
    expect(await useCase.renewOne(candidate!, NOW, 90 * DAY)).toBe('gone');
    expect(candidate!.documentId).toBe(version.signedDocumentId);
  });
});
