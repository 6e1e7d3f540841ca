import { migrationSummarySv } from './migrate.command';

describe(migrationSummarySv.name, () => {
  it('says in one short line how many migrations ran, not every class name (the quick start printed them all)', () => {
    const all = ['Initial1764000000000', 'Justering1764100000000', 'Anslag1764200000000'];
    expect(migrationSummarySv(all)).toBe('Databasen är uppdaterad: 3 migreringar körda.');
    expect(migrationSummarySv(all)).not.toContain('Initial');
    expect(migrationSummarySv(['Initial1764000000000'])).toBe('Databasen är uppdaterad: 1 migrering körd.');
    expect(migrationSummarySv([])).toBe('Databasen är redan aktuell.');
  });
});
