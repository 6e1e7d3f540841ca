import type { Caller } from '@justera/application';
import { EV, roundWithTwoVersions } from '../testing/evidence-facts';
import { InMemoryEvidenceReads } from '../testing/in-memory-evidence-reads';
import { GetEvidence } from './get-evidence';

function setup() {
  const f = roundWithTwoVersions();
  const reads = new InMemoryEvidenceReads();
  const scope = { organisationId: EV.org, protocolId: EV.protocol };
  reads.protocols.push(f.protocol);
  reads.organs.set('organ-ks', 'Kommunstyrelsen');
  reads.roundRows = f.rounds.map((r) => ({ ...r, ...scope }));
  reads.versionRows = f.versions;
  reads.signatoryRows = f.signatories;
  reads.events = f.events.map((e) => ({ ...e, organisationId: EV.org }));
  // Documents of the organisation: the revisions, the notice's, a frozen version's (not asked for) and another organisation's.
  reads.documentRows = [
    ...f.documents.map((d) => ({ ...d, organisationId: EV.org })),
    { id: 'doc-frozen', sha256: EV.sha2, size: 5100, organisationId: EV.org },
  ];
  reads.noticeRows = f.notices.map((n) => ({ ...n, ...scope }));
  reads.postingRows = f.postings;
  reads.named = f.protocolDocuments.map((d) => ({ ...d, protocolId: EV.protocol }));
  const clock = { now: () => new Date('2026-12-07T06:30:00Z') };
  return { reads, query: new GetEvidence(reads, reads, clock, { publicUrl: 'https://justera.example' }), facts: f };
}

const caller = (role: 'sekreterare' | 'revisor' | 'admin', organisationId: string = EV.org, organIds: string[] = []): Caller => ({
  principal: { userId: 'u1', organisationId, role, organIds },
  via: 'session',
});

describe(GetEvidence.name, () => {
  it("gives the organ's sekreterare, a revisor and an admin the evidence, read from the ports", async () => {
    const { query } = setup();
    for (const c of [caller('sekreterare', EV.org, ['organ-ks']), caller('revisor'), caller('admin')]) {
      const e = await query.execute({ caller: c, protocolId: EV.protocol });
      expect(e.generatedAt).toBe('2026-12-07T06:30:00.000Z');
      expect(e.protocol.organ).toBe('Kommunstyrelsen');
      expect(e.versions.map((v) => v.number)).toEqual([1, 2]);
      expect(e.versions[1].signedRevisions.map((r) => r.sha256)).toEqual([EV.rev1, EV.rev2, EV.rev3]);
      expect(e.signers).toHaveLength(4);
      expect(e.anslag[0].postings).toHaveLength(2);
      expect(e.audit.chainValid).toBe(true);
      expect(e.documents[0].url).toBe(`https://justera.example/api/protocols/${EV.protocol}/documents/doc-renewed`);
    }
  });

  it("refuses a sekreterare of another organ (forbidden) and hides another organisation's protocol (not_found)", async () => {
    const { query, reads } = setup();
    await expect(query.execute({ caller: caller('sekreterare', EV.org, ['organ-other']), protocolId: EV.protocol })).rejects.toMatchObject({
      code: 'forbidden',
    });
    const before = reads.calls.length;
    await expect(query.execute({ caller: caller('revisor', 'org-2'), protocolId: EV.protocol })).rejects.toMatchObject({
      code: 'not_found',
    });
    // Nothing of the protocol is read for a caller who may not see it.
    expect(reads.calls.slice(before)).toEqual(['protocol']);
  });

  it('builds the evidence of a protocol already found without a caller (the known-document lookup)', async () => {
    const { query, facts } = setup();
    const e = await query.of(facts.protocol);
    expect(e.signers.map((s) => s.transactionId)).toEqual([EV.txV1, EV.txOrd, EV.txJust, EV.txSek]);
  });
});
