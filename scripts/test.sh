#!/usr/bin/env bash
# `npm test`: the whole suite on a machine that may never have seen the project.
# Installs dependencies when missing, installs and starts PostgreSQL and Redis on loopback (Debian
# packages), builds (the e2e tests start the compiled api and worker as separate processes), runs every
# Jest tier, stops what it started, and prints `tests: N passed, M failed`.
#
# Two Jest runs: unit and medium tests in parallel; then e2e and browser tests one file at a time —
# their systems share one database, and every worker's outbox relay serves the whole database, so two
# systems running at once could take each other's jobs.
# Extra arguments go to both Jest runs, e.g. `npm test -- -t "Redis outage"`.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp
rm -f .tmp/jest-fast.json .tmp/jest-systems.json .tmp/jest-results.json

[ -d node_modules ] || npm ci --no-audit --no-fund || exit 1
envs=$(bash scripts/services.sh start) || { echo "could not start PostgreSQL/Redis (see scripts/services.sh)" >&2; exit 1; }
eval "$envs"
trap 'bash scripts/services.sh stop' EXIT

npm run -s build || exit 1

export NODE_ENV=test
npx jest --selectProjects unit medium --json --outputFile=.tmp/jest-fast.json "$@"
fast=$?
npx jest --selectProjects e2e browser --runInBand --json --outputFile=.tmp/jest-systems.json "$@"
systems=$?
node scripts/jest-summary.js .tmp/jest-results.json .tmp/jest-fast.json .tmp/jest-systems.json
[ $fast -eq 0 ] && [ $systems -eq 0 ]
