import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Once per Jest run: a fresh PostgreSQL database with every migration applied, so two runs on one
 * machine (two developers' terminals, or a run while another is going) never share or drop each
 * other's data. TEST_DATABASE_URL is pointed at it for every test worker; global-teardown drops it.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.JUSTERA_TEST_DB) return; // several projects share one run's database
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set: run the suite with `npm test`');
  const name = `justera_t_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  process.env.JUSTERA_TEST_DB = name;
  process.env.JUSTERA_TEST_SERVER_URL = serverUrl;
  process.env.TEST_DATABASE_URL = url.toString();
  process.env.DATABASE_URL = url.toString();
  // The compiled libs (npm test builds first; Jest's path aliases do not apply to global setup), loaded
  // after DATABASE_URL is set, so the entities take PostgreSQL's column types.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createDataSource, migrate } = require('../../dist/libs/persistence/src') as typeof import('../../libs/persistence/src');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadConfig } = require('../../dist/libs/config/src') as typeof import('../../libs/config/src');
  const ds = createDataSource(loadConfig({ ...process.env, NODE_ENV: 'test', JUSTERA_SECRET: 'x'.repeat(32) }).database);
  await ds.initialize();
  await migrate(ds);
  await ds.destroy();
}
