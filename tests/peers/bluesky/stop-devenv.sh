#!/usr/bin/env bash
# Stop what ci-devenv.sh WORKDIR started, each process by its pid.
W=$(realpath -m "${1:?workdir}")
[ -f "$W/devenv.pid" ] && kill "$(cat "$W/devenv.pid")" 2>/dev/null
for _ in $(seq 1 100); do kill -0 "$(cat "$W/devenv.pid" 2>/dev/null)" 2>/dev/null || break; sleep 0.1; done
[ -f "$W/redis.pid" ] && kill "$(cat "$W/redis.pid")" 2>/dev/null
if [ -f "$W/pg/data/postmaster.pid" ]; then
  kill -INT "$(head -1 "$W/pg/data/postmaster.pid")" 2>/dev/null
fi
exit 0
