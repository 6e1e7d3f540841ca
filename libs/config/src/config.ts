/**
 * The environment, validated once at boot into a typed object. A wrong or missing variable stops the
 * process with a message that names it (see docs/operations.md for every variable).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { oidcConfig, type OidcConfig } from './identity';
import { staffSsoConfig, type StaffSsoConfig } from './staff-sso';
import {
  archiveRenewalConfig,
  justeringConfig,
  keysConfig,
  testClockDir,
  trustProxy,
  type ArchiveRenewalConfig,
  type JusteringConfig,
  type KeysConfig,
} from './sections';

export type NodeEnv = 'development' | 'production' | 'test';

export interface DatabaseConfig {
  type: 'postgres' | 'sqlite';
  /** postgres://… when type is postgres. */
  url?: string;
  /** File path when type is sqlite. */
  sqlitePath?: string;
  /** Log SQL statements. */
  logging: boolean;
  /** PostgreSQL connections per process at most (DATABASE_POOL_SIZE, default 10). */
  poolSize: number;
  /**
   * How long a query waits for a free connection before it fails (DATABASE_POOL_TIMEOUT_MS, default
   * 3000). An HTTP request that runs out of it is answered 503 with Retry-After, never 500.
   */
  poolTimeoutMs: number;
  /** A transaction idle longer than this is ended by PostgreSQL, releasing its locks (DATABASE_IDLE_TX_TIMEOUT_MS, default 60000). */
  idleTransactionTimeoutMs: number;
}

export interface RedisConfig {
  /**
   * redis://…, rediss://… or unix://<socket>; when absent the process starts (or reuses) a local
   * redis-server that listens only on a unix socket in dataDir (libs/queue embedded-redis.ts).
   */
  url?: string;
  embedded: boolean;
  /** Prefix of every BullMQ key, so several installations can share one Redis (default: per PUBLIC_URL). */
  prefix: string;
}

export interface MailConfig {
  /** smtp:// or smtps:// URL; when absent mail goes to the development outbox under dataDir. */
  smtpUrl?: string;
  outboxDir: string;
  from: string;
}

export interface AppConfig {
  env: NodeEnv;
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  /** Secret for HMACs (CSRF) and for the CA key encryption; at least 32 characters. */
  secret: string;
  database: DatabaseConfig;
  redis: RedisConfig;
  mail: MailConfig;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Requests per minute per client IP on the API and pages together (shared by all api processes). */
  rateLimitPerMinute: number;
  /** Validations per minute per client IP on the public validation routes (VALIDATE_PER_MINUTE). */
  validatePerMinute: number;
  /** Largest accepted request body (uploads of PDFs), bytes. */
  maxUploadBytes: number;
  /** Session lifetime in hours. */
  sessionHours: number;
  /** Serve /dev/outbox (never in production). */
  devOutbox: boolean;
  /** Cookies with the Secure attribute (default: on when PUBLIC_URL is https). */
  secureCookies: boolean;
  /**
   * RFC 3161 time-stamp authority for the signatures (TSA_URL, or its older name JUSTERA_TSA_URL):
   * signature time-stamps (PAdES B-T) and the final document time-stamp (B-LTA). None: B-B/B-LT.
   */
  tsaUrl?: string;
  /** Signing CA and organisation seal (JUSTERA_CA_*, JUSTERA_SEAL_*, JUSTERA_ORGANISATION, JUSTERA_CRL_URL). */
  keys: KeysConfig;
  /** Reminders and link lifetimes of a justering (JUSTERING_*). */
  justering: JusteringConfig;
  /** When and how many stored justerat documents the daily job renews (ARCHIVE_RENEWAL_*). */
  archiveRenewal: ArchiveRenewalConfig;
  /** Express `trust proxy` (TRUST_PROXY): false, a hop count, or a list of proxy addresses. */
  trustProxy: false | number | string;
  /** Directory of the per-organisation test clocks, read only when env is `test` (JUSTERA_TEST_CLOCK_DIR). */
  testClockDir: string;
  /** The installation's version (package.json), shown in the OpenAPI document. */
  version: string;
  /** Untrusted PDFs (validation, protocol uploads) are parsed in child processes under these budgets. */
  pdfParsing: PdfParsingConfig;
  /** The signer's e-legitimation through an OpenID provider (JUSTERA_OIDC_*); absent without an issuer. */
  oidc?: OidcConfig;
  /** Staff single sign-on through the organisation's OpenID provider (JUSTERA_SSO_*); absent without an issuer. */
  staffSso?: StaffSsoConfig;
}

