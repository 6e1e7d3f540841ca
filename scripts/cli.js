#!/usr/bin/env node
// `npm run cli -- …`: runs the compiled CLI, building first when dist/ is missing or older than
// the sources, so the command works on a fresh clone after `npm install`. The CLI runs in this
// process (not a second `node`): one Node start-up less for every command (docs/benchmarks.md).
const { spawnSync } = require('node:child_process');
const { existsSync, statSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const entry = join(root, 'dist', 'apps', 'cli', 'src', 'main.js');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (e.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

const stale = !existsSync(entry) || ['apps', 'libs'].some((d) => newest(join(root, d)) > statSync(entry).mtimeMs);
if (stale) {
  process.stderr.write('cli: bygger (building) …\n');
  const r = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
require(entry)
  .runCli(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`${String(err)}\n`);
      process.exitCode = 1;
    },
  );
