"""A missing, unreachable or unmigrated database: every command says so in one line."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mostra.core import database_state

ROOT = Path(__file__).resolve().parents[2]


def run(data_dir: Path, *args: str, **variables: str) -> subprocess.CompletedProcess[str]:
    """``python -m ARGS`` in a fresh process on its own data directory, in English."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("MOSTRA_", "DATABASE_URL"))}
    environ.pop("DJANGO_SETTINGS_MODULE", None)
    environ.update(MOSTRA_DATA_DIR=str(data_dir), MOSTRA_LANGUAGE="en", **variables)
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    """The single line the command printed on the standard error, having failed."""
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    return done.stderr.removesuffix("\n")


@pytest.mark.parametrize(
    "command",
    [
        ["strategy", "export", "--workspace", "demo"],
        ["accounts", "list", "--workspace", "demo"],
        ["createuser", "camille@example.org"],
        ["serve", "--port", "1"],  # Stops before listening.
        ["demo"],
    ],
)
def test_an_empty_data_directory_says_what_to_run(tmp_path, command):
    data = tmp_path / "data"
    line = one_line(run(data, "mostra", *command))
    assert line == (
        f"mostra: the database {data / 'mostra.sqlite3'} has no tables yet: run `mostra "
        f"migrate` (or `mostra up`, which migrates first) — MOSTRA_DATA_DIR is {data}."
    )


def test_once_migrated_the_command_runs(tmp_path):
    data = tmp_path / "data"
    assert run(data, "mostra", "migrate").returncode == 0
    done = run(data, "mostra", "accounts", "list", "--workspace", "demo")
    assert done.returncode == 2  # The command itself answers: no such workspace.
    assert "no workspace has the short name 'demo'" in done.stderr


def test_migrations_not_applied_are_counted(tmp_path):
    data = tmp_path / "data"
    settings = {"DJANGO_SETTINGS_MODULE": "mostra.settings"}
    partly = run(data, "django", "migrate", "contenttypes", **settings)
    assert partly.returncode == 0, partly.stderr
    line = one_line(run(data, "mostra", "kpi", "--workspace", "demo"))
    assert re.fullmatch(
        rf"mostra: the database {re.escape(str(data / 'mostra.sqlite3'))} is not up to date, "
        rf"\d+ migrations are not applied: run `mostra migrate` — MOSTRA_DATA_DIR is "
        rf"{re.escape(str(data))}\.",
        line,
    )


def test_a_file_that_is_no_database_is_named(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "mostra.sqlite3").write_text("notes, not a database")
    line = one_line(run(data, "mostra", "report", "--workspace", "demo"))
    assert line == (
        f"mostra: cannot open the database {data / 'mostra.sqlite3'} (file is not a "
        "database): check that it is a SQLite file that mostra can write to, in a directory "
        f"it can write to — MOSTRA_DATA_DIR is {data}."
    )


def test_a_database_url_elsewhere_is_named_as_such(tmp_path):
    database = tmp_path / "elsewhere" / "shared.sqlite3"
    done = run(
        tmp_path / "data",
        "mostra",
        "calendar",
        "export",
        "--workspace",
        "demo",
        "--format",
        "ics",
        DATABASE_URL=f"sqlite:///{database}",
    )
    assert one_line(done).endswith(
        f"the database {database} has no tables yet: run `mostra migrate` (or `mostra up`, "
        "which migrates first) — read from DATABASE_URL."
    )


def test_an_unreachable_postgresql_is_named_without_its_password(tmp_path):
    url = "postgres://mostra:s3cret@127.0.0.1:1/mostra"  # Nothing listens on port 1.
    line = one_line(run(tmp_path / "data", "mostra", "migrate", DATABASE_URL=url))
    assert line.startswith(
        "mostra: cannot connect to the database postgres://mostra:***@127.0.0.1:1/mostra ("
    )
    assert line.endswith("): check DATABASE_URL and that the server is running.")
    assert "s3cret" not in line


@pytest.mark.django_db
def test_a_migrated_database_has_no_problem():
    assert database_state.problem() is None


def test_a_database_of_other_tables_is_not_up_to_date_and_kept(tmp_path):
    """The check reads the file it names, it does not replace it."""
    path = tmp_path / "kept.sqlite3"
    sqlite3.connect(path).execute("CREATE TABLE kept (x)").connection.commit()
    done = run(
        tmp_path / "data", "mostra", "kpi", "--workspace", "demo", DATABASE_URL=f"sqlite:///{path}"
    )
    assert "is not up to date" in one_line(done)
    assert sqlite3.connect(path).execute("SELECT count(*) FROM kept").fetchone() == (0,)
