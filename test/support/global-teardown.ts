import { Client } from 'pg';

/** Drops the run's database made by global-setup (processes still connected are disconnected). */
export default async function globalTeardown(): Promise<void> {
  const name = process.env.JUSTERA_TEST_DB;
  const serverUrl = process.env.JUSTERA_TEST_SERVER_URL;
  if (!name || !serverUrl || !/^justera_t_[0-9a-f]+$/.test(name)) return;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  delete process.env.JUSTERA_TEST_DB;
}
