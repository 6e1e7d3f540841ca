import type { CliCommand } from './command';

/**
 * What `migrate` says: one short line with the count (the quick start prints it on every fresh
 * start, where a list of every migration's class name meant nothing to the person).
 */
export function migrationSummarySv(ran: readonly string[]): string {
  if (ran.length === 0) return 'Databasen är redan aktuell.';
  return `Databasen är uppdaterad: ${ran.length} ${ran.length === 1 ? 'migrering' : 'migreringar'} körd${ran.length === 1 ? '' : 'a'}.`;
}

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
      process.stdout.write(`${migrationSummarySv(ran)}\n`);
      return 0;
    } finally {
      await ds.destroy();
    }
  },
};
