"""Worker processes: start them, restart the ones that die, stop them all cleanly.

``mostra up`` runs one worker beside the web server; ``mostra worker --concurrency N``
runs N. Each is ``python -m mostra worker --concurrency 1 --exit-with-parent``; all but
the first with ``--no-side-work``: one process does the side work
(:mod:`mostra.publishing.side_work`), the others publish only.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from typing import Any

logger = logging.getLogger("mostra.processes")

#: How long a stopping worker may finish its current task before it is killed.
STOP_TIMEOUT = 10.0


class WorkerPool:
    """Runs N ``mostra worker`` child processes, restarts the ones that die, stops them all.

    Children start in their own session, so a Ctrl-C in the terminal reaches only
    this process, which then stops each child once (SIGTERM lets a worker finish its
    current task), and kills the ones still running after ``STOP_TIMEOUT`` seconds.
    Children also stop by themselves if this process dies (``--exit-with-parent``).
    """

    def __init__(self, size: int, worker_args: list[str], *, restart: bool = True) -> None:
        self.size = size
        self.worker_args = worker_args
        self.restart = restart
        self.procs: list[subprocess.Popen[bytes] | None] = [None] * size
        self.started_at = [0.0] * size
        self.failures = [0] * size
        self.next_start = [0.0] * size
        self.returncodes: list[int | None] = [None] * size
        self.lock = threading.Lock()

    def _spawn(self, slot: int) -> None:
        command = [sys.executable, "-m", "mostra", "worker", *self.worker_args]
        command += ["--concurrency", "1", "--exit-with-parent"]
        command += ["--no-side-work"] if slot else []  # the first one does it, restarted or not
        self.procs[slot] = subprocess.Popen(command, start_new_session=True)
        self.started_at[slot] = time.monotonic()

    def start(self) -> None:
        with self.lock:
            for slot in range(self.size):
                self._spawn(slot)

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.procs if p is not None]

    def poll_once(self) -> bool:
        """Reap and restart dead children; False once none runs nor will run again."""
        now = time.monotonic()
        alive = False
        with self.lock:
            for slot, proc in enumerate(self.procs):
                if proc is not None:
                    code = proc.poll()
                    if code is None:
                        alive = True
                        continue
                    self.returncodes[slot] = code
                    self.procs[slot] = None
                    if not self.restart:
                        continue
                    quick = now - self.started_at[slot] < 30
                    self.failures[slot] = self.failures[slot] + 1 if quick else 0
                    delay = min(60.0, 2.0 ** self.failures[slot]) if quick else 0.0
                    self.next_start[slot] = now + delay
                    logger.warning(
                        "worker (pid %s) exited with code %s; restarting it in %.0f s",
                        proc.pid,
                        code,
                        delay,
                    )
                if self.restart:
                    alive = True
                    if now >= self.next_start[slot]:
                        self._spawn(slot)
        return alive

    def supervise(self, stop: threading.Event, every: float = 0.5) -> None:
        while not stop.is_set() and self.poll_once():
            stop.wait(every)

    def kill(self) -> None:
        for proc in self.procs:
            if proc is not None and proc.poll() is None:
                proc.kill()

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """SIGTERM every child, wait up to ``timeout`` seconds, then kill what remains.

        A second Ctrl-C (or SIGTERM) while waiting kills them at once.
        """

        def force(signum: int, frame: Any) -> None:
            self.kill()

        previous = {sig: signal.signal(sig, force) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            with self.lock:
                running = [p for p in self.procs if p is not None and p.poll() is None]
                for proc in running:
                    proc.send_signal(signal.SIGTERM)
                deadline = time.monotonic() + timeout
                for slot, proc in enumerate(self.procs):
                    if proc is None:
                        continue
                    try:
                        proc.wait(max(0.0, deadline - time.monotonic()))
                    except subprocess.TimeoutExpired:
                        logger.warning("worker (pid %s) did not stop: killing it", proc.pid)
                        proc.kill()
                        proc.wait()
                    self.returncodes[slot] = proc.returncode
                    self.procs[slot] = None
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def watch_parent() -> None:
    """Stop this worker (gracefully) when the process that started it is gone."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()
