"""The ``mostra`` command: each subcommand through click's runner, and ``up`` for real."""

from __future__ import annotations

import dataclasses
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import polib
import pytest
from click.testing import CliRunner

from mostra import __version__, cli
from mostra.core.i18n import compile_catalogues
from mostra.core.models import User, Workspace
from tests.peers import smtp

ROOT = Path(__file__).resolve().parents[2]
smtp_server = smtp.smtp_server
COMMANDS = ["up", "serve", "worker", "migrate", "demo", "createuser"]


def invoke(*args: str):
    return CliRunner().invoke(cli.mostra, list(args), catch_exceptions=False)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(cli.mostra, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output
    assert f"mostra {command}" in result.output


def test_group_help_lists_the_commands():
    result = CliRunner().invoke(cli.mostra, ["--help"])
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.output


# --- createuser


@pytest.mark.django_db
def test_createuser_generates_and_prints_a_password():
    result = invoke("createuser", "Camille@Example.org", "--name", "Camille Roux")
    assert result.exit_code == 0, result.output
    password = re.search(r"Password: (\S+)", result.output).group(1)
    user = User.objects.get(email="camille@example.org")
    assert user.check_password(password)
    assert user.display_name == "Camille Roux"
    assert not user.is_superuser


@pytest.mark.django_db
def test_createuser_with_password_and_superuser():
    result = invoke(
        "createuser", "root@example.org", "--password", "long enough pass 42", "--superuser"
    )
    assert result.exit_code == 0, result.output
    assert "Password:" not in result.output
    user = User.objects.get(email="root@example.org")
    assert user.check_password("long enough pass 42")
    assert user.is_superuser and user.is_staff


@pytest.mark.django_db
def test_createuser_refuses_an_existing_user_and_says_how_to_reset(owner):
    result = CliRunner().invoke(cli.mostra, ["createuser", owner.email])
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert "--reset-password" in result.output


@pytest.mark.django_db
def test_createuser_reset_password(owner):
    result = invoke("createuser", owner.email, "--reset-password")
    assert result.exit_code == 0, result.output
    password = re.search(r"Password: (\S+)", result.output).group(1)
    owner.refresh_from_db()
    assert owner.check_password(password)
    assert User.objects.filter(email=owner.email).count() == 1


@pytest.mark.django_db
def test_createuser_reset_password_of_nobody_fails():
    result = CliRunner().invoke(
        cli.mostra, ["createuser", "nobody@example.org", "--reset-password"]
    )
    assert result.exit_code == 1
    assert "No user has the e-mail" in result.output
    assert not User.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["not-an-email"], "is not an e-mail address"),
        (["weak@example.org", "--password", "123"], "too short"),
    ],
)
def test_createuser_bad_input_is_explained(args, message):
    result = CliRunner().invoke(cli.mostra, ["createuser", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert not User.objects.exists()


# --- the first administrator


@pytest.mark.django_db
def test_first_admin_gets_a_generated_password_once(settings):
    settings.CONFIG = dataclasses.replace(settings.CONFIG, admin_password="")
    first = cli.ensure_admin()
    assert first.created and first.password
    admin = User.objects.get(email=settings.CONFIG.admin_email)
    assert admin.is_superuser and admin.check_password(first.password)
    again = cli.ensure_admin()
    assert not again.created and again.password is None
    assert again.email == admin.email
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_first_admin_password_from_the_environment(settings):
    settings.CONFIG = dataclasses.replace(
        settings.CONFIG, admin_email="chef@example.org", admin_password="from the env 2024"
    )
    login = cli.ensure_admin()
    assert login.created and login.from_environment and login.password is None
    assert User.objects.get(email="chef@example.org").check_password("from the env 2024")


@pytest.mark.django_db
def test_no_admin_is_created_when_a_user_exists(owner):
    login = cli.ensure_admin()
    assert not login.created
    assert login.email == owner.email
    assert User.objects.count() == 1


def test_generated_passwords_are_long_and_unambiguous():
    passwords = {cli.generate_password() for _ in range(50)}
    assert len(passwords) == 50
    for password in passwords:
        assert re.fullmatch(r"[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}", password)
        assert not set(password) & set("0O1lI")


# --- migrate and demo


@pytest.mark.django_db(transaction=True)
def test_migrate_applies_nothing_on_a_migrated_database():
    result = invoke("migrate")
    assert result.exit_code == 0, result.output
    assert "No migrations to apply" in result.output


@pytest.mark.django_db
def test_demo_creates_the_admin_and_the_demo_workspace():
    result = invoke("demo")
    assert result.exit_code == 0, result.output
    assert "Password:" in result.output  # The first admin was created to own it.
    workspace = Workspace.objects.get(slug="demo")
    assert workspace.memberships.filter(role="owner", user__is_superuser=True).exists()
    second = invoke("demo")
    assert "already exists" in second.output
    assert Workspace.objects.filter(slug="demo").count() == 1


@pytest.fixture
def french(monkeypatch):
    """A French terminal; English again afterwards for the tests that follow."""
    from django.utils import translation

    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("MOSTRA_LANGUAGE", raising=False)
    yield
    translation.activate("en")


@pytest.mark.django_db
def test_the_core_commands_speak_the_terminal_language(french, owner):
    first = invoke("demo")
    assert "Espace de travail de démonstration « Atelier Vélo Solidaire » créé." in first.output
    second = invoke("demo")
    assert second.exit_code == 0, second.output
    assert "« Atelier Vélo Solidaire » existe déjà (--reset le reconstruit)." in second.output
    created = invoke("createuser", "Camille@Example.org", "--superuser")
    assert "Compte camille@example.org créé (administrateur)." in created.output
    assert re.search(r"Mot de passe : \S+  \(affiché une seule fois\)", created.output)
    refused = CliRunner().invoke(cli.mostra, ["createuser", owner.email])
    assert refused.exit_code == 1
    assert f"Le compte {owner.email} existe déjà." in refused.output


@pytest.mark.django_db
def test_the_first_login_is_printed_in_french_in_one_column(french, settings):
    settings.CONFIG = dataclasses.replace(settings.CONFIG, admin_password="")
    result = invoke("demo")
    assert "Premier démarrage : un administrateur a été créé. Connectez-vous avec :" in (
        result.output
    )
    address, email, password = result.output.splitlines()[2:5]
    assert address.startswith("    Adresse :") and email.startswith("    E-mail :")
    assert password.startswith("    Mot de passe :")
    values = [line.rindex(line.split()[-1]) for line in (address, email, password)]
    assert values == [len("    Mot de passe :  ")] * 3  # The values line up after the labels.
    assert "Ce mot de passe n'est affiché qu'une fois" in result.output


@pytest.mark.django_db
def test_demo_reset_rebuilds_it(owner):
    invoke("demo")
    first = Workspace.objects.get(slug="demo")
    first.name = "Changed by hand"
    first.save()
    result = invoke("demo", "--reset")
    assert result.exit_code == 0, result.output
    rebuilt = Workspace.objects.get(slug="demo")
    assert rebuilt.pk != first.pk
    assert rebuilt.name == "Atelier Vélo Solidaire"
    assert rebuilt.memberships.get(role="owner").user == owner


# --- up and serve in process: errors before anything starts


def _busy_port() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return sock


@pytest.mark.django_db(transaction=True)
def test_up_on_a_busy_port_says_what_to_do(monkeypatch):
    spawned = []
    monkeypatch.setattr(cli.WorkerPool, "start", lambda self: spawned.append(self))
    with _busy_port() as sock:
        port = sock.getsockname()[1]
        result = CliRunner().invoke(cli.mostra, ["up", "--port", str(port), "--no-demo"])
    assert result.exit_code == 1
    assert f"Cannot listen on 127.0.0.1:{port}" in result.output
    assert "--port" in result.output
    assert spawned == []  # No worker was started for nothing.


@pytest.mark.django_db(transaction=True)
def test_up_says_it_in_french_too(monkeypatch, french):
    monkeypatch.setattr(cli.WorkerPool, "start", lambda self: None)
    with _busy_port() as sock:
        port = sock.getsockname()[1]
        result = CliRunner().invoke(cli.mostra, ["up", "--port", str(port), "--no-demo"])
    assert result.exit_code == 1
    assert f"mostra {__version__} : préparation de la base de données…" in result.output
    assert f"Impossible d'écouter sur 127.0.0.1:{port}" in result.output
    assert f"choisissez un autre port avec --port {port + 1}." in result.output


# --- catalogues


def test_compile_catalogues_writes_mo_files_when_stale(tmp_path):
    messages = tmp_path / "locale" / "fr" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "fr"}
    catalogue.append(polib.POEntry(msgid="Strategy", msgstr="Stratégie"))
    catalogue.append(polib.POEntry(msgid="Draft", msgstr="Brouillon", flags=["fuzzy"]))
    catalogue.save(str(messages / "django.po"))

    written = compile_catalogues(tmp_path)

    assert written == [messages / "django.mo"]
    compiled = polib.mofile(str(messages / "django.mo"))
    assert {e.msgid: e.msgstr for e in compiled} == {"Strategy": "Stratégie"}
    assert compile_catalogues(tmp_path) == []  # Up to date: nothing to do.
    po_time = (messages / "django.po").stat().st_mtime
    os.utime(messages / "django.mo", (po_time - 10, po_time - 10))
    assert compile_catalogues(tmp_path) == [messages / "django.mo"]


def test_the_project_catalogues_are_compiled():
    compile_catalogues()
    for po in (ROOT / "mostra" / "locale").glob("*/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime


# --- up, for real, in a subprocess


class Process:
    """A running ``python -m mostra ...`` whose output is collected as it comes."""

    def __init__(self, *args: str, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mostra", *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, text: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"never printed {text!r}:\n{self.output}")
            time.sleep(0.1)

    def stop(self, sig: int = signal.SIGINT, timeout: float = 15) -> int:
        self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise AssertionError(f"did not stop within {timeout} s:\n{self.output}") from None
        self.reader.join(timeout=5)
        return code


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def children(pid: int) -> list[int]:
    """The pids of ``pid``'s child processes, from /proc."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(p) for p in (task / "children").read_text().split()]
    return sorted(found)


def pid_is_running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def log_in(base: str, email: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=10)
    page = client.get("/accounts/login/")
    assert page.status_code == 200, page.text[:500]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = client.post(
        "/accounts/login/",
        data={"username": email, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/accounts/login/"},
    )
    assert answer.status_code == 302, answer.text[:2000]
    assert "sessionid" in client.cookies
    return client


@pytest.fixture
def fresh_env(tmp_path) -> dict[str, str]:
    """A fresh install's environment: its own data directory, hence a new SQLite file."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MOSTRA_", "DATABASE_URL"))}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(MOSTRA_DATA_DIR=str(tmp_path / "data"), PYTHONUNBUFFERED="1")
    return env


@pytest.mark.peer
def test_up_runs_web_and_worker_and_stops_cleanly(fresh_env, smtp_server):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    fresh_env["MOSTRA_SMTP_URL"] = f"smtp://{smtp_server.host}:{smtp_server.port}"
    fresh_env["MOSTRA_BASE_URL"] = base
    app = Process("up", "--port", str(port), env=fresh_env)
    try:
        app.wait_for(f"mostra is running on {base} — Ctrl-C to stop")
        output = app.output
        email = re.search(r"E-mail:\s+(\S+)", output).group(1)
        password = re.search(r"Password:\s+(\S+)", output).group(1)
        worker_pid = int(re.search(r"Worker started \(pid (\d+)\)", output).group(1))
        assert email == "admin@mostra.local"
        assert "shown only once" in output
        assert 'Demo workspace "Atelier Vélo Solidaire" created' in output
        assert pid_is_running(worker_pid)

        client = log_in(base, email, password)
        try:
            assert client.get("/w/demo/").status_code == 200
            assert client.get("/static/mostra/app.css").status_code == 200
            # An invitation made in the web app is e-mailed by up's worker.
            page = client.get("/w/demo/members/")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
            invited = client.post(
                "/w/demo/members/invite/",
                data={"email": "zoe@example.org", "role": "editor", "csrfmiddlewaretoken": token},
                headers={"Referer": f"{base}/w/demo/members/"},
            )
            assert invited.status_code == 200, invited.text[:2000]
            deadline = time.monotonic() + 20
            while not smtp_server.messages and time.monotonic() < deadline:
                time.sleep(0.2)
            assert [m.rcpt_tos for m in smtp_server.messages] == [["zoe@example.org"]]
            assert f"{base}/invitations/" in smtp_server.messages[0].text
            # A web process that ends (gunicorn replaces it) ends alone: not up's clean-up,
            # which would stop the publishing worker and say "mostra has stopped".
            web = [pid for pid in children(app.proc.pid) if pid != worker_pid]
            assert web, app.output
            os.kill(web[0], signal.SIGTERM)
            deadline = time.monotonic() + 10
            while pid_is_running(web[0]) and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(1)
            assert client.get("/w/demo/").status_code == 200
            assert pid_is_running(worker_pid), app.output
            assert "mostra has stopped" not in app.output and "Stopping" not in app.output
        finally:
            client.close()
    finally:
        code = app.stop(signal.SIGINT)
    assert code == 0, app.output
    assert app.output.count("mostra has stopped") == 1, app.output
    assert not pid_is_running(worker_pid)

    # A later start: no new password, no second demo; SIGTERM stops it just as well.
    again = Process("up", "--port", str(port), env=fresh_env)
    try:
        again.wait_for("Ctrl-C to stop")
        assert password not in again.output
        assert "--reset-password" in again.output
        assert "Demo workspace" not in again.output
        second_worker = int(re.search(r"Worker started \(pid (\d+)\)", again.output).group(1))
        log_in(base, email, password).close()
    finally:
        code = again.stop(signal.SIGTERM)
    assert code == 0, again.output
    assert not pid_is_running(second_worker)


# --- the README documents what exists


def test_readme_documents_every_command_and_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in cli.mostra.commands:
        assert f"`mostra {command}" in readme, f"README lacks the command {command}"
    source = (ROOT / "mostra" / "config.py").read_text(encoding="utf-8")
    readers = r"_(?:env|flag|whole_number|url|email_address)"
    variables = set(re.findall(readers + r'\(\s*"([A-Z_]+)"', source))
    assert "DATABASE_URL" in variables and "MOSTRA_SECRET_KEY" in variables
    for variable in variables:
        assert f"`{variable}`" in readme, f"README lacks the setting {variable}"
    boxes = re.findall(r"```\n(.*?)```", readme, flags=re.S)
    assert boxes[0].count("python3 dev.py") == 2


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "fr_CA.UTF-8", "LC_ALL": "C"}, "en"),
        ({"LANG": "en_GB.UTF-8", "LC_MESSAGES": "fr_BE"}, "fr"),
        ({"LANG": "fr_FR.UTF-8", "MOSTRA_LANGUAGE": "en"}, "en"),
    ],
)
def test_terminal_language(environ, language):
    from mostra.core.i18n import terminal_language

    assert terminal_language(environ) == language


def test_demo_on_a_database_not_migrated_says_what_to_do(tmp_path, monkeypatch):
    """A fresh data directory: `mostra demo` before `mostra migrate` explains, exit 1."""
    script = "import sys; from mostra.cli import main; sys.argv = ['mostra', 'demo']; main()"
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            "MOSTRA_DATA_DIR": str(tmp_path),
            "LANG": "C.UTF-8",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert "has no tables yet: run `mostra migrate`" in result.stderr
    assert "Traceback" not in result.stderr
