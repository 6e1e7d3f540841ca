#!/usr/bin/env node
/**
 * `npm run quickstart`: from a fresh clone with only Node.js and npm to a running Justera.
 * Installs dependencies, makes sure redis-server exists (apt-get where possible), builds, migrates the
 * database (SQLite file under ./data unless DATABASE_URL says otherwise), seeds the demo organisation,
 * starts Redis (unless REDIS_URL is set), the api and the worker, and prints the URLs and logins.
 * Ctrl-C stops everything it started.
 *
 *   npm run quickstart              everything
 *   npm run quickstart -- --no-seed skip the demo data
 *   npm run quickstart -- --logs    show the api's and the worker's log lines on the console too
 *
 * The api's and the worker's logs go to <dataDir>/logs/{api,worker}.log; the console shows the URLs
 * and logins (once the api answers) and then only warnings and errors (scripts/quickstart-logs.js).
 */
const { spawn, spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const { quickstartEnv } = require('./quickstart-env');

const root = join(__dirname, '..');
const args = process.argv.slice(2);
const say = (m) => process.stdout.write(`quickstart: ${m}\n`);

function run(cmd, cmdArgs, opts = {}) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    process.stderr.write(`quickstart: "${cmd} ${cmdArgs.join(' ')}" failed (exit ${r.status})\n`);
    process.exit(r.status || 1);
  }
  return r;
}

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function ensureRedis() {
  if (process.env.REDIS_URL || has('redis-server')) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = isRoot ? [] : has('sudo') ? ['sudo', '-n'] : null;
  if (sudo && has('apt-get')) {
    say('redis-server saknas – installerar med apt-get (installing redis-server)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync(sudo[0] || 'apt-get', [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), 'update', '-qq'], {
      stdio: 'inherit',
      env,
    });
    const install = spawnSync(
      sudo[0] || 'apt-get',
      [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), 'install', '-y', '-qq', 'redis-server'],
      { stdio: 'inherit', env },
    );
    if (update.status === 0 && install.status === 0 && has('redis-server')) {
      spawnSync(sudo[0] || 'service', [...sudo.slice(1), ...(sudo.length ? ['service'] : []), 'redis-server', 'stop'], { stdio: 'ignore' });
      return;
    }
  }
  process.stderr.write(
    'quickstart: redis-server behövs men saknas (redis-server is needed).\n' +
      '  Debian/Ubuntu: sudo apt-get install redis-server\n' +
      '  macOS:         brew install redis\n' +
      '  eller peka REDIS_URL på en befintlig Redis, t.ex. REDIS_URL=redis://127.0.0.1:6379\n',
  );
  process.exit(1);
}

async function main() {
  if (!existsSync(join(root, 'node_modules'))) {
    // Without network access to prebuilt binaries npm compiles better-sqlite3 from C, which takes minutes
    // with no output: say so, so that the first start does not look hung.
    say('installerar beroenden (npm ci) – första gången tar det några minuter, längre om better-sqlite3 måste kompileras');
    run('npm', ['ci', '--no-audit', '--no-fund']);
  }
  ensureRedis();
  // The quick start's defaults (the organisation's name, …) for every step and process below.
  Object.assign(process.env, quickstartEnv(process.env, args));
  say('bygger (npm run build)');
  run('npm', ['run', '-s', 'build']);
  const cli = join(root, 'dist', 'apps', 'cli', 'src', 'main.js');
  say('migrerar databasen');
  run(process.execPath, [cli, 'migrate']);
  let logins = '';
  if (!args.includes('--no-seed')) {
    // --keep: a re-run (and `npm run demo`) keeps the passwords printed here while they still work.
    const r = spawnSync(process.execPath, [cli, 'seed-demo', '--keep'], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) {
      process.stderr.write(r.stderr);
      process.exit(1);
    }
    logins = r.stdout;
  }

  const env = { ...process.env };
  const { loadConfig } = require(join(root, 'dist', 'libs', 'config', 'src'));
  const config = loadConfig(env, root);
  let redis;
  if (!env.REDIS_URL) {
    const { startEmbeddedRedis } = require(join(root, 'dist', 'libs', 'queue', 'src'));
    redis = await startEmbeddedRedis(config.dataDir);
    env.REDIS_URL = redis.url;
    say(
      `Redis ${redis.owned ? 'startad' : 'körs redan'} på socketen ${redis.socket} (data i ${join(config.dataDir, 'redis')}; nås bara av denna installation)`,
    );
  }
  const { routeLogs, urlLines } = require('./quickstart-logs');
  const logDir = join(config.dataDir, 'logs');
  const showAll = args.includes('--logs');
  const start = (name) => {
    const child = spawn(process.execPath, [join(root, 'dist', 'apps', name, 'src', 'main.js')], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // After Ctrl-C the processes' shutdown warnings (Ctrl-C reaches the embedded Redis too, so a
    // producer may log "write EPIPE") go to the log files only: the person asked them to stop.
    const console = { write: (s) => (stopping && !showAll ? true : process.stdout.write(s)) };
    routeLogs(child, name, logDir, console, showAll);
    return child;
  };
  say(
    `loggar skrivs till ${join(logDir, 'api.log')} och ${join(logDir, 'worker.log')}${showAll ? ' (och visas här)' : '; här visas bara varningar och fel'}`,
  );
  let stopping = false;
  const children = [start('api'), start('worker')];
  const port = env.PORT || '3000';
  const base = (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  const local = `http://127.0.0.1:${port}`;
  // The banner comes when the api answers, so that it is the last thing on the console.
  (async () => {
    for (let i = 0; i < 120; i++) {
      const up = await fetch(`${local}/health`, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    process.stdout.write(
      `\n  Justera körs:\n` +
        urlLines(base, !env.SMTP_URL) +
        (logins ? `\n  ${logins.trim().split('\n').join('\n  ')}\n` : '') +
        `\n  Loggar: ${logDir}\n  Avsluta med Ctrl-C.\n\n`,
    );
  })();

  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    // Each process bounds its own shutdown (SHUTDOWN_GRACE_MS, 20 s); should one still hang, Ctrl-C must
    // end the quick start all the same.
    const killer = setTimeout(() => {
      for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    }, 30_000);
    await Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r)))));
    clearTimeout(killer);
    if (redis && redis.owned) await redis.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  for (const c of children) {
    c.once('exit', (code) => {
      if (!stopping) {
        process.stderr.write(`quickstart: en process avslutades (exit ${code}); stoppar resten\n`);
        stop(code || 1);
      }
    });
  }
}

main().catch((err) => {
  process.stderr.write(`quickstart: ${err && err.message ? err.message : err}\n`);
  process.exit(1);
});
