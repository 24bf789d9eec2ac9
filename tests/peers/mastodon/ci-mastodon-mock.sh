#!/usr/bin/env bash
# Start mastodon-mock (PyPI; a FastAPI + SQLite imitation of the Mastodon REST API) on
# 127.0.0.1 by hand, for trying mostra against it. The tests start their own (see
# __init__.py); this script is for people.
#
#   tests/peers/mastodon/ci-mastodon-mock.sh WORKDIR      # → http://127.0.0.1:3000
#   MM_PORT=3100 tests/peers/mastodon/ci-mastodon-mock.sh /tmp/mm
#
# Uses the project's .venv when it has mastodon-mock (python3 dev.py test installs it),
# else a venv of its own in WORKDIR. The token "mock_token" is accepted (account
# testuser). Stop it with: kill "$(cat WORKDIR/mmock.pid)"
set -euo pipefail
here=$(cd "$(dirname "$0")/../../.." && pwd)
W=$(realpath -m "${1:?usage: ci-mastodon-mock.sh WORKDIR}"); mkdir -p "$W"; cd "$W"
port="${MM_PORT:-3000}"
python="$here/.venv/bin/python"
if ! "$python" -c "import mastodon_mock" 2>/dev/null; then
  [ -x venv/bin/python ] || python3 -m venv venv
  venv/bin/pip install -q "mastodon-mock==0.6.1"
  python=venv/bin/python
fi
nohup "$python" -m mastodon_mock serve --host 127.0.0.1 --port "$port" --in-memory \
  --log-level warning > mmock.log 2>&1 &
echo $! > mmock.pid
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$port/api/v1/instance" >/dev/null && {
    echo "mastodon-mock on http://127.0.0.1:$port (pid $(cat mmock.pid))"; exit 0; }
  sleep 0.1
done
cat mmock.log; exit 1
