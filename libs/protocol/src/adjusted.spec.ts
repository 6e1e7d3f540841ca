import { withImmediatelyAdjusted } from './adjusted';
import type { Protocol } from './model';

describe(withImmediatelyAdjusted.name, () => {
  const protocol = {
    paragraphs: [
      { number: 1, title: 'A', sections: [] },
      { number: 2, title: 'B', sections: [] },
    ],
  } as unknown as Protocol;

  it('marks only the given paragraphs and leaves the input untouched', () => {
    const out = withImmediatelyAdjusted(protocol, [2, 99]);
    expect(out.paragraphs.map((p) => !!p.immediatelyAdjusted)).toEqual([false, true]);
    expect(protocol.paragraphs.some((p) => p.immediatelyAdjusted)).toBe(false);
  });

  it('returns the same object when nothing is marked', () => {
    expect(withImmediatelyAdjusted(protocol, [])).toBe(protocol);
  });
});
