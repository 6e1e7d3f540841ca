import { loadConfig } from '@justera/config';
import { createDataSource, migrate } from '@justera/persistence';
import type { CliCommand } from './command';

/** `npm run cli -- migrate`: applies pending migrations to DATABASE_URL (default the SQLite file). */
export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'Kör databasmigreringar / apply database migrations',
  usage: 'npm run cli -- migrate',
  async run() {
    const config = loadConfig();
    const ds = createDataSource(config.database);
    await ds.initialize();
    try {
      const ran = await migrate(ds);
      process.stdout.write(ran.length ? `Migreringar körda: ${ran.join(', ')}\n` : 'Databasen är redan aktuell.\n');
      return 0;
    } finally {
      await ds.destroy();
    }
  },
};
