#!/usr/bin/env bash
# A local Bluesky PDS for the tests: the official @atproto/pds (npm) with an in-memory
# did:plc directory (@did-plc/server), SQLite, bound to 127.0.0.1 only.
#
# Usage: ci-pds.sh WORKDIR     -> PDS http://localhost:${PDS_PORT:-2583}, PLC :${PLC_PORT:-2582}
# Stop:  kill "$(cat WORKDIR/pds.pid)"
#
# Node >= 22 is needed; when the machine's is older, Node 22 is installed from the npm
# registry into the cache. The cache (MOSTRA_PEER_CACHE, default ~/.cache/mostra/peers)
# keeps Node and node_modules between runs: a cold start (better-sqlite3 compiled)
# takes about 80 s, a warm one about 2 s. Runs started together share it safely
# (../fill-cache.sh): one installs, the others wait. The data of each run lives in WORKDIR.
set -euo pipefail
W=$(realpath -m "${1:?workdir}"); HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=$(realpath -m "${MOSTRA_PEER_CACHE:-$HOME/.cache/mostra/peers}")
# shellcheck source=node22.sh
. "$HERE/node22.sh"
FILES=("$HERE/pds/package.json" "$HERE/pds/package-lock.json" "$HERE/start-pds.mjs")
LOCK_HASH=$(cat "${FILES[@]}" | sha256sum | cut -c1-12)
APP="$CACHE/bluesky-pds-$LOCK_HASH"
mkdir -p "$W"
# Run by fill_cache in a fresh directory (locked, renamed into place once complete).
install_pds() {
  cp "${FILES[@]}" . && npm ci --foreground-scripts --no-audit --no-fund > "$W/npm-install.log" 2>&1 \
    || { tail -40 "$W/npm-install.log"; return 1; }
}
fill_cache "$APP" install_pds
rm -rf "$W/data"
: > "$W/pds.log"
cd "$APP"
# node itself is the background job (its pid is the one to stop); it keeps no handle on
# this script's output, so that a caller reading that output is not held open.
PDS_DATA_DIRECTORY="$W/data" nohup node start-pds.mjs >> "$W/pds.log" 2>&1 < /dev/null &
echo $! > "$W/pds.pid"
PDS_PORT=${PDS_PORT:-2583}
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$PDS_PORT/xrpc/_health" >/dev/null && { grep READY "$W/pds.log" || true; exit 0; }
  kill -0 "$(cat "$W/pds.pid")" 2>/dev/null || { cat "$W/pds.log"; exit 1; }
  sleep 0.1
done
echo "the PDS did not start"; cat "$W/pds.log"; exit 1
