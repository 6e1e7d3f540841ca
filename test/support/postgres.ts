import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { ROOT } from './processes';

/**
 * Restarts the test PostgreSQL that scripts/services.sh started for this checkout (pg_ctl restart -m fast:
 * every connection is cut, as in a real restart). Only for the suite's own instance under /tmp.
 */
export function restartTestPostgres(): void {
  const dir = process.env.TEST_SERVICES_DIR ?? `/tmp/justera-services-${createHash('md5').update(ROOT).digest('hex').slice(0, 12)}`;
  const bin = readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin`).find((b) => existsSync(`${b}/pg_ctl`));
  if (!bin || !existsSync(`${dir}/pg/PG_VERSION`)) throw new Error(`no test PostgreSQL under ${dir}`);
  const args = ['-D', `${dir}/pg`, '-l', `${dir}/pg.log`, 'restart', '-m', 'fast', '-w', '-t', '60'];
  const asRoot = process.getuid?.() === 0;
  execFileSync(asRoot ? 'runuser' : `${bin}/pg_ctl`, asRoot ? ['-u', 'postgres', '--', `${bin}/pg_ctl`, ...args] : args, { stdio: 'ignore' });
}
