import { CONFIG, FixedClock, addRound } from '../testing/fixtures';
import { InMemoryJusteringStore } from '../testing/in-memory-store';
import type { SigningLog } from './ports';
import { RecordSigningFailure } from './record-signing-failure';

const ATTEMPTS = 3;

/** A log that keeps what it is told. */
class ListLog implements SigningLog {
  lines: [string, object, string][] = [];
  log = (detail: object, message: string) => void this.lines.push(['log', detail, message]);
  warn = (detail: object, message: string) => void this.lines.push(['warn', detail, message]);
  error = (detail: object, message: string) => void this.lines.push(['error', detail, message]);
}

function setup() {
  const store = new InMemoryJusteringStore();
  const fx = addRound(store, { signingOrder: 'parallel' }, ['signed', 'sent', 'sent']);
  const clock = new FixedClock(new Date('2026-11-26T12:00:00Z'));
  const log = new ListLog();
  const useCase = new RecordSigningFailure(store, clock, { publicUrl: CONFIG.publicUrl, attempts: ATTEMPTS }, log);
  const fail = (attempt: number, error: unknown = new Error('the TSA answered HTTP 503')) =>
    useCase.execute({ roundId: fx.round.id, signatory: fx.sigs[0], version: fx.version, error, attempt });
  return { store, clock, log, useCase, fail, ...fx };
}

describe(RecordSigningFailure.name, () => {
  it('keeps the first failure on the round, audits it as the system and logs it for IT', async () => {
    const { store, log, fail, round, sigs, version, protocol } = setup();
    await fail(1);

    expect(store.round(round.id)).toMatchObject({
      status: 'active',
      signingError: 'the TSA answered HTTP 503',
      signingFailedAt: new Date('2026-11-26T12:00:00Z'),
      signingFailures: 1,
    });
    expect(store.locks).toEqual([protocol.id]);
    expect(store.events).toEqual([
      expect.objectContaining({
        type: 'signing.failed',
        roundId: round.id,
        actor: 'system',
        ip: null,
        data: { signatoryId: sigs[0].id, role: 'sekreterare', versionId: version.id, error: 'the TSA answered HTTP 503', attempt: 1 },
      }),
    ]);
    expect(store.mails).toEqual([]);
    expect(log.lines).toEqual([
      [
        'warn',
        { roundId: round.id, versionId: version.id, signatoryId: sigs[0].id, attempt: 1, error: 'the TSA answered HTTP 503' },
        'appending a signature failed; the job will retry',
      ],
    ]);
  });

  it('counts a streak, audits only its first failure and mails the sekreterare once, when a job’s tries are used up', async () => {
    const { store, clock, fail, round, protocol } = setup();
    await fail(1);
    clock.t = new Date('2026-11-26T12:05:00Z');
    await fail(2, new Error('connect ECONNREFUSED 192.0.2.9:80 (TSA)'));
    expect(store.round(round.id)).toMatchObject({
      signingFailures: 2,
      // The latest error and when it happened.
      signingError: 'connect ECONNREFUSED 192.0.2.9:80 (TSA)',
      signingFailedAt: new Date('2026-11-26T12:05:00Z'),
    });
    expect(store.mails).toEqual([]);

    await fail(3);
    expect(store.round(round.id).signingFailures).toBe(ATTEMPTS);
    expect(store.mails).toEqual([expect.objectContaining({ kind: 'justering.signing-delayed', to: 'sara@kommun.example' })]);
    const [mail] = store.mails;
    expect(mail.subject).toMatch(/^Underskrifterna dröjer/);
    // The secretary reads why in Swedish, never the technical text.
    expect(mail.text).toContain('tidsstämpeltjänsten svarade med ett fel (HTTP-status 503)');
    expect(mail.text).not.toContain('the TSA answered');
    expect(mail.text).toContain(`${CONFIG.publicUrl}/justering/${protocol.id}`);

    // The next job's failures go on counting, with no further mail or event.
    await fail(1);
    expect(store.round(round.id).signingFailures).toBe(ATTEMPTS + 1);
    expect(store.mails).toHaveLength(1);
    expect(store.events.map((e) => e.type)).toEqual(['signing.failed']);
  });

  it('audits the first failure of a new streak after a success cleared the last one', async () => {
    const { store, fail, round } = setup();
    await fail(1);
    Object.assign(store.round(round.id), { signingFailures: 0, signingError: null, signingFailedAt: null });
    await fail(1, new Error('keystore: private key unreadable'));
    expect(store.events.map((e) => [e.type, e.data.error])).toEqual([
      ['signing.failed', 'the TSA answered HTTP 503'],
      ['signing.failed', 'keystore: private key unreadable'],
    ]);
  });

  it('keeps the error short and names its kind', async () => {
    const { store, fail, round } = setup();
    class TsaError extends Error {
      override name = 'TsaError';
    }
    await fail(1, new TsaError('x'.repeat(1000)));
    const kept = store.round(round.id).signingError!;
    expect(kept).toHaveLength(480);
    expect(kept.startsWith('TsaError: xxx')).toBe(true);
    await fail(2, 'a thrown string');
    expect(store.round(round.id).signingError).toBe('a thrown string');
  });

  it('never throws: a round that is gone is left alone, a store that fails is logged', async () => {
    const { store, log, useCase, version, sigs, round } = setup();
    await expect(
      useCase.execute({ roundId: 'gone', signatory: sigs[0], version, error: new Error('TSA down'), attempt: 1 }),
    ).resolves.toBeUndefined();
    expect(store.events).toEqual([]);

    store.unitOfWork = () => Promise.reject(new Error('the database is down'));
    await expect(
      useCase.execute({ roundId: round.id, signatory: sigs[0], version, error: new Error('TSA down'), attempt: 1 }),
    ).resolves.toBeUndefined();
    expect(log.lines.at(-1)).toEqual([
      'error',
      { roundId: round.id, error: 'the database is down' },
      'could not record the signing failure',
    ]);
    expect(store.round(round.id).signingFailures).toBe(0);
  });
});
