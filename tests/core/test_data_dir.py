"""One data directory: ``python3 dev.py up`` and the checkout's ``.venv/bin/mostra`` read
the same ``./var`` without an ``export``, and ``dev.py mostra`` runs any command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mostra import __version__, config

ROOT = Path(__file__).resolve().parents[2]


def test_a_venv_made_by_dev_py_names_the_checkouts_data_directory(tmp_path, monkeypatch):
    (tmp_path / config.DATA_DIR_MARKER).write_text("/srv/checkout/var\n", encoding="utf-8")
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    assert config.default_data_dir() == Path("/srv/checkout/var")


def test_elsewhere_the_data_directory_is_the_users(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "prefix", str(tmp_path))  # no marker in this "venv"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert config.default_data_dir() == tmp_path / "xdg" / "mostra"


def test_the_environment_wins_over_the_marker(tmp_path, monkeypatch):
    (tmp_path / config.DATA_DIR_MARKER).write_text("/srv/checkout/var\n", encoding="utf-8")
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    monkeypatch.setenv("MOSTRA_DATA_DIR", str(tmp_path / "chosen"))
    assert config.load().data_dir == (tmp_path / "chosen").resolve()


@pytest.mark.skipif(
    Path(sys.prefix).resolve() != (ROOT / ".venv").resolve(),
    reason="runs in the venv that dev.py makes",
)
def test_dev_py_left_the_marker_in_its_venv():
    marker = Path(sys.prefix) / config.DATA_DIR_MARKER
    assert marker.read_text(encoding="utf-8").strip() == str(ROOT / "var")


@pytest.mark.skipif(
    Path(sys.prefix).resolve() != (ROOT / ".venv").resolve(),
    reason="runs in the venv that dev.py makes",
)
def test_dev_py_passes_any_command_to_mostra(tmp_path):
    env = {**os.environ, "MOSTRA_DATA_DIR": str(tmp_path), "LANG": "C.UTF-8"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "dev.py"), "mostra", "--version"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"mostra, version {__version__}"


def test_dev_py_without_a_command_shows_its_usage():
    result = subprocess.run(
        [sys.executable, str(ROOT / "dev.py"), "nope"], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "python3 dev.py mostra COMMAND" in result.stderr
