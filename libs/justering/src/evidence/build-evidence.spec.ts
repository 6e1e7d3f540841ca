import { EV, roundWithTwoVersions } from '../testing/evidence-facts';
import { appliedSignatureEvents, buildEvidence, evidenceDocumentIds } from './build-evidence';

describe(buildEvidence.name, () => {
  it("reports each approval ('signed') with the signature the worker applied under its transaction id", () => {
    const e = buildEvidence(roundWithTwoVersions());
    expect(e.signers.map((s) => [s.name, s.role, s.versionNumber, s.transactionId])).toEqual([
      ['Mikael Löthstam', 'ordforande', 1, EV.txV1],
      ['Mikael Löthstam', 'ordforande', 2, EV.txOrd],
      // The event names no one: the signatory's own name and role.
      ['Jonas Just', 'justerare', 2, EV.txJust],
      ['Sara Ek', 'sekreterare', 2, EV.txSek],
    ]);
    const [v1, ord, just, sek] = e.signers;
    // Version 1's approval was voided by the change request: no signature was applied for it.
    expect(v1).toMatchObject({
      revisionSha256: null,
      method: null,
      signatureAppliedAt: null,
      approvedSha256: EV.sha1,
      identityLevel: 'e-postlank',
    });
    expect(ord).toEqual({
      roundId: EV.round,
      versionNumber: 2,
      name: 'Mikael Löthstam',
      role: 'ordforande',
      email: 'ord@kommun.example',
      identifiedBy: 'e-postlänk och e-legitimation',
      identityLevel: 'e-legitimation',
      identity: {
        provider: 'Freja eID',
        iss: 'https://idp.example',
        sub: 'sub-1',
        name: 'Mikael Löthstam',
        authTime: '2026-11-21T08:59:00.000Z',
        acr: 'loa3',
      },
      method: 'pades-b-lt',
      signedAt: '2026-11-21T09:00:00.000Z',
      ip: '192.0.2.1',
      userAgent: 'Firefox',
      transactionId: EV.txOrd,
      approvedSha256: EV.sha2,
      revisionSha256: EV.rev1,
      signatureAppliedAt: '2026-11-21T09:00:07.000Z',
    });
    expect(just).toMatchObject({
      email: 'just@kommun.example',
      identifiedBy: null,
      identity: null,
      revisionSha256: EV.rev2,
      signatureAppliedAt: '2026-11-21T10:00:09.000Z',
    });
    // Approval and signature recorded in one step: the 'signed' event is its own signature.
    expect(sek).toMatchObject({ method: 'pades-b-b', revisionSha256: EV.rev3, signatureAppliedAt: '2026-11-21T11:00:00.000Z' });
  });

  it('gives each version its own signed revisions in order and the archive renewals of its signed document; only the latest is current', () => {
    const e = buildEvidence(roundWithTwoVersions());
    expect(e.versions.map((v) => [v.number, v.current, v.previousSha256, v.reason])).toEqual([
      [1, false, null, null],
      [2, true, EV.sha1, 'Rättat datum i § 4'],
    ]);
    expect(e.versions[0].signedRevisions).toEqual([]);
    expect(e.versions[0].renewals).toEqual([]);
    expect(e.versions[1].signedRevisions).toEqual([
      { sha256: EV.rev1, size: 6000, transactionId: EV.txOrd },
      { sha256: EV.rev2, size: 7000, transactionId: EV.txJust },
      { sha256: EV.rev3, size: 8000, transactionId: EV.txSek },
    ]);
    expect(e.versions[1].renewals).toEqual([
      { at: '2026-11-28T03:00:00.000Z', fromSha256: EV.rev3, sha256: EV.renewed, size: 9000, protectedUntil: '2036-11-28T03:00:00.000Z' },
    ]);
  });

  it('leaves out a revision whose document is not stored', () => {
    const facts = roundWithTwoVersions();
    facts.documents = facts.documents.filter((d) => d.id !== 'doc-rev2');
    const e = buildEvidence(facts);
    expect(e.versions[1].signedRevisions.map((r) => r.transactionId)).toEqual([EV.txOrd, EV.txSek]);
    expect(e.signers[2]).toMatchObject({ transactionId: EV.txJust, revisionSha256: null, signatureAppliedAt: '2026-11-21T10:00:09.000Z' });
  });

  it("reports the notice with its own postings (not another notice's), its filled PDF and its anslagsbevis", () => {
    const e = buildEvidence(roundWithTwoVersions());
    expect(e.anslag).toEqual([
      {
        noticeId: 'n-1',
        roundId: EV.round,
        state: 'current',
        justeradAt: '2026-11-21T11:00:00.000Z',
        postedDate: '2026-11-23',
        lastAppealDay: '2026-12-14',
        takeDownDate: '2026-12-15',
        takenDownAt: null,
        storagePlace: 'Kommunhuset, Storgatan 1',
        postings: [
          { board: 'Kommunens anslagstavla', kind: 'justera', postedDate: '2026-11-22', postedAt: '2026-11-22T08:00:00.000Z' },
          { board: 'Grannkommunens anslagstavla', kind: 'external', postedDate: '2026-11-23', postedAt: null },
        ],
        filledDocumentSha256: EV.filled,
        anslagsbevis: { documentId: 'doc-bevis', sha256: EV.bevis },
      },
    ]);
    const facts = roundWithTwoVersions();
    facts.documents = facts.documents.filter((d) => d.id !== 'doc-bevis' && d.id !== 'doc-filled');
    facts.notices[0].takenDownAt = new Date('2026-12-15T23:00:00Z');
    expect(buildEvidence(facts).anslag[0]).toMatchObject({
      filledDocumentSha256: null,
      anslagsbevis: null,
      takenDownAt: '2026-12-15T23:00:00.000Z',
    });
  });

  it('verifies the audit chain: an event changed afterwards makes chainValid false and names it', () => {
    const intact = buildEvidence(roundWithTwoVersions());
    expect(intact.audit.chainValid).toBe(true);
    expect(intact.audit.verification).toEqual({ ok: true, count: 12, head: intact.audit.events[11].hash });
    const facts = roundWithTwoVersions();
    facts.events[5] = { ...facts.events[5], ip: '203.0.113.9' };
    const broken = buildEvidence(facts);
    expect(broken.audit.chainValid).toBe(false);
    expect(broken.audit.verification.firstBad).toMatchObject({ seq: 6, problem: 'hash_mismatch' });
    // The events are reported as stored, the changed one included.
    expect(broken.audit.events[5]).toMatchObject({ seq: 6, type: 'signed', ip: '203.0.113.9', at: '2026-11-21T09:00:00.000Z' });
  });

  it('names the protocol, its rounds and its documents (downloads absolute)', () => {
    const e = buildEvidence(roundWithTwoVersions());
    expect(e).toMatchObject({
      schema: 'justera.evidence/1',
      generatedAt: '2026-12-07T06:00:00.000Z',
      protocol: {
        id: EV.protocol,
        title: 'Kommunstyrelsen 2026-11-20',
        organ: 'Kommunstyrelsen',
        meetingDate: '2026-11-20',
        status: 'justerat',
      },
      rounds: [
        {
          id: EV.round,
          paragraphs: null,
          status: 'completed',
          signingOrder: 'sequential',
          deadline: '2026-12-04',
          createdAt: '2026-11-20T10:00:00.000Z',
          completedAt: '2026-11-21T11:00:00.000Z',
        },
      ],
    });
    expect(e.documents).toEqual([
      {
        kind: 'justerat',
        name: 'Justerat protokoll',
        title: 'Justerat protokoll',
        relation: 'Innehåller den osignerade versionen oförändrad.',
        roundId: EV.round,
        versionNumber: 2,
        current: true,
        sha256: EV.renewed,
        size: 9000,
        url: `https://justera.example/api/protocols/${EV.protocol}/documents/doc-renewed`,
        publicUrl: null,
        containsSha256: EV.sha2,
      },
    ]);
  });

  it('asks for the documents of the signed revisions and the notices, not the frozen versions', () => {
    const f = roundWithTwoVersions();
    expect(appliedSignatureEvents(f.events).map((e) => e.transactionId)).toEqual([EV.txOrd, EV.txJust, EV.txSek]);
    expect(evidenceDocumentIds(f.events, f.notices)).toEqual(['doc-rev1', 'doc-rev2', 'doc-rev3', 'doc-filled', 'doc-bevis']);
  });
});
