/**
 * The quick start's database is a SQLite file, one connection per process, and the worker runs several
 * jobs at once. Before the data source let a process's transactions take turns
 * (serialiseSqliteTransactions, libs/persistence/src/data-source.ts), two overlapping transactions
 * shared TypeORM's one query runner and failed with "cannot start a transaction within a transaction".
 * Here three justeringar run at the same time through the mailed links on a migrated and seeded SQLite
 * file — as `npm run quickstart` prepares it — until each notice is posted with its anslagsbevis, and
 * neither process logs a transaction collision.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { newApiKey } from '@justera/auth';
import { justeraAndPost } from '../support/justera-flow';
import { ROOT } from '../support/processes';
import { startSystem, System } from '../support/system';

const CLI = join(ROOT, 'dist', 'apps', 'cli', 'src', 'main.js');
const SECRET = 'sqlite-e2e-secret-0123456789abcdefghijklmnop';

jest.setTimeout(120_000);

describe('the quick start on SQLite: concurrent justeringar', () => {
  let dir: string;
  let sys: System;
  let apiKey: string;
  let organId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'justera-sqlite-'));
    const env = {
      ...process.env,
      DATABASE_URL: `sqlite:${join(dir, 'justera.sqlite')}`,
      JUSTERA_DATA_DIR: dir,
      JUSTERA_SECRET: SECRET,
      NODE_ENV: 'test',
    };
    let seeded: { organisationId: string; organIds: string[] } | undefined;
    for (const step of [['migrate'], ['seed-demo', '--json']]) {
      const r = spawnSync(process.execPath, [CLI, ...step], { cwd: dir, env, encoding: 'utf8' });
      expect({ step, status: r.status, stderr: r.stderr }).toMatchObject({ status: 0 });
      if (step[0] === 'seed-demo') seeded = JSON.parse(r.stdout.trim().split('\n').pop()!) as typeof seeded;
    }
    organId = seeded!.organIds[0];
    // An API key for the sekreterare's organ, the way the admin page makes one (the hash is stored).
    const db = new Database(join(dir, 'justera.sqlite'));
    try {
      const user = db.prepare("SELECT id FROM users WHERE organisation_id = ? AND role = 'sekreterare'").get(seeded!.organisationId) as {
        id: string;
      };
      const k = newApiKey();
      db.prepare(
        "INSERT INTO api_keys (id, organisation_id, public_id, secret_hash, name, role, organ_ids, created_by, created_at) VALUES (?, ?, ?, ?, 'e2e', 'sekreterare', ?, ?, '2026-01-01 00:00:00.000')",
      ).run(randomUUID(), seeded!.organisationId, k.publicId, k.secretHash, JSON.stringify([organId]), user.id);
      apiKey = k.key;
    } finally {
      db.close();
    }
    sys = await startSystem({ DATABASE_URL: `sqlite:${join(dir, 'justera.sqlite')}`, JUSTERA_DATA_DIR: dir, JUSTERA_SECRET: SECRET });
  }, 120_000);

  afterAll(async () => {
    await sys?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('justerar and posts three protocols at once, without a transaction collision in api or worker', async () => {
    const flows = await Promise.all([0, 1, 2].map(() => justeraAndPost(sys.base, sys.smtp, apiKey, organId))).catch((e) => {
      throw new Error(`${String(e)}\n${sys.api.log().slice(-6000)}\n${sys.worker.log().slice(-4000)}`);
    });
    expect(new Set(flows.map((f) => f.notice.id)).size).toBe(3);
    const logs = `${sys.api.log()}\n${sys.worker.log()}`;
    expect(logs).not.toMatch(/cannot (start|commit) a transaction|within a transaction|no transaction is active/i);
  }, 240_000);
});
