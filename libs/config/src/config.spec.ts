import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';
import { keystoreInput } from './sections';

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

  it('gives each installation its own Redis key prefix unless REDIS_PREFIX says otherwise, and takes a unix socket URL', () => {
    const a = loadConfig({ PUBLIC_URL: 'http://localhost:3000', JUSTERA_SECRET: 'k'.repeat(40) });
    const b = loadConfig({ PUBLIC_URL: 'http://localhost:3100', JUSTERA_SECRET: 'k'.repeat(40) });
    expect(a.redis.prefix).toMatch(/^justera-[0-9a-f]{8}$/);
    expect(b.redis.prefix).not.toBe(a.redis.prefix);
    expect(loadConfig({ PUBLIC_URL: 'http://localhost:3000', JUSTERA_SECRET: 'k'.repeat(40) }).redis.prefix).toBe(a.redis.prefix);
    expect(loadConfig({ REDIS_PREFIX: 'justera', JUSTERA_SECRET: 'k'.repeat(40) }).redis.prefix).toBe('justera');
    expect(loadConfig({ REDIS_URL: 'unix:///srv/justera/data/redis/redis.sock', JUSTERA_SECRET: 'k'.repeat(40) }).redis).toMatchObject({ embedded: false, url: 'unix:///srv/justera/data/redis/redis.sock' });
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

describe('AppConfig sections', () => {
  const base = () => {
    const d = dir();
    return { env: { JUSTERA_DATA_DIR: d, JUSTERA_SECRET: 's'.repeat(32) }, d };
  };

  it('derives the signing keys the same way for every process: <data>/ca, <PUBLIC_URL>/pki/issuing.crl', () => {
    const { env, d } = base();
    const c = loadConfig(env, d);
    expect(c.keys).toEqual({
      caP12: undefined,
      caP12Passphrase: undefined,
      sealP12: undefined,
      sealP12Passphrase: undefined,
      caDir: join(d, 'ca'),
      organisation: 'Utvecklingskommunen',
      crlUrl: 'http://localhost:3000/pki/issuing.crl',
    });
    const p = loadConfig({ ...env, PUBLIC_URL: 'https://justera.kommun.se', JUSTERA_ORGANISATION: ' Exempel kommun ', JUSTERA_CA_DIR: 'keys' }, d);
    expect(p.keys).toMatchObject({ crlUrl: 'https://justera.kommun.se/pki/issuing.crl', organisation: 'Exempel kommun', caDir: join(d, 'keys') });
    expect(loadConfig({ ...env, JUSTERA_CRL_URL: 'http://pki.kommun.se/issuing.crl' }, d).keys.crlUrl).toBe('http://pki.kommun.se/issuing.crl');
  });

  it('maps the keys to the input of the key loader (keystoreInput)', () => {
    const { env, d } = base();
    const p12 = join(d, 'ca.p12');
    writeFileSync(p12, 'x');
    const c = loadConfig({ ...env, JUSTERA_CA_P12: p12, JUSTERA_CA_P12_PASSPHRASE: '' }, d);
    expect(keystoreInput(c)).toEqual({
      JUSTERA_CA_P12: p12,
      JUSTERA_CA_P12_PASSPHRASE: '',
      JUSTERA_SEAL_P12: undefined,
      JUSTERA_SEAL_P12_PASSPHRASE: undefined,
      JUSTERA_SECRET: 's'.repeat(32),
      JUSTERA_CA_DIR: join(d, 'ca'),
      JUSTERA_ORGANISATION: 'Utvecklingskommunen',
      JUSTERA_CRL_URL: 'http://localhost:3000/pki/issuing.crl',
    });
  });

  it('refuses missing key files, missing passphrases and a bad CRL URL at boot, naming each variable', () => {
    const { env, d } = base();
    const p12 = join(d, 'seal.p12');
    writeFileSync(p12, 'x');
    let err: unknown;
    try {
      loadConfig({ ...env, JUSTERA_CA_P12: join(d, 'nope.p12'), JUSTERA_SEAL_P12: p12, JUSTERA_CRL_URL: 'ldap://x', JUSTERA_ORGANISATION: 'x'.repeat(65) }, d);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    expect(problems).toMatch(/JUSTERA_CA_P12 names a file that does not exist/);
    expect(problems).toMatch(/JUSTERA_CA_P12_PASSPHRASE is required/);
    expect(problems).toMatch(/JUSTERA_SEAL_P12_PASSPHRASE is required/);
    expect(problems).toMatch(/JUSTERA_CRL_URL must start with http/);
    expect(problems).toMatch(/JUSTERA_ORGANISATION must be at most 64/);
  });

  it('reads the justering settings with defaults and refuses nonsense', () => {
    const { env, d } = base();
    expect(loadConfig(env, d).justering).toEqual({
      reminders: { firstAfterDays: 3, everyDays: 2, max: 3, dayMs: 86_400_000 },
      linkGraceDays: 0,
      warnWorkingDaysBefore: 2,
    });
    const c = loadConfig({ ...env, JUSTERING_DAY_MS: '1500', JUSTERING_REMINDER_FIRST_DAYS: '0.5', JUSTERING_REMINDER_MAX: '1', JUSTERING_LINK_GRACE_DAYS: '3' }, d);
    expect(c.justering.reminders).toEqual({ firstAfterDays: 0.5, everyDays: 2, max: 1, dayMs: 1500 });
    expect(c.justering.linkGraceDays).toBe(3);
    for (const [name, value, message] of [
      ['JUSTERING_REMINDER_MAX', 'tre', /JUSTERING_REMINDER_MAX must be a whole number/],
      ['JUSTERING_REMINDER_MAX', '1.5', /JUSTERING_REMINDER_MAX must be a whole number/],
      ['JUSTERING_REMINDER_EVERY_DAYS', '0', /JUSTERING_REMINDER_EVERY_DAYS must be between/],
      ['JUSTERING_DAY_MS', '-5', /JUSTERING_DAY_MS must be a whole number/],
      ['JUSTERING_WARN_WORKING_DAYS', '99', /JUSTERING_WARN_WORKING_DAYS must be between 0 and 60/],
    ] as const) {
      expect(() => loadConfig({ ...env, [name]: value }, d)).toThrow(message);
    }
  });

  it('reads the archive renewal window and batch with defaults and refuses nonsense', () => {
    const { env, d } = base();
    expect(loadConfig(env, d).archiveRenewal).toEqual({ days: 90, batch: 25 });
    expect(loadConfig({ ...env, ARCHIVE_RENEWAL_DAYS: '365', ARCHIVE_RENEWAL_BATCH: '200' }, d).archiveRenewal).toEqual({ days: 365, batch: 200 });
    for (const [name, value, message] of [
      ['ARCHIVE_RENEWAL_DAYS', 'nittio', /ARCHIVE_RENEWAL_DAYS must be a whole number/],
      ['ARCHIVE_RENEWAL_DAYS', '0', /ARCHIVE_RENEWAL_DAYS must be between 1 and 3650/],
      ['ARCHIVE_RENEWAL_DAYS', '2.5', /ARCHIVE_RENEWAL_DAYS must be a whole number/],
      ['ARCHIVE_RENEWAL_BATCH', '0', /ARCHIVE_RENEWAL_BATCH must be between 1 and 10000/],
    ] as const) {
      expect(() => loadConfig({ ...env, [name]: value }, d)).toThrow(message);
    }
  });

  it('reads TRUST_PROXY as off, a hop count or a list, and refuses "true"', () => {
    const { env, d } = base();
    expect(loadConfig(env, d).trustProxy).toBe(false);
    expect(loadConfig({ ...env, TRUST_PROXY: '1' }, d).trustProxy).toBe(1);
    expect(loadConfig({ ...env, TRUST_PROXY: 'loopback, 10.0.0.0/8' }, d).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(() => loadConfig({ ...env, TRUST_PROXY: 'true' }, d)).toThrow(/TRUST_PROXY must be a number of proxy hops/);
  });

  it('knows the test clock directory and the installation version', () => {
    const { env, d } = base();
    const c = loadConfig({ ...env, JUSTERA_TEST_CLOCK_DIR: '/tmp/clocks' }, d);
    expect(c.testClockDir).toBe('/tmp/clocks');
    expect(c.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
