import type { Caller } from '@justera/application';
import type { JusteringUseCaseConfig } from '../usecases/context';
import type { ProtocolFacts, Round, Signatory, Version } from '../usecases/ports';
import type { SignerRole } from '../round';
import type { InMemoryJusteringStore } from './in-memory-store';
import { newSignatory } from '../usecases/new-signatory';

let seq = 0;
/** A UUID-shaped id, unique within the run. */
export const testId = () => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;

/** A clock the spec sets. */
export class FixedClock {
  constructor(public t: Date) {}
  now() {
    return this.t;
  }
}

export const ORG = '00000000-0000-4000-8000-00000000a001';
export const ORGAN = '00000000-0000-4000-8000-00000000b001';
export const USER = '00000000-0000-4000-8000-00000000c001';

export const CONFIG: JusteringUseCaseConfig = {
  settings: { reminders: { firstAfterDays: 3, everyDays: 2, max: 3 }, linkGraceDays: 0, warnWorkingDaysBefore: 2 },
  publicUrl: 'https://justera.example',
};

export const META = { ip: '192.0.2.1', userAgent: 'spec' };

export function secretaryCaller(organIds: string[] = [ORGAN], organisationId = ORG): Caller {
  return { principal: { userId: USER, organisationId, role: 'sekreterare', organIds }, via: 'session' };
}

export interface RoundFixture {
  protocol: ProtocolFacts;
  round: Round;
  version: Version;
  /** sekreterare, ordförande, justerare, in that position order. */
  sigs: Signatory[];
}

/**
 * A running round of a protocol of 2026-11-25 (deadline 2026-12-09) with a sekreterare, an
 * ordförande and a justerare; `states` gives their states (default: the sekreterare sent, the others
 * waiting, as right after a sequential start).
 */
export function addRound(
  store: InMemoryJusteringStore,
  over: Partial<Round> = {},
  states: Signatory['state'][] = ['sent', 'waiting', 'waiting'],
): RoundFixture {
  const protocol: ProtocolFacts = {
    id: testId(),
    organisationId: ORG,
    organId: ORGAN,
    title: 'Protokoll',
    meetingDate: '2026-11-25',
    status: over.paragraphs ? 'draft' : 'justering',
    source: 'structured',
    data: { organ: 'Kommunstyrelsen' },
    documentId: null,
    rowVersion: 1,
  };
  const roundId = testId();
  const version: Version = {
    id: testId(),
    roundId,
    number: 1,
    documentId: testId(),
    sha256: 'a'.repeat(64),
    size: 1000,
    previousSha256: null,
    signedDocumentId: testId(),
    reason: null,
    createdAt: new Date('2026-11-26T08:00:00Z'),
  };
  const round: Round = {
    id: roundId,
    organisationId: ORG,
    protocolId: protocol.id,
    organId: ORGAN,
    identityLevel: 'e-postlank',
    paragraphs: null,
    signingOrder: 'sequential',
    status: 'active',
    deadline: '2026-12-09',
    currentVersionId: version.id,
    createdBy: `user:${USER}`,
    createdAt: new Date('2026-11-26T08:00:00Z'),
    completedAt: null,
    cancelledAt: null,
    warnedAt: null,
    signingError: null,
    signingFailedAt: null,
    signingFailures: 0,
    ...over,
  };
  const people: [SignerRole, string, string][] = [
    ['sekreterare', 'Sara Sekreterare', 'sara@kommun.example'],
    ['ordforande', 'Olle Ordförande', 'olle@kommun.example'],
    ['justerare', 'Jana Justerare', 'jana@kommun.example'],
  ];
  const sigs: Signatory[] = people.map(([role, name, email], position) => {
    const state = states[position] ?? 'waiting';
    return newSignatory(
      { id: testId(), roundId, role, name, email, position },
      {
        state,
        sentAt: state === 'waiting' ? null : new Date('2026-11-26T08:00:00Z'),
        signedAt: state === 'signed' ? new Date('2026-11-26T09:00:00Z') : null,
        signedSha256: state === 'signed' ? version.sha256 : null,
      },
    );
  });
  store.protocols.push(protocol);
  store.rounds.push(round);
  store.versions.push(version);
  store.signatories.push(...sigs);
  for (const s of sigs.filter((x) => x.sentAt))
    store.links.push({
      id: testId(),
      tokenHash: `hash-${s.id}`,
      roundId,
      signatoryId: s.id,
      versionId: version.id,
      createdAt: s.sentAt!,
      expiresAt: new Date('2026-12-09T23:00:00Z'),
      usedAt: null,
      supersededAt: null,
      supersededReason: null,
    });
  return { protocol, round, version, sigs };
}
