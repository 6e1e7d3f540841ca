import type { CliCommand } from './command';
import { datesCommand } from './dates.command';
import { migrateCommand } from './migrate.command';
import { seedDemoCommand } from './seed-demo.command';
import { caCommand } from './ca.command';
import { sealCommand } from './seal.command';
import { renderCommand } from './render.command';
import { validateCommand } from './validate.command';
import { renewCommand } from './renew.command';
import { importCommand } from './import.command';

/**
 * Every CLI command, one import and one entry each. Several people add commands here at once:
 * change only your own lines.
 */
export const COMMANDS: CliCommand[] = [
  caCommand,
  sealCommand,
  datesCommand,
  migrateCommand,
  seedDemoCommand,
  renderCommand,
  validateCommand,
  renewCommand,
  importCommand,
];
