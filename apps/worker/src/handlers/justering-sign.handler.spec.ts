import type { AppendSignatures, AppendSignaturesCommand } from '@justera/justering';
import { JusteringSignHandler } from './justering-sign.handler';

describe(JusteringSignHandler.name, () => {
  const roundId = '0b7e2a52-3c1d-4f6e-9a8b-1c2d3e4f5a6b';
  const versionId = '1c8f3b63-4d2e-4a7f-8b9c-2d3e4f5a6b7c';
  function handler() {
    const calls: AppendSignaturesCommand[] = [];
    const useCase = { execute: async (c: AppendSignaturesCommand) => (calls.push(c), { status: 'done' as const, detail: 'x' }) };
    return { calls, h: new JusteringSignHandler(useCase as unknown as AppendSignatures) };
  }

  it('passes the job and its attempt to AppendSignatures', async () => {
    const { calls, h } = handler();
    expect(await h.handle({ roundId, versionId }, { jobId: 'j', attempt: 3 })).toEqual({ status: 'done', detail: 'x' });
    expect(calls).toEqual([{ roundId, versionId, attempt: 3 }]);
  });

  it('skips a payload without the round and version ids', async () => {
    const { calls, h } = handler();
    for (const bad of [{}, { roundId, versionId: 'nope' }, { roundId: 42, versionId }, null])
      expect(await h.handle(bad as never, { jobId: 'j', attempt: 1 })).toEqual({ status: 'skipped', detail: 'invalid payload' });
    expect(calls).toEqual([]);
  });
});
