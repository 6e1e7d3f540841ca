import { fuzzCase, fuzzValidation } from './fuzz';

describe(fuzzValidation.name, () => {
  it('300 deterministic mutation cases: no crash, no slow case, no valid verdict over changed signed bytes', () => {
    const res = fuzzValidation({ cases: 300, seed: 1 });
    expect(res.failures).toEqual([]);
    expect(res.cases).toBe(300);
    expect(res.slowestMs).toBeLessThan(2000);
    // The mutations must actually break things sometimes (the test can fail).
    expect(res.verdicts['OGILTIG'] ?? 0).toBeGreaterThan(50);
  });

  it('is deterministic per seed', () => {
    expect(fuzzCase(4242).verdict).toBe(fuzzCase(4242).verdict);
  });
});
