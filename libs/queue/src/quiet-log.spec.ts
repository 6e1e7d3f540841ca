import { QuietLog } from './quiet-log';

describe(QuietLog.name, () => {
  it('writes one line per key and window, then says how many it left out', () => {
    let t = 0;
    const lines: string[] = [];
    const log = new QuietLog((m) => lines.push(m), 10_000, () => t);
    for (let i = 0; i < 1000; i++) log.log('ECONNREFUSED', 'redis down');
    log.log('other', 'something else');
    expect(lines).toEqual(['redis down', 'something else']);
    t = 10_000;
    log.log('ECONNREFUSED', 'redis down');
    expect(lines[2]).toBe('redis down (999 similar message(s) left out in the last 10 s)');
  });

  it('folds numbers and ids in messages into one key', () => {
    expect(QuietLog.keyOf(new Error('connect ECONNREFUSED 127.0.0.1:6379'))).toBe(QuietLog.keyOf(new Error('connect ECONNREFUSED 127.0.0.1:6380')));
    expect(QuietLog.keyOf(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe('ECONNRESET');
  });
});