/** The bounded pool of child processes that parses untrusted PDFs (docs/security.md, "Public doors"). */
export interface PdfParsingConfig {
  /** Parses running at once per api process (PDF_PARSE_WORKERS, default: the number of cores, 1–8). */
  workers: number;
  /** Parses allowed to wait per api process; beyond that 503 + Retry-After (PDF_PARSE_QUEUE, default 4 × workers). */
  queue: number;
  /** V8 heap limit of one parse, MB (PDF_PARSE_HEAP_MB, default 512). */
  heapMb: number;
  /** Resident memory at which a parse is killed, MB (PDF_PARSE_RSS_MB, default 768). */
  rssMb: number;
  /** Wall-clock budget of one parse, ms (PDF_PARSE_TIMEOUT_MS, default 15,000). */
  timeoutMs: number;
  /** Validations one client IP may have in flight at once (VALIDATE_PER_IP, default 2). */
  perIp: number;
}

/** `justera-` and 8 hex digits of the SHA-256 of the public URL: stable for an installation, distinct between two. */
export function defaultRedisPrefix(publicUrl: string): string {
  return `justera-${createHash('sha256').update(publicUrl).digest('hex').slice(0, 8)}`;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const INSECURE_SECRETS = new Set(['change-me', 'changeme', 'secret', 'CHANGE_ME_TO_A_LONG_RANDOM_VALUE']);

function int(env: Env, name: string, def: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw)) {
    problems.push(`${name} must be a whole number, got "${raw}"`);
    return def;
  }
  const n = Number(raw);
  if (n < min || n > max) problems.push(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function bool(env: Env, name: string, def: boolean, problems: string[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  problems.push(`${name} must be true or false, got "${raw}"`);
  return def;
}

function url(env: Env, name: string, protocols: string[], problems: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  try {
    const u = new URL(raw);
    if (!protocols.includes(u.protocol)) {
      problems.push(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}, got "${u.protocol}//…"`);
    }
    return raw;
  } catch {
    problems.push(`${name} is not a valid URL`);
    return undefined;
  }
}

/**
 * The development secret: generated once and kept in dataDir, so sessions and the development CA
 * survive restarts. Production must set JUSTERA_SECRET.
 */
function developmentSecret(dataDir: string): string {
  const file = join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** The version in the installation's package.json (found upwards from this file, in src/ and in dist/). */
function packageVersion(env: Env): string {
  if (env.npm_package_name === 'justera' && env.npm_package_version) return env.npm_package_version;
  for (let dir = __dirname, i = 0; i < 6; dir = dirname(dir), i++) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    try {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'justera' && pkg.version) return pkg.version;
    } catch {
      // not ours; keep looking
    }
  }
  return '0.0.0';
}

/**
 * The database dialect named by DATABASE_URL (`postgres://…` or else SQLite). The entity classes read it
 * when they load, before any AppConfig exists (libs/persistence/src/dialect.ts).
 */
export function databaseTypeFromEnv(env: Env = process.env): DatabaseConfig['type'] {
  const u = env.DATABASE_URL;
  return u && /^postgres(ql)?:/.test(u) ? 'postgres' : 'sqlite';
}

export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): AppConfig {
  const problems: string[] = [];
  const rawEnv = env.NODE_ENV ?? 'development';
  let nodeEnv: NodeEnv = 'development';
  if (rawEnv === 'production' || rawEnv === 'development' || rawEnv === 'test') nodeEnv = rawEnv;
  else problems.push(`NODE_ENV must be development, production or test, got "${rawEnv}"`);

  const dataDirRaw = env.JUSTERA_DATA_DIR || 'data';
  const dataDir = isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw);
  const port = int(env, 'PORT', 3000, 0, 65535, problems);
  const host = env.HOST || '127.0.0.1';
  const publicUrl = (url(env, 'PUBLIC_URL', ['http:', 'https:'], problems) ?? `http://localhost:${port}`).replace(/\/+$/, '');

  let secret = env.JUSTERA_SECRET ?? '';
  if (secret) {
    if (secret.length < 32) problems.push('JUSTERA_SECRET must be at least 32 characters long');
    if (INSECURE_SECRETS.has(secret) || /^CHANGE_?ME/i.test(secret)) problems.push('JUSTERA_SECRET still has its placeholder value');
  } else if (nodeEnv === 'production') {
    problems.push('JUSTERA_SECRET is required in production (at least 32 random characters)');
  } else {
    secret = developmentSecret(dataDir);
  }

  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:', 'sqlite:', 'file:'], problems);
  const pool = {
    logging: bool(env, 'DATABASE_LOGGING', false, problems),
    poolSize: int(env, 'DATABASE_POOL_SIZE', 10, 1, 500, problems),
    poolTimeoutMs: int(env, 'DATABASE_POOL_TIMEOUT_MS', 3000, 100, 600_000, problems),
    idleTransactionTimeoutMs: int(env, 'DATABASE_IDLE_TX_TIMEOUT_MS', 60_000, 1000, 86_400_000, problems),
  };
  let database: DatabaseConfig;
  if (databaseUrl && /^postgres(ql)?:/.test(databaseUrl)) {
    database = { type: 'postgres', url: databaseUrl, ...pool };
  } else {
    const path = databaseUrl ? databaseUrl.replace(/^(sqlite|file):(\/\/)?/, '') : join(dataDir, 'justera.sqlite');
    database = { type: 'sqlite', sqlitePath: isAbsolute(path) ? path : resolve(cwd, path), ...pool };
  }

  const redisUrl = url(env, 'REDIS_URL', ['redis:', 'rediss:', 'unix:'], problems);
  const redis: RedisConfig = {
    url: redisUrl,
    embedded: !redisUrl,
    // One installation is one PUBLIC_URL: two installations pointed at the same Redis without a
    // REDIS_PREFIX still keep apart (each would otherwise take the other's jobs).
    prefix: env.REDIS_PREFIX || defaultRedisPrefix(publicUrl),
  };
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(redis.prefix)) problems.push('REDIS_PREFIX may hold only letters, digits, "_", "." and "-"');

  const mail: MailConfig = {
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:'], problems),
    outboxDir: join(dataDir, 'outbox'),
    from: env.MAIL_FROM || 'Justera <justera@localhost>',
  };

  const logLevel = (env.LOG_LEVEL || (nodeEnv === 'test' ? 'warn' : 'info')) as AppConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const tsaUrl = url(env, 'TSA_URL', ['http:', 'https:'], problems);
  const tsaUrlOld = url(env, 'JUSTERA_TSA_URL', ['http:', 'https:'], problems);
  if (tsaUrl && tsaUrlOld && tsaUrl !== tsaUrlOld) problems.push('TSA_URL and JUSTERA_TSA_URL are both set and differ; set only TSA_URL');

  const cores = Math.min(8, Math.max(1, availableParallelism()));
  const workers = int(env, 'PDF_PARSE_WORKERS', cores, 1, 64, problems);
  const pdfParsing: PdfParsingConfig = {
    workers,
    queue: int(env, 'PDF_PARSE_QUEUE', 4 * workers, 0, 10_000, problems),
    heapMb: int(env, 'PDF_PARSE_HEAP_MB', 512, 64, 16_384, problems),
    rssMb: int(env, 'PDF_PARSE_RSS_MB', 768, 128, 32_768, problems),
    timeoutMs: int(env, 'PDF_PARSE_TIMEOUT_MS', 15_000, 1_000, 600_000, problems),
    perIp: int(env, 'VALIDATE_PER_IP', 2, 1, 1_000, problems),
  };

  const devOutbox = nodeEnv !== 'production' && !mail.smtpUrl;
  const config: AppConfig = {
    env: nodeEnv,
    host,
    port,
    publicUrl,
    dataDir,
    secret,
    database,
    redis,
    mail,
    logLevel,
    rateLimitPerMinute: int(env, 'RATE_LIMIT_PER_MINUTE', 300, 1, 1_000_000, problems),
    validatePerMinute: int(env, 'VALIDATE_PER_MINUTE', 30, 1, 1_000_000, problems),
    maxUploadBytes: int(env, 'MAX_UPLOAD_MB', 50, 1, 1024, problems) * 1024 * 1024,
    sessionHours: int(env, 'SESSION_HOURS', 12, 1, 24 * 30, problems),
    devOutbox,
    secureCookies: bool(env, 'SECURE_COOKIES', publicUrl.startsWith('https:'), problems),
    ...((tsaUrl ?? tsaUrlOld) ? { tsaUrl: tsaUrl ?? tsaUrlOld } : {}),
    keys: keysConfig(env, { dataDir, publicUrl, cwd }, problems),
    justering: justeringConfig(env, problems),
    archiveRenewal: archiveRenewalConfig(env, problems),
    trustProxy: trustProxy(env, problems),
    testClockDir: testClockDir(env),
    version: packageVersion(env),
    pdfParsing,
  };
  const oidc = oidcConfig(env, nodeEnv === 'production', problems);
  if (oidc) config.oidc = oidc;
  const staffSso = staffSsoConfig(env, nodeEnv === 'production', problems);
  if (staffSso) config.staffSso = staffSso;
  if (problems.length) throw new ConfigError(problems);
  return config;
}
