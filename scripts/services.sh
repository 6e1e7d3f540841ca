#!/usr/bin/env bash
# Start or stop the services the test suite needs, on loopback only, with data under /tmp.
#   scripts/services.sh start   → installs missing Debian packages (apt-get), starts PostgreSQL and Redis,
#                                 prints the environment to use (export lines)
#   scripts/services.sh stop    → stops what `start` started
# Ports: PostgreSQL 54329, Redis 63799 (override with TEST_PG_PORT / TEST_REDIS_PORT). Data under
# TEST_SERVICES_DIR (default: one folder per checkout); TEST_REDIS_APPENDONLY=yes keeps Redis's jobs
# across a restart (npm run load --faults restarts it).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
# Under /tmp, not the checkout: the postgres user must be able to reach it even when the checkout
# lives in a directory only root may enter. One folder per checkout, so runs do not collide.
DIR="${TEST_SERVICES_DIR:-/tmp/justera-services-$(printf '%s' "$ROOT" | md5sum | cut -c1-12)}"
PG_PORT=${TEST_PG_PORT:-54329}
REDIS_PORT=${TEST_REDIS_PORT:-63799}
PACKAGES=(postgresql redis-server poppler-utils qpdf libnss3-tools openssl chromium pandoc)

log() { echo "services: $*" >&2; }

pg_bin() {
  local b
  for b in /usr/lib/postgresql/*/bin; do [ -x "$b/initdb" ] && { echo "$b"; return; }; done
  return 1
}

install_missing() {
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  pg_bin >/dev/null || missing+=(postgresql)
  command -v pdfsig >/dev/null || missing+=(poppler-utils)
  command -v qpdf >/dev/null || missing+=(qpdf)
  command -v certutil >/dev/null || missing+=(libnss3-tools)
  command -v openssl >/dev/null || missing+=(openssl)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  # pandoc makes the Word documents of the .docx import tests from the seeds (libs/docx-import).
  command -v pandoc >/dev/null || missing+=(pandoc)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
    log "missing packages: ${missing[*]} — install them with: apt-get install ${missing[*]}"
    exit 1
  fi
  local SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  log "installing ${missing[*]} (apt-get)"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  # Debian starts the packaged services on install; we use our own instances on other ports.
  $SUDO service redis-server stop >/dev/null 2>&1 || true
  $SUDO service postgresql stop >/dev/null 2>&1 || true
}

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_pg() {
  local bin; bin=$(pg_bin)
  mkdir -p "$DIR"
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$DIR" 2>/dev/null || true; chmod 755 "$DIR"; fi
  if [ ! -f "$DIR/pg/PG_VERSION" ]; then
    as_pg "$bin/initdb" -D "$DIR/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! as_pg "$bin/pg_ctl" -D "$DIR/pg" status >/dev/null 2>&1; then
    STARTED+=(pg)
    as_pg "$bin/pg_ctl" -D "$DIR/pg" -l "$DIR/pg.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
  fi
  as_pg "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='justera_test'" | grep -q 1 ||
    as_pg "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE justera_test" >/dev/null
}

start_redis() {
  mkdir -p "$DIR/redis"
  if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    STARTED+=(redis)
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --dir "$DIR/redis" \
      --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" --save '' --appendonly "${TEST_REDIS_APPENDONLY:-no}" >/dev/null
    for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
}

STARTED=()
case "${1:-}" in
  start)
    install_missing
    start_pg
    start_redis
    echo "export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/justera_test"
    echo "export TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
    # What this call started (and so what `stop` stops): a run never stops another run's services.
    echo "export JUSTERA_SERVICES_STARTED='${STARTED[*]}'"
    ;;
  stop)
    # Stops what `start` started (JUSTERA_SERVICES_STARTED), or both when called by hand.
    which="${JUSTERA_SERVICES_STARTED-pg redis}"
    if [[ " $which " == *" pg "* ]] && [ -f "$DIR/pg/postmaster.pid" ]; then as_pg "$(pg_bin)/pg_ctl" -D "$DIR/pg" -m fast stop >/dev/null 2>&1 || true; fi
    if [[ " $which " == *" redis "* ]]; then redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; fi
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
