import { Client } from 'pg';

/** Once per run: an empty PostgreSQL schema with every migration applied. */
export default async function globalSetup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the suite with `npm test`');
  process.env.DATABASE_URL = url;
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
  await client.end();
  // The compiled libs (npm test builds first; Jest's path aliases do not apply to global setup), loaded
  // after DATABASE_URL is set, so the entities take PostgreSQL's column types.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createDataSource, migrate } = require('../../dist/libs/persistence/src') as typeof import('../../libs/persistence/src');
  const { loadConfig } = require('../../dist/libs/config/src') as typeof import('../../libs/config/src');
  const ds = createDataSource(loadConfig({ ...process.env, NODE_ENV: 'test', JUSTERA_SECRET: 'x'.repeat(32) }).database);
  await ds.initialize();
  await migrate(ds);
  await ds.destroy();
}
