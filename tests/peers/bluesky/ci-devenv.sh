#!/usr/bin/env bash
# A whole local Bluesky network for the tests: @atproto/dev-env's TestNetwork (PLC,
# PDS, Bsky AppView, bsync, ozone) with a private PostgreSQL and Redis, on 127.0.0.1.
#
# Usage: ci-devenv.sh WORKDIR
#   -> PDS http://localhost:$((BASE+1)), AppView :$((BASE+2)), PLC :$BASE
#      with BASE=${DEVENV_PORT_BASE:-2592}; PostgreSQL on ${DEVENV_PG_PORT:-5433},
#      Redis on ${DEVENV_REDIS_PORT:-6380}.
# Stop:  tests/peers/bluesky/stop-devenv.sh WORKDIR   (each process by its pid file)
#
# Needs PostgreSQL 15+ (initdb, pg_ctl) and redis-server: installed with apt when
# missing and run as root. Node and node_modules are cached as for ci-pds.sh, and as
# safely shared between runs started together.
set -euo pipefail
W=$(realpath -m "${1:?workdir}"); HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=$(realpath -m "${MOSTRA_PEER_CACHE:-$HOME/.cache/mostra/peers}")
PG_PORT=${DEVENV_PG_PORT:-5433}; REDIS_PORT=${DEVENV_REDIS_PORT:-6380}
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if ! command -v redis-server >/dev/null || [ -z "$PG_BIN" ]; then
  [ "$(id -u)" = 0 ] || { echo "PostgreSQL and redis-server are needed"; exit 3; }
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql redis-server >/dev/null
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
# shellcheck source=node22.sh
. "$HERE/node22.sh"
FILES=("$HERE/devenv/package.json" "$HERE/devenv/package-lock.json" "$HERE/loopback.cjs" "$HERE/start-devenv.mjs")
LOCK_HASH=$(cat "${FILES[@]}" | sha256sum | cut -c1-12)
APP="$CACHE/bluesky-devenv-$LOCK_HASH"
mkdir -p "$W/pg"
# Run by fill_cache in a fresh directory (locked, renamed into place once complete).
install_devenv() {
  cp "${FILES[@]}" . && npm ci --foreground-scripts --no-audit --no-fund > "$W/npm-install.log" 2>&1 \
    || { tail -40 "$W/npm-install.log"; return 1; }
}
fill_cache "$APP" install_devenv
# PostgreSQL (trust, loopback only, fsync off: thrown away) and Redis (no persistence)
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else sh -c "$*"; fi; }
if [ "$(id -u)" = 0 ]; then chmod a+x "$W"; chown postgres:postgres "$W/pg"; fi  # postgres must reach it
[ -d "$W/pg/data" ] || as_pg "$PG_BIN/initdb -D $W/pg/data -A trust -U pg" >/dev/null
as_pg "$PG_BIN/pg_ctl -D $W/pg/data -l $W/pg/server.log -w start \
  -o '-c listen_addresses=127.0.0.1 -p $PG_PORT -k $W/pg -c fsync=off'" >/dev/null
psql -h 127.0.0.1 -p "$PG_PORT" -U pg -d postgres -tc "select 1 from pg_database where datname='bsky'" | grep -q 1 || \
  psql -h 127.0.0.1 -p "$PG_PORT" -U pg -d postgres -c "create database bsky" >/dev/null
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --daemonize yes \
  --pidfile "$W/redis.pid" --logfile "$W/redis.log"
: > "$W/devenv.log"
cd "$APP"
DB_POSTGRES_URL="postgres://pg@127.0.0.1:$PG_PORT/bsky" REDIS_HOST="127.0.0.1:$REDIS_PORT" \
  nohup node --require ./loopback.cjs start-devenv.mjs >> "$W/devenv.log" 2>&1 < /dev/null &
echo $! > "$W/devenv.pid"
for _ in $(seq 1 1200); do
  grep -q READY "$W/devenv.log" && { grep READY "$W/devenv.log"; exit 0; }
  kill -0 "$(cat "$W/devenv.pid")" 2>/dev/null || { cat "$W/devenv.log"; exit 1; }
  sleep 0.1
done
echo "dev-env did not start"; tail -50 "$W/devenv.log"; exit 1
