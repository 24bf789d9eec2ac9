"""The background worker runs real tasks: an invitation e-mail reaches a real SMTP server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from django_tasks_db.models import DBTaskResult

from mostra import cli
from mostra.core.models import Invitation, Role
from mostra.core.services.invitations import create_invitation, invitation_url
from tests.peers import smtp

smtp_server = smtp.smtp_server
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def keep_signal_handlers() -> Iterator[None]:
    """db_worker installs its own SIGINT/SIGTERM handlers: give pytest its own back."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.fixture
def smtp_settings(settings, smtp_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = smtp_server.host
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    settings.EMAIL_ENABLED = True
    return settings


@pytest.mark.peer
@pytest.mark.django_db(transaction=True)
def test_worker_emails_an_invitation(
    owner_membership, workspace, smtp_server, smtp_settings, keep_signal_handlers
):
    invitation, token = create_invitation(
        owner_membership, email="dora@example.org", role=Role.EDITOR
    )
    # Enqueued once the transaction committed; nothing is sent before the worker runs.
    queued = DBTaskResult.objects.get()
    assert queued.status == "READY"
    assert queued.task_path.endswith("send_invitation_email")
    assert smtp_server.messages == []

    result = CliRunner().invoke(cli.mostra, ["worker", "--batch"])

    assert result.exit_code == 0, result.output
    assert len(smtp_server.messages) == 1
    mail = smtp_server.messages[0]
    assert mail.rcpt_tos == ["dora@example.org"]
    assert workspace.name in mail["Subject"]
    assert invitation_url(token) in mail.text
    assert workspace.name in mail.text
    assert invitation_url(token) in mail.html
    done = DBTaskResult.objects.get(pk=queued.pk)
    assert done.status == "SUCCESSFUL"
    assert done.return_value is True
    assert Invitation.objects.get(pk=invitation.pk).emailed_at is not None


@pytest.mark.peer
@pytest.mark.django_db(transaction=True)
def test_a_task_run_twice_sends_once(
    owner_membership, smtp_server, smtp_settings, keep_signal_handlers
):
    from mostra.core.tasks import send_invitation_email

    invitation, _token = create_invitation(owner_membership, email="emile@example.org")
    send_invitation_email.enqueue(invitation.pk, "", "en")

    result = CliRunner().invoke(cli.mostra, ["worker", "--batch"])

    assert result.exit_code == 0, result.output
    assert len(smtp_server.messages) == 1
    statuses = set(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == {"SUCCESSFUL"}


@pytest.mark.django_db
def test_no_email_task_without_smtp(owner_membership, settings):
    settings.EMAIL_ENABLED = False
    create_invitation(owner_membership, email="fanny@example.org")
    assert not DBTaskResult.objects.exists()


def _mostra(*args: str, env: dict[str, str], **kwargs) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "mostra", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **kwargs,
    )


@pytest.fixture
def fresh_env(tmp_path) -> dict[str, str]:
    """The environment of a fresh install: its own data directory and SQLite file."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MOSTRA_", "DATABASE_URL"))}
    env.update(MOSTRA_DATA_DIR=str(tmp_path / "data"), PYTHONUNBUFFERED="1")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run(
        [sys.executable, "-m", "mostra", "migrate"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return env


def test_worker_concurrency_runs_and_stops_its_processes(fresh_env):
    batch = _mostra("worker", "--concurrency", "2", "--batch", env=fresh_env)
    output, _ = batch.communicate(timeout=60)
    assert batch.returncode == 0, output
    assert "2 workers started" in output

    pool = _mostra("worker", "--concurrency", "2", "--interval", "0.2", env=fresh_env)
    assert pool.stdout is not None
    first = pool.stdout.readline()
    assert "2 workers started" in first, first
    pids = [int(p) for p in first.split("pids ")[1].rstrip(").\n").split(", ")]
    assert sorted(pids) == _children(pool.pid)
    time.sleep(1.5)  # Let both children start their loops.
    os.kill(pids[0], signal.SIGKILL)  # A worker dies: the pool starts another.
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        children = _children(pool.pid)
        if len(children) == 2 and pids[0] not in children:
            break
        time.sleep(0.2)
    else:
        raise AssertionError(f"the dead worker was not replaced: {_children(pool.pid)}")
    pool.send_signal(signal.SIGINT)
    output, _ = pool.communicate(timeout=20)
    assert pool.returncode == 0, first + output
    assert f"worker (pid {pids[0]}) exited with code -9; restarting it" in output
    for pid in {*pids, *children}:
        assert not Path(f"/proc/{pid}").exists() or _is_zombie(pid), f"worker {pid} still runs"


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return sorted(int(p) for p in path.read_text().split())


def _is_zombie(pid: int) -> bool:
    try:
        return " Z " in Path(f"/proc/{pid}/stat").read_text().split(")", 1)[1][:4]
    except OSError:
        return True
