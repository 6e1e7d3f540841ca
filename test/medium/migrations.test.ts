import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@justera/config';
import { createDataSource, migrate, pendingSchemaChanges } from '@justera/persistence';

jest.setTimeout(60_000);

describe('migrations', () => {
  it('leave nothing for the entities to change on PostgreSQL', async () => {
    const ds = createDataSource(loadConfig({ ...process.env, JUSTERA_SECRET: 'x'.repeat(32) }).database);
    await ds.initialize();
    try {
      expect(await migrate(ds)).toEqual([]); // global setup ran them all already
      expect(await pendingSchemaChanges(ds)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });

  it('run on SQLite and leave nothing for the entities to change there either', () => {
    // A separate process: the entities pick SQLite's column types from DATABASE_URL at load time.
    const dir = mkdtempSync(join(tmpdir(), 'justera-sqlite-'));
    try {
      const script = `
        const { loadConfig } = require('./dist/libs/config/src');
        const { createDataSource, migrate, pendingSchemaChanges } = require('./dist/libs/persistence/src');
        (async () => {
          const ds = createDataSource(loadConfig().database);
          await ds.initialize();
          const ran = await migrate(ds);
          const pending = await pendingSchemaChanges(ds);
          await ds.destroy();
          process.stdout.write(JSON.stringify({ ran, pending }));
        })().catch((e) => { console.error(e); process.exit(1); });`;
      const out = execFileSync(process.execPath, ['-e', script], {
        cwd: join(__dirname, '..', '..'),
        env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, JUSTERA_DATA_DIR: dir, NODE_ENV: 'test' },
        encoding: 'utf8',
      });
      const { ran, pending } = JSON.parse(out) as { ran: string[]; pending: string[] };
      expect(ran.length).toBeGreaterThan(0);
      expect(pending).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
