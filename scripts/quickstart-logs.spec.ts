import { PassThrough } from 'node:stream';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { consoleLine, routeLogs, urlLines } = require('./quickstart-logs.js') as {
  consoleLine: (name: string, line: string) => string | null;
  urlLines: (base: string, withOutbox: boolean) => string;
  routeLogs: (
    child: { stdout: PassThrough; stderr: PassThrough },
    name: string,
    dir: string,
    out: { write: (s: string) => void },
    all?: boolean,
  ) => string;
};

describe('quick start console', () => {
  it('prints the URLs in one column, the development outbox only without SMTP_URL', () => {
    const lines = urlLines('http://localhost:3000', true).trimEnd().split('\n');
    expect(lines.find((l) => l.includes('/dev/outbox'))).toBeDefined();
    // Every address starts in the same column (the outbox's longer label pushed its address one further).
    expect(new Set(lines.map((l) => l.indexOf('http://')))).toEqual(new Set([lines[0].indexOf('http://')]));
    expect(urlLines('http://localhost:3000', false)).not.toContain('/dev/outbox');
  });

  it('keeps info and debug log lines off the console, and says warnings and errors in one Swedish line', () => {
    expect(consoleLine('api', JSON.stringify({ level: 30, msg: 'Mapped {/health, GET} route' }))).toBeNull();
    expect(consoleLine('api', JSON.stringify({ level: 20, msg: 'query' }))).toBeNull();
    expect(consoleLine('worker', JSON.stringify({ level: 40, msg: 'Redis unavailable' }))).toBe('worker: VARNING: Redis unavailable');
    expect(consoleLine('api', JSON.stringify({ level: 50, msg: 'unhandled error', err: { message: 'boom' } }))).toBe(
      'api: FEL: unhandled error (boom)',
    );
    expect(consoleLine('api', '    at Object.<anonymous> (main.js:1:1)')).toBe('api:     at Object.<anonymous> (main.js:1:1)');
    expect(consoleLine('api', '')).toBeNull();
  });

  it('writes every line to the process log file, split across chunks, and only the filtered ones to the console', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qs-logs-'));
    const child = { stdout: new PassThrough(), stderr: new PassThrough() };
    const shown: string[] = [];
    const file = routeLogs(child, 'api', dir, { write: (s) => shown.push(s) });
    child.stdout.write('{"level":30,"msg":"listening"}\n{"level":50,');
    child.stdout.end('"msg":"database down"}\n');
    child.stderr.end('Error: crashed\n');
    // The file stream flushes asynchronously (late on a loaded machine): wait for its lines, not a fixed time.
    const lines = () => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : []);
    for (let waited = 0; lines().length < 3 && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    expect(shown).toEqual(['api: FEL: database down\n', 'api: Error: crashed\n']);
    expect(lines().sort()).toEqual(
      ['Error: crashed', '{"level":30,"msg":"listening"}', '{"level":50,"msg":"database down"}'].sort(),
    );
  });
});
