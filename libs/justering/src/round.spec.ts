import { cancel, completeSigning, JusteringRuleError, markProgress, newVersion, orderSignatories, requestChange, RoundView, sign, SignatorySlot, waitingFor, whoseTurn } from './round';

const slots = (n = 4): SignatorySlot[] =>
  (['sekreterare', 'ordforande', 'justerare', 'justerare'] as const).slice(0, n).map((role, position) => ({ id: `s${position}`, role, position, state: 'waiting' }));
const round = (order: 'sequential' | 'parallel', n = 4): RoundView => ({ order, status: 'active', signatories: slots(n) });
const ids = (xs: { id: string }[]) => xs.map((x) => x.id);

describe('orderSignatories', () => {
  it('puts them in signing order sek → ord → jus 1 → jus 2, keeping the justerare order', () => {
    const out = orderSignatories([
      { role: 'justerare', name: 'J1', email: 'j1@x.se' },
      { role: 'ordforande', name: 'O', email: 'o@x.se' },
      { role: 'justerare', name: 'J2', email: 'j2@x.se' },
      { role: 'sekreterare', name: ' S ', email: 's@x.se' },
    ]);
    expect(out.map((s) => s.name)).toEqual(['S', 'O', 'J1', 'J2']);
  });
  it.each([
    ['no sekreterare', [{ role: 'ordforande', name: 'O', email: 'o@x.se' }, { role: 'justerare', name: 'J', email: 'j@x.se' }], 'exakt en sekreterare'],
    ['three justerare', [{ role: 'sekreterare', name: 'S', email: 's@x.se' }, { role: 'ordforande', name: 'O', email: 'o@x.se' }, ...[1, 2, 3].map((i) => ({ role: 'justerare', name: `J${i}`, email: `j${i}@x.se` }))], 'en eller två justerare'],
    ['a bad address', [{ role: 'sekreterare', name: 'S', email: 's@x' }, { role: 'ordforande', name: 'O', email: 'o@x.se' }, { role: 'justerare', name: 'J', email: 'j@x.se' }], 'S: ogiltig e-postadress'],
    ['a shared address', [{ role: 'sekreterare', name: 'S', email: 's@x.se' }, { role: 'ordforande', name: 'O', email: 'S@x.se' }, { role: 'justerare', name: 'J', email: 'j@x.se' }], 'samma e-postadress'],
  ])('refuses %s', (_label, input, text) => {
    expect(() => orderSignatories(input as never)).toThrow(text);
  });
});

describe('whoseTurn', () => {
  it('sequential: one at a time, in order', () => {
    let r = round('sequential');
    const seen: string[][] = [];
    for (let i = 0; i < 4; i++) {
      seen.push(ids(whoseTurn(r)));
      r = sign(r, whoseTurn(r)[0].id).round;
    }
    expect(seen).toEqual([['s0'], ['s1'], ['s2'], ['s3']]);
    expect(r.status).toBe('signing');
    expect(whoseTurn(r)).toEqual([]);
  });
  it('parallel: the sekreterare first, then everyone else at once', () => {
    const r = round('parallel');
    expect(ids(whoseTurn(r))).toEqual(['s0']);
    const t = sign(r, 's0');
    expect(ids(t.nowDue)).toEqual(['s1', 's2', 's3']);
    const t2 = sign(t.round, 's3');
    expect(t2.nowDue).toEqual([]);
    expect(ids(whoseTurn(t2.round))).toEqual(['s1', 's2']);
  });
  it('nobody while a change is requested or after cancel', () => {
    expect(whoseTurn(requestChange(round('sequential'), 's0').round)).toEqual([]);
    expect(whoseTurn(cancel(round('parallel')))).toEqual([]);
  });
});

describe('sign', () => {
  it.each([
    ['sequential, not yet your turn', 'sequential', [], 's2', 'not_your_turn'],
    ['parallel before the sekreterare', 'parallel', [], 's1', 'not_your_turn'],
    ['twice', 'sequential', ['s0'], 's0', 'already_signed'],
    ['a stranger', 'sequential', [], 'x', 'not_signable'],
  ] as const)('refuses %s', (_l, order, before, who, code) => {
    let r = round(order);
    for (const b of before) r = sign(r, b).round;
    try {
      sign(r, who);
      throw new Error('signed');
    } catch (e) {
      expect(e).toBeInstanceOf(JusteringRuleError);
      expect((e as JusteringRuleError).code).toBe(code);
    }
  });
  it('goes to signing on the last approval and names the next one otherwise', () => {
    const t = sign(round('sequential', 3), 's0');
    expect(ids(t.nowDue)).toEqual(['s1']);
    expect(t.allApproved).toBe(false);
    expect(() => completeSigning(t.round)).toThrow(JusteringRuleError);
    const done = sign(sign(t.round, 's1').round, 's2');
    expect(done.allApproved).toBe(true);
    expect(done.nowDue).toEqual([]);
    expect(done.round.status).toBe('signing');
    // Everyone has approved: no new version, no cancellation, no further signature.
    expect(() => cancel(done.round)).toThrow(expect.objectContaining({ code: 'round_closed' }));
    expect(() => newVersion(done.round)).toThrow(expect.objectContaining({ code: 'round_closed' }));
    expect(() => sign(done.round, 's2')).toThrow(expect.objectContaining({ code: 'already_signed' }));
    const completed = completeSigning(done.round);
    expect(completed.status).toBe('completed');
    expect(() => completeSigning(completed)).toThrow(expect.objectContaining({ code: 'round_closed' }));
    expect(() => cancel(completed)).toThrow(JusteringRuleError);
  });
});

describe('change requests and versions', () => {
  it('a change request stops the round; a new version voids every approval and starts over', () => {
    let r = sign(sign(round('sequential'), 's0').round, 's1').round;
    const cr = requestChange(r, 's2');
    expect(cr.round.status).toBe('change_requested');
    expect(() => sign(cr.round, 's2')).toThrow(expect.objectContaining({ code: 'change_requested' }));
    const nv = newVersion(cr.round);
    expect(nv.round.status).toBe('active');
    expect(nv.round.signatories.map((s) => s.state)).toEqual(['waiting', 'waiting', 'waiting', 'waiting']);
    expect(ids(nv.nowDue)).toEqual(['s0']);
    r = nv.round;
    expect(() => newVersion(cancel(r))).toThrow(JusteringRuleError);
  });
});

describe('waitingFor', () => {
  it('names whom a signer waits for', () => {
    const r = sign(round('sequential'), 's0').round;
    expect(ids(waitingFor(r, 's3'))).toEqual(['s1', 's2']);
    expect(waitingFor(r, 's1')).toEqual([]);
    expect(ids(waitingFor(round('parallel'), 's2'))).toEqual(['s0']);
  });
});

describe('markProgress', () => {
  it.each([
    ['waiting', 'sent', 'sent'],
    ['sent', 'sent', 'sent'],
    ['opened', 'sent', 'opened'],
    ['sent', 'opened', 'opened'],
    ['signed', 'opened', 'signed'],
    ['change_requested', 'sent', 'change_requested'],
  ] as const)('%s + %s → %s', (from, ev, to) => expect(markProgress(from, ev)).toBe(to));
});
