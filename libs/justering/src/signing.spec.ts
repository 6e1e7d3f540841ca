import { allSignaturesApplied, justeradAt, nextSignature, SigningSlot } from './signing';

const t = (m: number) => new Date(Date.UTC(2026, 10, 25, 10, m));
function slots(...spec: [string, 'sekreterare' | 'ordforande' | 'justerare', number | null, boolean][]): SigningSlot[] {
  return spec.map(([id, role, at, applied], position) => ({ id, role, position, approved: at !== null, approvedAt: at === null ? null : t(at), applied }));
}

describe('nextSignature', () => {
  it('nothing to do before anyone approved, or when every approval is in the PDF', () => {
    expect(nextSignature(slots(['s', 'sekreterare', null, false], ['o', 'ordforande', null, false]))).toBeNull();
    expect(nextSignature(slots(['s', 'sekreterare', 1, true], ['o', 'ordforande', null, false]))).toBeNull();
  });

  it("the sekreterare's first signature certifies; the last one of the round is final", () => {
    expect(nextSignature(slots(['s', 'sekreterare', 1, false], ['o', 'ordforande', null, false], ['j', 'justerare', null, false]))).toMatchObject({ next: { id: 's' }, certify: true, final: false });
    expect(nextSignature(slots(['s', 'sekreterare', 1, true], ['o', 'ordforande', 2, false], ['j', 'justerare', null, false]))).toMatchObject({ next: { id: 'o' }, certify: false, final: false });
    expect(nextSignature(slots(['s', 'sekreterare', 1, true], ['o', 'ordforande', 2, true], ['j', 'justerare', 3, false]))).toMatchObject({ next: { id: 'j' }, certify: false, final: true });
  });

  it('appends in the order the approvals came, not the order of the positions (parallel signing)', () => {
    const s = slots(['s', 'sekreterare', 1, true], ['o', 'ordforande', 5, false], ['j1', 'justerare', 3, false], ['j2', 'justerare', 4, false]);
    const order: string[] = [];
    let step = nextSignature(s);
    while (step) {
      order.push(step.next.id);
      expect(step.final).toBe(order.length === 3);
      s.find((x) => x.id === step!.next.id)!.applied = true;
      step = nextSignature(s);
    }
    expect(order).toEqual(['j1', 'j2', 'o']);
    expect(allSignaturesApplied(s)).toBe(true);
  });

  it('a backlog of approvals (the TSA was down) is worked off oldest first; only the last is final', () => {
    const s = slots(['s', 'sekreterare', 1, false], ['o', 'ordforande', 2, false], ['j', 'justerare', 3, false]);
    expect(nextSignature(s)).toMatchObject({ next: { id: 's' }, certify: true, final: false });
  });

  it('a first signature that is not the sekreterare does not certify', () => {
    expect(nextSignature(slots(['o', 'ordforande', 1, false], ['s', 'sekreterare', 2, false]))).toMatchObject({ next: { id: 'o' }, certify: false });
  });
});

describe('allSignaturesApplied and justeradAt', () => {
  it('needs every approval applied; the justering time is the last approval', () => {
    const s = slots(['s', 'sekreterare', 1, true], ['o', 'ordforande', 7, true], ['j', 'justerare', 4, false]);
    expect(allSignaturesApplied(s)).toBe(false);
    expect(justeradAt(s)).toEqual(t(7));
    expect(justeradAt(slots(['s', 'sekreterare', 1, true], ['o', 'ordforande', null, false]))).toBeNull();
    expect(allSignaturesApplied([])).toBe(false);
  });
});
