"""The real ``mostra worker`` as a process, for the proofs that run it for tens of seconds.

A proof test has an *environment module* (``tests.publishing.side_work_env``,
``tests.publishing.deadline_env``) that sets up a throw-away installation and reads its
state as JSON, run as a command in that installation (:func:`separate_env`,
:func:`command`), and runs the worker itself through it (:class:`WorkerProcess`).
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def separate_env(data_dir: Path) -> dict[str, str]:
    """The environment of a separate installation: its own data directory and SQLite."""
    values = {k: v for k, v in os.environ.items() if not k.startswith(("MOSTRA_", "DATABASE_"))}
    values.pop("DJANGO_SETTINGS_MODULE", None)
    values.update(
        MOSTRA_DATA_DIR=str(data_dir),
        MOSTRA_ALLOW_PRIVATE_ADDRESSES="1",
        MOSTRA_LANGUAGE="en",
        PYTHONUNBUFFERED="1",
    )
    return values


def command(module: str, env: dict[str, str], *args: str) -> Any:
    """Run ``python -m module args…`` in the installation; its last line of output, as JSON."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


class WorkerProcess:
    """``python -m module worker [args…]`` as a process; its log lines gathered as they
    come."""

    def __init__(self, module: str, env: dict[str, str], *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", module, "worker", *args],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self.started = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line)
            if "publishing worker" in line and "started" in line:
                self.started.set()

    @property
    def log(self) -> str:
        return "".join(self.lines)

    def stop(self, within: float) -> int | None:
        """SIGTERM (a graceful stop), then kill past ``within`` seconds; None if killed."""
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(within)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]
