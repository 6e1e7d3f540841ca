import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';

const dir = () => mkdtempSync(join(tmpdir(), 'justera-config-'));

describe(loadConfig.name, () => {
  it('has embedded defaults: SQLite under the data dir, a local Redis, the development outbox', () => {
    const d = dir();
    const c = loadConfig({ JUSTERA_DATA_DIR: d }, d);
    expect(c.database).toMatchObject({ type: 'sqlite', sqlitePath: join(d, 'justera.sqlite') });
    expect(c.redis).toMatchObject({ embedded: true, url: undefined });
    expect(c.mail.smtpUrl).toBeUndefined();
    expect(c.devOutbox).toBe(true);
    expect(c.port).toBe(3000);
    // The development secret is generated once and kept.
    expect(c.secret).toBe(readFileSync(join(d, 'secret'), 'utf8').trim());
    expect(loadConfig({ JUSTERA_DATA_DIR: d }, d).secret).toBe(c.secret);
  });

  it('takes PostgreSQL, Redis and SMTP from URLs', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/justera',
      REDIS_URL: 'redis://redis:6379',
      SMTP_URL: 'smtp://mail:1025',
      JUSTERA_SECRET: 'a'.repeat(20) + 'b'.repeat(20),
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://justera.kommun.se/',
    });
    expect(c.database).toMatchObject({ type: 'postgres', url: 'postgres://u:p@db:5432/justera' });
    expect(c.redis).toMatchObject({ embedded: false, url: 'redis://redis:6379' });
    expect(c.devOutbox).toBe(false);
    expect(c.publicUrl).toBe('https://justera.kommun.se');
    expect(c.secureCookies).toBe(true);
  });

  it('stops with a message naming every wrong variable', () => {
    let err: unknown;
    try {
      loadConfig({ NODE_ENV: 'production', PORT: 'eighty', REDIS_URL: 'http://x', DATABASE_URL: 'mysql://x', JUSTERA_DATA_DIR: dir() });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const text = (err as ConfigError).message;
    for (const name of ['PORT', 'REDIS_URL', 'DATABASE_URL', 'JUSTERA_SECRET']) expect(text).toContain(name);
  });

  it('refuses the placeholder and short secrets', () => {
    expect(() => loadConfig({ JUSTERA_SECRET: 'CHANGE_ME_TO_A_LONG_RANDOM_VALUE', JUSTERA_DATA_DIR: dir() })).toThrow(/JUSTERA_SECRET/);
    expect(() => loadConfig({ JUSTERA_SECRET: 'short', JUSTERA_DATA_DIR: dir() })).toThrow(/at least 32/);
  });

  it('takes the time-stamp authority from TSA_URL (or JUSTERA_TSA_URL) and checks it', () => {
    const d = dir();
    expect(loadConfig({ JUSTERA_DATA_DIR: d }, d).tsaUrl).toBeUndefined();
    expect(loadConfig({ JUSTERA_DATA_DIR: d, TSA_URL: 'http://tsa.example/tsr' }, d).tsaUrl).toBe('http://tsa.example/tsr');
    expect(loadConfig({ JUSTERA_DATA_DIR: d, JUSTERA_TSA_URL: 'https://tsa.example/' }, d).tsaUrl).toBe('https://tsa.example/');
    expect(() => loadConfig({ JUSTERA_DATA_DIR: d, TSA_URL: 'ftp://tsa.example' }, d)).toThrow(/TSA_URL must start with http:\/\/ or https:\/\//);
    expect(() => loadConfig({ JUSTERA_DATA_DIR: d, TSA_URL: 'not a url' }, d)).toThrow(/TSA_URL is not a valid URL/);
    expect(() => loadConfig({ JUSTERA_DATA_DIR: d, TSA_URL: 'http://a.example', JUSTERA_TSA_URL: 'http://b.example' }, d)).toThrow(/both set and differ/);
  });
});
