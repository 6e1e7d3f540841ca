import { type AuditContent, type AuditRecord, chainEvent } from '../audit';
import type { EvidenceFacts } from '../evidence';

export const EV = {
  org: 'org-1',
  protocol: 'prot-1',
  round: 'round-1',
  v1: 'ver-1',
  v2: 'ver-2',
  sha1: '1'.repeat(64),
  sha2: '2'.repeat(64),
  rev1: 'a'.repeat(64),
  rev2: 'b'.repeat(64),
  rev3: 'c'.repeat(64),
  renewed: 'd'.repeat(64),
  filled: 'e'.repeat(64),
  bevis: 'f'.repeat(64),
  /** Transaction ids: the approval of version 1, the change request, the three approvals of version 2. */
  txV1: '00000000-0000-4000-8000-000000000001',
  txChange: '00000000-0000-4000-8000-000000000002',
  txOrd: '00000000-0000-4000-8000-000000000003',
  txJust: '00000000-0000-4000-8000-000000000004',
  txSek: '00000000-0000-4000-8000-000000000005',
} as const;

const at = (s: string) => new Date(`2026-11-${s}Z`);

/**
 * A whole-protocol round as the audit chain records it: version 1 approved by the ordförande, then a
 * change request by the justerare and version 2; version 2 approved by all three (the ordförande with
 * e-legitimation), the worker's signature applied to the first two, the sekreterare's approval and
 * signature recorded in one step; completed, then the justerat PDF renewed (PAdES-LTA). One notice,
 * posted on Justera's board and on another municipality's, with its filled PDF and anslagsbevis.
 */
