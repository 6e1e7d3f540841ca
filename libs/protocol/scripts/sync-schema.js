#!/usr/bin/env node
// Copies the protocol JSON Schema (source of truth: libs/protocol/src/protocol.schema.json) to
// docs/protocol.schema.json, byte for byte. `--check` only compares and exits 1 when they differ.
'use strict';
const { readFileSync, writeFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..', '..');
const source = join(root, 'libs', 'protocol', 'src', 'protocol.schema.json');
const target = join(root, 'docs', 'protocol.schema.json');

const bytes = readFileSync(source);
JSON.parse(bytes.toString('utf8')); // refuse to copy a broken schema
const same = existsSync(target) && Buffer.compare(readFileSync(target), bytes) === 0;
if (process.argv.includes('--check')) {
  if (!same) {
    process.stderr.write('docs/protocol.schema.json differs from libs/protocol/src/protocol.schema.json; run node libs/protocol/scripts/sync-schema.js\n');
    process.exit(1);
  }
  process.stdout.write('docs/protocol.schema.json is in sync\n');
} else if (!same) {
  writeFileSync(target, bytes);
  process.stdout.write('wrote docs/protocol.schema.json\n');
} else {
  process.stdout.write('docs/protocol.schema.json already in sync\n');
}
