import type { CliCommand } from './command';

/** `npm run cli -- migrate`: applies pending migrations to DATABASE_URL (default the SQLite file). */
export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'Kör databasmigreringar / apply database migrations',
  usage: 'npm run cli -- migrate',
  async run() {
    // Loaded here, not at the top: TypeORM costs ~0.6 s that other commands should not pay.
    const { loadConfig } = await import('@justera/config');
    const { createDataSource, migrate } = await import('@justera/persistence');
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
