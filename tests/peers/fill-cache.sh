#!/usr/bin/env bash
# Fill one directory of the peers cache (MOSTRA_PEER_CACHE) safely: Node, node_modules.
#
#   fill_cache TARGET COMMAND [ARGS...]     (sourced: the peer scripts)
#   tests/peers/fill-cache.sh TARGET COMMAND [ARGS...]     (run: the same, by hand)
#
# A complete TARGET holds a .complete marker and is used as it is, with no lock. Otherwise,
# holding an flock on TARGET.lock (a second run waits for the first, at most
# MOSTRA_PEER_CACHE_WAIT seconds, 1800 by default), it removes what a run killed mid-way
# left (TARGET without its marker, TARGET.partial.*), runs COMMAND in a fresh
# TARGET.partial.PID beside it, marks it complete and renames it to TARGET in one step.
# So TARGET is either absent or whole: never half-filled, never filled by two runs at once.
# COMMAND failing leaves no trace and makes fill_cache fail.
fill_cache() {
  local target=$1
  shift
  [ -f "$target/.complete" ] && return 0
  mkdir -p "$(dirname "$target")"
  (
    exec 9> "$target.lock"
    if ! flock -n 9; then
      echo "waiting for another run to finish filling $target" >&2
      flock -w "${MOSTRA_PEER_CACHE_WAIT:-1800}" 9 || {
        echo "another run has been filling $target for more than" \
          "${MOSTRA_PEER_CACHE_WAIT:-1800} s: stop it and start again" >&2
        exit 1
      }
    fi
    [ -f "$target/.complete" ] && exit 0
    rm -rf "$target" "$target".partial.*
    partial="$target.partial.$BASHPID"  # mkdir, not mktemp -d: the umask's permissions
    mkdir "$partial"
    # The lock is this subshell's alone: COMMAND (and anything it leaves running) never
    # holds it.
    if ! (cd "$partial" && "$@") 9>&-; then
      rm -rf "$partial"
      echo "filling $target failed (command: $*); the cache is left as it was" >&2
      exit 1
    fi
    touch "$partial/.complete" && mv -T "$partial" "$target"
  )
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  [ $# -ge 2 ] || { echo "usage: fill-cache.sh TARGET COMMAND [ARGS...]" >&2; exit 2; }
  fill_cache "$@"
fi
