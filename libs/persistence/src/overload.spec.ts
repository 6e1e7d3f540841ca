import { holdOn, isTransientDatabaseError, isUniqueViolation, readAfterCommit } from './overload';

describe(isTransientDatabaseError.name, () => {
  it.each([
    [new Error('timeout exceeded when trying to connect')],
    [Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    [{ message: 'QueryFailedError', driverError: { code: '53300', message: 'sorry, too many clients already' } }],
    [Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })],
  ])('says overload for %p', (e) => expect(isTransientDatabaseError(e)).toBe(true));

  it.each([[new Error('null value in column "x"')], [Object.assign(new Error('duplicate key'), { code: '23505' })], [undefined], ['text']])(
    'says bug or bad data for %p',
    (e) => expect(isTransientDatabaseError(e)).toBe(false),
  );
});

describe(isUniqueViolation.name, () => {
  it.each([
    [{ message: 'QueryFailedError', driverError: { code: '23505', message: 'duplicate key value violates unique constraint "uq_anslag_boards_own"' } }],
    [Object.assign(new Error('SQLITE_CONSTRAINT: UNIQUE constraint failed: anslag_boards.organisation_id'), { code: 'SQLITE_CONSTRAINT_UNIQUE' })],
  ])('says a unique conflict for %p', (e) => expect(isUniqueViolation(e)).toBe(true));

  it.each([[Object.assign(new Error('null value'), { code: '23502' })], [new Error('timeout exceeded when trying to connect')], [undefined]])('says something else for %p', (e) =>
    expect(isUniqueViolation(e)).toBe(false),
  );
});

describe(readAfterCommit.name, () => {
  const pool = () => new Error('timeout exceeded when trying to connect');

  it('reads again through an exhausted pool, pausing longer each time', async () => {
    const pauses: number[] = [];
    let calls = 0;
    const out = await readAfterCommit(
      () => (++calls < 3 ? Promise.reject(pool()) : Promise.resolve('status')),
      (ms) => (pauses.push(ms), Promise.resolve()),
    );
    expect(out).toBe('status');
    expect(pauses).toEqual([500, 1000]);
  });

  it('gives up after five reads, and at once on an error that is not transient', async () => {
    let calls = 0;
    await expect(readAfterCommit(() => (calls++, Promise.reject(pool())), () => Promise.resolve())).rejects.toThrow('timeout exceeded');
    expect(calls).toBe(5);
    calls = 0;
    await expect(readAfterCommit(() => (calls++, Promise.reject(new Error('null value in column'))), () => Promise.resolve())).rejects.toThrow('null value');
    expect(calls).toBe(1);
  });
});

describe(holdOn.name, () => {
  it('retries a failing write with growing pauses, and gives up after twelve tries with the last error', async () => {
    const pauses: number[] = [];
    const pause = (ms: number) => (pauses.push(ms), Promise.resolve());
    let calls = 0;
    await holdOn(() => (++calls < 4 ? Promise.reject(new Error('down')) : Promise.resolve()), pause);
    expect(calls).toBe(4);
    expect(pauses).toEqual([500, 1000, 2000]);

    pauses.length = 0;
    await expect(holdOn(() => Promise.reject(new Error('still down')), pause)).rejects.toThrow('still down');
    expect(pauses).toHaveLength(11);
    expect(Math.max(...pauses)).toBe(10_000);
  });
});
