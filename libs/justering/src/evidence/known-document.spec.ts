import { EV, roundWithTwoVersions } from '../testing/evidence-facts';
import { buildEvidence } from './build-evidence';
import { byMostSpecificPlace, describeKnownDocument, isPublicDocument, type KnownPlace } from './known-document';

const place = (p: Partial<KnownPlace>): KnownPlace => ({
  roundId: EV.round,
  versionId: EV.v2,
  kind: 'signed',
  documentId: 'doc-rev1',
  transactionId: null,
  ...p,
});

describe(describeKnownDocument.name, () => {
  const facts = roundWithTwoVersions();
  const evidence = buildEvidence(facts);

  it("names the signature that produced a revision and the version's signers, without the evidence for the public", () => {
    const k = describeKnownDocument({
      protocol: facts.protocol,
      evidence,
      place: place({ transactionId: EV.txOrd }),
      named: undefined,
      mayRead: false,
    });
    expect(k.match).toEqual({
      kind: 'signed',
      versionNumber: 2,
      roundId: EV.round,
      afterSignatureOf: { name: 'Mikael Löthstam', role: 'ordforande' },
      transactionId: EV.txOrd,
    });
    expect(k.version).toEqual({ number: 2, sha256: EV.sha2, current: true });
    // Version 1's voided approval is not among the signers of version 2.
    expect(k.signers.map((s) => [s.transactionId, s.identifiedSv])).toEqual([
      [EV.txOrd, 'e-legitimation (Freja eID) som Mikael Löthstam'],
      [EV.txJust, 'e-postlänk'],
      [EV.txSek, 'e-postlänk'],
    ]);
    expect(k.signedRevisions.map((r) => r.size)).toEqual([6000, 7000, 8000]);
    expect(k.anslag).toEqual([{ postedDate: '2026-11-23', lastAppealDay: '2026-12-14', takeDownDate: '2026-12-15' }]);
    expect(k.document).toBeNull();
    expect(k.evidence).toBeUndefined();
    expect(JSON.stringify(k)).not.toMatch(/192\.0\.2\.|@kommun\.example|Firefox/);
  });

  it('describes a replaced frozen version as not current, with its own signer, and adds the evidence for a reader', () => {
    const k = describeKnownDocument({
      protocol: facts.protocol,
      evidence,
      place: place({ kind: 'frozen', versionId: EV.v1, documentId: 'doc-v1' }),
      named: { ...facts.protocolDocuments[0], kind: 'frozen', titleSv: 'Version 1 att justera (osignerad)', current: false },
      mayRead: true,
    });
    expect(k.version).toEqual({ number: 1, sha256: EV.sha1, current: false });
    expect(k.signers.map((s) => s.transactionId)).toEqual([EV.txV1]);
    expect(k.document).toMatchObject({ kind: 'frozen', name: 'Version 1 att justera (osignerad)' });
    expect(k.evidence).toBe(evidence);
  });

  it("takes the protocol's own document to its completed rounds' current versions", () => {
    const k = describeKnownDocument({
      protocol: facts.protocol,
      evidence,
      place: place({ kind: 'upload', roundId: null, versionId: null, documentId: 'doc-upload' }),
      named: undefined,
      mayRead: false,
    });
    expect(k.version).toBeNull();
    expect(k.signers).toHaveLength(4);
    expect(k.anslag).toHaveLength(1);
  });
});

describe('known-document rules', () => {
  it('is public once the protocol or the round is justerat', () => {
    expect(isPublicDocument('justerat', null)).toBe(true);
    expect(isPublicDocument('justering', 'completed')).toBe(true);
    expect(isPublicDocument('justering', 'signing')).toBe(false);
    expect(isPublicDocument('draft', null)).toBe(false);
  });

  it('prefers a signed revision, then the ANSLAG fields, then a frozen version, then the upload', () => {
    const kinds: KnownPlace['kind'][] = ['upload', 'frozen', 'anslag', 'renewed', 'anslagsbevis', 'signed'];
    expect(
      kinds
        .map((kind) => ({ kind }))
        .sort(byMostSpecificPlace)
        .map((p) => p.kind),
    ).toEqual(['renewed', 'signed', 'anslag', 'anslagsbevis', 'frozen', 'upload']);
  });
});
