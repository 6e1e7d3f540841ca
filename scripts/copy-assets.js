#!/usr/bin/env node
// Copies the files tsc does not emit (the pages' stylesheet, the dashboard's script and icons) beside the compiled code in dist/.
const { copyFileSync, mkdirSync } = require('node:fs');
const { dirname, join } = require('node:path');

const root = join(__dirname, '..');
const assets = [
  'apps/api/src/views/justera.css',
  'apps/api/src/views/dashboard-live.js',
  'apps/api/src/views/admin-keys.js',
  'apps/api/src/views/favicon.svg',
  'apps/api/src/views/favicon.ico',
];
for (const file of assets) {
  const to = join(root, 'dist', file);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(join(root, file), to);
}