export function roundWithTwoVersions(): EvidenceFacts & { events: AuditRecord[] } {
  const base = { protocolId: EV.protocol, roundId: EV.round, ip: null, userAgent: null };
  const steps: Omit<AuditContent, 'seq' | 'protocolId' | 'roundId'>[] = [
    { type: 'round.created', at: at('20T10:00:00'), actor: 'user:u-sek', transactionId: 'tx-start', data: {}, ip: '10.0.0.1', userAgent: 'Edge' },
    { type: 'version.frozen', at: at('20T10:00:00'), actor: 'user:u-sek', transactionId: 'tx-start', data: { versionId: EV.v1 }, ip: null, userAgent: null },
    {
      type: 'signed',
      at: at('20T12:00:00'),
      actor: 'signatory:s-ord',
      transactionId: EV.txV1,
      data: { signatoryId: 's-ord', role: 'ordforande', name: 'Mikael Löthstam', sha256: EV.sha1, versionId: EV.v1, identifiedBy: 'e-postlänk' },
      ip: '192.0.2.1',
      userAgent: 'Firefox',
    },
    {
      type: 'change.requested',
      at: at('20T13:00:00'),
      actor: 'signatory:s-just',
      transactionId: EV.txChange,
      data: { signatoryId: 's-just', comment: '§ 4 har fel datum.' },
      ip: '192.0.2.2',
      userAgent: 'Safari',
    },
    { type: 'version.frozen', at: at('21T08:00:00'), actor: 'user:u-sek', transactionId: 'tx-v2', data: { versionId: EV.v2, reason: 'Rättat datum i § 4' }, ip: null, userAgent: null },
    {
      type: 'signed',
      at: at('21T09:00:00'),
      actor: 'signatory:s-ord',
      transactionId: EV.txOrd,
      data: {
        signatoryId: 's-ord',
        role: 'ordforande',
        name: 'Mikael Löthstam',
        sha256: EV.sha2,
        versionId: EV.v2,
        identifiedBy: 'e-postlänk och e-legitimation',
        identityLevel: 'e-legitimation',
        identity: { provider: 'Freja eID', iss: 'https://idp.example', sub: 'sub-1', name: 'Mikael Löthstam', authTime: '2026-11-21T08:59:00.000Z', acr: 'loa3' },
      },
      ip: '192.0.2.1',
      userAgent: 'Firefox',
    },
    { type: 'signature.applied', at: at('21T09:00:07'), actor: 'system', transactionId: EV.txOrd, data: { signatoryId: 's-ord', versionId: EV.v2, signatureMethod: 'pades-b-lt', revisionDocumentId: 'doc-rev1' }, ip: null, userAgent: null },
    {
      type: 'signed',
      at: at('21T10:00:00'),
      actor: 'signatory:s-just',
      transactionId: EV.txJust,
      // No name or role in the event (an older one): the signatory's own.
      data: { signatoryId: 's-just', sha256: EV.sha2, versionId: EV.v2 },
      ip: '192.0.2.2',
      userAgent: 'Safari',
    },
    { type: 'signature.applied', at: at('21T10:00:09'), actor: 'system', transactionId: EV.txJust, data: { signatoryId: 's-just', versionId: EV.v2, signatureMethod: 'pades-b-lt', revisionDocumentId: 'doc-rev2' }, ip: null, userAgent: null },
    {
      type: 'signed',
      at: at('21T11:00:00'),
      actor: 'signatory:s-sek',
      transactionId: EV.txSek,
      data: { signatoryId: 's-sek', role: 'sekreterare', name: 'Sara Ek', sha256: EV.sha2, versionId: EV.v2, signatureMethod: 'pades-b-b', revisionDocumentId: 'doc-rev3' },
      ip: '192.0.2.3',
      userAgent: 'Chrome',
    },
    { type: 'completed', at: at('21T11:00:00'), actor: 'system', transactionId: EV.txSek, data: {}, ip: null, userAgent: null },
    {
      type: 'document.renewed',
      at: at('28T03:00:00'),
      actor: 'system',
      transactionId: 'tx-renew',
      data: { versionId: EV.v2, sha256: EV.rev3, renewedSha256: EV.renewed, renewedSize: 9000, renewedDocumentId: 'doc-renewed', protectedUntilAfter: '2036-11-28T03:00:00.000Z' },
      ip: null,
      userAgent: null,
    },
  ];
  const events: AuditRecord[] = [];
  for (const s of steps) events.push(chainEvent(events.at(-1) ?? null, { ...base, ...s }));
  return {
    generatedAt: new Date('2026-12-07T06:00:00.000Z'),
    publicUrl: 'https://justera.example',
    protocol: { id: EV.protocol, organisationId: EV.org, organId: 'organ-ks', title: 'Kommunstyrelsen 2026-11-20', meetingDate: '2026-11-20', status: 'justerat' },
    organ: 'Kommunstyrelsen',
    rounds: [
      {
        id: EV.round,
        paragraphs: null,
        status: 'completed',
        signingOrder: 'sequential',
        deadline: '2026-12-04',
        createdAt: at('20T10:00:00'),
        completedAt: at('21T11:00:00'),
        currentVersionId: EV.v2,
      },
    ],
    versions: [
      { id: EV.v1, roundId: EV.round, number: 1, sha256: EV.sha1, previousSha256: null, size: 5000, createdAt: at('20T10:00:00'), reason: null },
      { id: EV.v2, roundId: EV.round, number: 2, sha256: EV.sha2, previousSha256: EV.sha1, size: 5100, createdAt: at('21T08:00:00'), reason: 'Rättat datum i § 4' },
    ],
    signatories: [
      { id: 's-sek', roundId: EV.round, name: 'Sara Ek', role: 'sekreterare', email: 'sek@kommun.example' },
      { id: 's-ord', roundId: EV.round, name: 'Mikael Löthstam', role: 'ordforande', email: 'ord@kommun.example' },
      { id: 's-just', roundId: EV.round, name: 'Jonas Just', role: 'justerare', email: 'just@kommun.example' },
    ],
    events,
    documents: [
      { id: 'doc-rev1', sha256: EV.rev1, size: 6000 },
      { id: 'doc-rev2', sha256: EV.rev2, size: 7000 },
      { id: 'doc-rev3', sha256: EV.rev3, size: 8000 },
      { id: 'doc-filled', sha256: EV.filled, size: 9500 },
      { id: 'doc-bevis', sha256: EV.bevis, size: 1200 },
    ],
    notices: [
      {
        id: 'n-1',
        roundId: EV.round,
        state: 'current',
        justeradAt: at('21T11:00:00'),
        postedDate: '2026-11-23',
        lastAppealDay: '2026-12-14',
        takeDownDate: '2026-12-15',
        takenDownAt: null,
        storagePlace: 'Kommunhuset, Storgatan 1',
        filledDocumentId: 'doc-filled',
        bevisDocumentId: 'doc-bevis',
      },
    ],
    postings: [
      { noticeId: 'n-1', boardName: 'Kommunens anslagstavla', kind: 'justera', postedDate: '2026-11-22', postedAt: at('22T08:00:00') },
      { noticeId: 'n-other', boardName: 'Någon annans', kind: 'justera', postedDate: '2026-11-01', postedAt: null },
      { noticeId: 'n-1', boardName: 'Grannkommunens anslagstavla', kind: 'external', postedDate: '2026-11-23', postedAt: null },
    ],
    protocolDocuments: [
      {
        kind: 'justerat',
        documentId: 'doc-renewed',
        nameSv: 'Justerat protokoll',
        titleSv: 'Justerat protokoll',
        relationSv: 'Innehåller den osignerade versionen oförändrad.',
        roundId: EV.round,
        versionNumber: 2,
        current: true,
        sha256: EV.renewed,
        size: 9000,
        url: `/api/protocols/${EV.protocol}/documents/doc-renewed`,
        publicUrl: null,
        contains: { sha256: EV.sha2 },
      },
    ],
  };
}
