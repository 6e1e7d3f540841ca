/**
 * `npm run load [-- --n 200] [-- --faults] [--smtp-outage-s 60] [--http-s 3] [--note "…"] [--no-write]`
 *
 * Starts its own PostgreSQL and Redis (scripts/services.sh, with a data folder and ports of its own:
 * LOAD_PG_PORT / LOAD_REDIS_PORT, default 54349 / 63819), a fresh database, a real SMTP sink, 2 api and
 * 2 worker processes on loopback, and runs N concurrent justeringar through the links in the mails
 * (scripts/load/driver.ts). Writes the figures to docs/benchmarks.md, replacing the previous ones of
 * the same mode (with or without faults), and exits non-zero when exactly once was violated.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import type { LoadReport, LoadServices } from './driver';
import { ROOT } from './procs';
import { renderLoadSection, writeLoadSection } from './report';

const execFileP = promisify(execFile);

interface Args {
  n: number;
  faults: boolean;
  smtpOutageS: number;
  httpS: number;
  note: string;
  write: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { n: 200, faults: false, smtpOutageS: 60, httpS: 3, note: '', write: true };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i];
    const num = (name: string) => {
      const x = Number(argv[++i]);
      if (!Number.isFinite(x) || x < 0) throw new Error(`${name} wants a number`);
      return x;
    };
    if (v === '--n') a.n = Math.max(1, Math.floor(num('--n')));
    else if (v === '--faults') a.faults = true;
    else if (v === '--smtp-outage-s') a.smtpOutageS = num('--smtp-outage-s');
    else if (v === '--http-s') a.httpS = num('--http-s');
    else if (v === '--note') a.note = argv[++i] ?? '';
    else if (v === '--no-write') a.write = false;
    else throw new Error(`unknown argument ${v} (see scripts/load/main.ts)`);
  }
  return a;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const pgPort = process.env.LOAD_PG_PORT ?? '54349';
  const redisPort = process.env.LOAD_REDIS_PORT ?? '63819';
  const dir = `/tmp/justera-load-services-${pgPort}`;
  const svcEnv = { ...process.env, TEST_SERVICES_DIR: dir, TEST_PG_PORT: pgPort, TEST_REDIS_PORT: redisPort, TEST_REDIS_APPENDONLY: 'yes' };
  const services = (cmd: 'start' | 'stop', extra: Record<string, string> = {}) =>
    execFileP('bash', [join(ROOT, 'scripts', 'services.sh'), cmd], { env: { ...svcEnv, ...extra }, cwd: ROOT });
  const loadBefore = os.loadavg()[0];
  process.stdout.write(`load: starting PostgreSQL (${pgPort}) and Redis (${redisPort}) under ${dir}\n`);
  const started = (await services('start')).stdout.match(/JUSTERA_SERVICES_STARTED='([^']*)'/)?.[1] ?? '';
  const serverUrl = `postgres://postgres@127.0.0.1:${pgPort}/justera_test`;
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  const dbName = `justera_load_${randomBytes(4).toString('hex')}`;
  const admin = async (text: string) => {
    const c = new Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${dbName}`);
  const databaseUrl = serverUrl.replace(/\/justera_test$/, `/${dbName}`);
  // Before any entity is loaded: the entities read the dialect from DATABASE_URL.
  process.env.DATABASE_URL = databaseUrl;

  let report: LoadReport | undefined;
  try {
    const { createDataSource, migrate } = await import('@justera/persistence');
    const { loadConfig } = await import('@justera/config');
    const ds = createDataSource(loadConfig({ ...process.env, NODE_ENV: 'test', JUSTERA_SECRET: 'x'.repeat(32) }).database);
    await ds.initialize();
    await migrate(ds);
    const { createTenant } = await import('../../test/support/tenants');
    const t = await createTenant(ds, 'Lastkommun');
    await ds.destroy();

    const pgBin = readdirSync('/usr/lib/postgresql')
      .map((v) => `/usr/lib/postgresql/${v}/bin`)
      .find((b) => existsSync(`${b}/pg_ctl`))!;
    const asRoot = process.getuid?.() === 0;
    const svc: LoadServices = {
      databaseUrl,
      redisUrl,
      ownDatabase: true,
      async restartRedis() {
        await execFileP('redis-cli', ['-h', '127.0.0.1', '-p', redisPort, 'shutdown']).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 2000));
        await services('start');
      },
      async restartPostgres() {
        const pgArgs = ['-D', `${dir}/pg`, '-l', `${dir}/pg.log`, 'restart', '-m', 'fast', '-w', '-t', '60'];
        await execFileP(asRoot ? 'runuser' : `${pgBin}/pg_ctl`, asRoot ? ['-u', 'postgres', '--', `${pgBin}/pg_ctl`, ...pgArgs] : pgArgs);
      },
      redisPid: () => {
        try {
          return Number(readFileSync(`${dir}/redis.pid`, 'utf8').trim());
        } catch {
          return undefined;
        }
      },
    };
    const { runLoad } = await import('./driver');
    report = await runLoad(
      svc,
      { organisationId: t.organisationId, slug: t.slug, organId: t.organA, apiKey: t.admin.apiKey },
      {
        n: args.n,
        faults: args.faults,
        smtpOutageS: args.smtpOutageS,
        httpSeconds: args.httpS,
        stepTimeoutMs: 20 * 60_000,
        // Info logging costs a line per request; a flood (issue 13: 18 MB/s) is orders of magnitude more.
        logLimitBytes: 2_000_000 + 40_000 * args.n,
        log: (line) => process.stdout.write(`${line}\n`),
      },
    );
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await services('stop', { JUSTERA_SERVICES_STARTED: started }).catch(() => undefined);
  }

  let commit = 'unknown';
  try {
    commit = (await execFileP('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT })).stdout.trim();
  } catch {
    /* not a git checkout */
  }
  const section = renderLoadSection(report, { commit, loadBefore, note: args.note });
  process.stdout.write(`\n${section}\n`);
  if (args.write) {
    writeLoadSection(join(ROOT, 'docs', 'benchmarks.md'), report.faults ? 'faults' : 'default', section);
    process.stdout.write(`load: docs/benchmarks.md updated (${report.faults ? 'with faults' : 'without faults'})\n`);
  }
  if (report.violations.length) {
    process.stdout.write(
      `\nload: ${report.violations.length} violation(s):\n${report.violations.map((v) => `  - ${v}`).join('\n')}\nlogs: ${report.logDir}\n`,
    );
    process.exit(1);
  }
  process.stdout.write('load: exactly once held\n');
  process.exit(0);
}

main().catch((e: unknown) => {
  process.stderr.write(`load: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
