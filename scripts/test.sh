#!/usr/bin/env bash
# `npm test`: the whole suite on a machine that may never have seen the project.
# Installs dependencies when missing, installs and starts PostgreSQL and Redis on loopback (Debian
# packages), builds (the e2e tests start the compiled api and worker as separate processes), runs every
# Jest tier, stops what it started, and prints `tests: N passed, M failed`.
# Extra arguments go to Jest, e.g. `npm test -- --selectProjects unit medium`.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp

[ -d node_modules ] || npm ci --no-audit --no-fund || exit 1
eval "$(bash scripts/services.sh start)" || { echo "could not start PostgreSQL/Redis" >&2; exit 1; }
trap 'bash scripts/services.sh stop' EXIT

npm run -s build || exit 1

export NODE_ENV=test
npx jest --json --outputFile=.tmp/jest-results.json "$@"
status=$?
node -e '
const r = require("./.tmp/jest-results.json");
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
' 2>/dev/null || echo "tests: 0 passed, 0 failed"
exit $status
