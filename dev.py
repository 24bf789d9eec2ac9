#!/usr/bin/env python3
"""The README's two commands, on a fresh clone with nothing but Python 3.11 or newer.

    python3 dev.py up      install (once), then run mostra on http://127.0.0.1:8000
    python3 dev.py test    install (once), then run the lint and the whole test suite

and, for any other ``mostra`` command on the same data as ``up``:

    python3 dev.py mostra COMMAND [OPTIONS]     e.g. python3 dev.py mostra kpi --help

Both create ``.venv`` when it is missing and install the locked dependencies
(``requirements/app.lock`` or ``requirements/dev.lock``, with hashes) and mostra
itself; the install is skipped while the lockfile and ``pyproject.toml`` are
unchanged since the last one. Extra arguments go to ``mostra up`` or to pytest:

    python3 dev.py up --port 8080 --no-demo
    python3 dev.py test -k invitation -x

``up`` keeps its data (SQLite database, secret key, media) in ``./var`` unless
``MOSTRA_DATA_DIR`` says otherwise; the venv remembers that directory (the file
``.venv/mostra-data-dir``), so ``.venv/bin/mostra`` reads the same data without an
``export``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / "mostra-install.json"
LOCKS = {"up": ROOT / "requirements" / "app.lock", "test": ROOT / "requirements" / "dev.lock"}
#: The pip that installs the locks, installed first: the one ``venv`` bundles varies
#: with the Python (23.2 on 3.11.7 refuses a lock whose extras were stripped).
PIP_LOCK = ROOT / "requirements" / "pip.lock"
DATA_DIR = ROOT / "var"
#: Read by mostra.config.default_data_dir: the data directory of this checkout's venv.
DATA_DIR_MARKER = VENV / "mostra-data-dir"
USAGE = (
    "usage: python3 dev.py up [mostra up options]\n"
    "       python3 dev.py test [pytest options]\n"
    "       python3 dev.py mostra COMMAND [options]   (any mostra command, on up's data)"
)


def say(message: str) -> None:
    print(f"dev.py: {message}", flush=True)


def run(*command: object, **kwargs: object) -> None:
    result = subprocess.run([str(c) for c in command], cwd=ROOT, **kwargs)  # type: ignore[call-overload]
    if result.returncode != 0:
        say(f"failed ({result.returncode}): {' '.join(str(c) for c in command)}")
        sys.exit(result.returncode)


def fingerprint(lock: Path) -> str:
    digest = hashlib.sha256()
    for path in (PIP_LOCK, lock, ROOT / "pyproject.toml"):
        digest.update(path.read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def read_stamp() -> dict[str, str]:
    try:
        return json.loads(STAMP.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def pip_version() -> str:
    """``pip X.Y`` of the venv, as its pip says."""
    result = subprocess.run(
        [str(PYTHON), "-m", "pip", "--version"], capture_output=True, text=True, check=False
    )
    return " ".join(result.stdout.split()[:2]) or "no pip"


@contextlib.contextmanager
def install_lock() -> Iterator[None]:
    """Hold ``.venv.lock`` while installing: two runs started together install once."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: one run at a time
        yield
        return
    with open(ROOT / ".venv.lock", "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say("another dev.py is installing into .venv: waiting for it")
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def ensure_venv(kind: str) -> None:
    """Create .venv and install the locked dependencies, unless already done."""
    with install_lock():
        install(kind)


def install(kind: str) -> None:
    if not PYTHON.exists():
        say(f"creating {VENV.name} with Python {sys.version.split()[0]}")
        run(sys.executable, "-m", "venv", "--clear", VENV)
    lock = LOCKS[kind]
    if not DATA_DIR_MARKER.exists():
        DATA_DIR_MARKER.write_text(f"{DATA_DIR}\n", encoding="utf-8")
    stamp = read_stamp()
    if stamp.get(kind) == fingerprint(lock):
        return
    started = time.monotonic()
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    say(f"installing {lock.relative_to(ROOT)} into {VENV.name} (once)")
    pip = ("-m", "pip", "install", "--quiet", "--require-hashes")
    say(f"{pip_version()} in {VENV.name}: installing {PIP_LOCK.relative_to(ROOT)} first")
    run(PYTHON, *pip, "-r", PIP_LOCK, env=env)
    run(PYTHON, *pip, "-r", lock, env=env)
    run(PYTHON, "-m", "pip", "install", "--quiet", "--no-deps", "-e", ".", env=env)
    stamp[kind] = fingerprint(lock)
    STAMP.write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")
    say(f"installed in {time.monotonic() - started:.0f} s")


def compile_catalogues() -> None:
    code = "from mostra.core.i18n import compile_catalogues; compile_catalogues()"
    run(PYTHON, "-c", code)


def mostra(args: list[str]) -> None:
    """Run ``mostra ARGS`` from the venv, on the checkout's data (``./var``) by default."""
    stamp = read_stamp()
    ensure_venv("test" if "test" in stamp and "up" not in stamp else "up")  # dev.lock has all
    os.environ.setdefault("MOSTRA_DATA_DIR", str(DATA_DIR))
    command = [str(BIN / ("mostra.exe" if os.name == "nt" else "mostra")), *args]
    if os.name == "nt":  # pragma: no cover - no exec on Windows
        sys.exit(subprocess.call(command))
    os.execv(command[0], command)


def up(args: list[str]) -> None:
    mostra(["up", *args])


def test(args: list[str]) -> None:
    ensure_venv("test")
    compile_catalogues()
    say("ruff check")
    run(PYTHON, "-m", "ruff", "check", ".")
    say("ruff format --check")
    run(PYTHON, "-m", "ruff", "format", "--check", ".")
    say("lint-imports")
    run(BIN / ("lint-imports.exe" if os.name == "nt" else "lint-imports"))
    say("mypy (the services, checks and integrations; [tool.mypy] in pyproject.toml)")
    run(PYTHON, "-m", "mypy")
    say("pytest")
    sys.exit(subprocess.call([str(PYTHON), "-m", "pytest", *args], cwd=ROOT))


def main(argv: list[str]) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - a clear message on an old python3
        sys.exit(f"mostra needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    commands = {"up": up, "test": test, "mostra": mostra}
    if not argv or argv[0] not in commands:
        sys.exit(USAGE)
    if argv[0] != "mostra":  # a command's relative paths are the caller's
        os.chdir(ROOT)
    commands[argv[0]](argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
