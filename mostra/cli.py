"""The ``mostra`` command: one entry point for running and administering mostra.

Every subcommand reads the same settings (``DATABASE_URL``, ``MOSTRA_DATA_DIR``…, see
:mod:`mostra.config`). Django is set up only once a subcommand runs, so ``--help``
works even when the settings are wrong.
"""

from __future__ import annotations

import functools
import secrets
import signal
import threading
from dataclasses import dataclass
from typing import Any

import click

from mostra import __version__
from mostra.charter.cli import post_group
from mostra.core.cli_support import F, with_django
from mostra.core.cli_support import setup_django as setup_django  # The apps used it here.
from mostra.core.processes import WorkerPool, watch_parent
from mostra.editorial.cli import calendar_group
from mostra.strategy.cli import strategy_group

#: Letters and digits that cannot be mistaken for one another when read aloud or typed.
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


# ---------------------------------------------------------------------------
# Set-up shared by the subcommands


def listen_options(command: F) -> F:
    """The ``--host``, ``--port`` and ``--threads`` options of the commands that serve."""
    command = click.option(
        "--threads",
        default=8,
        show_default=True,
        type=click.IntRange(1, 256),
        help="Requests served at the same time.",
    )(command)
    command = click.option(
        "--port",
        default=8000,
        show_default=True,
        type=click.IntRange(1, 65535),
        help="TCP port to listen on.",
    )(command)
    command = click.option(
        "--host",
        default="127.0.0.1",
        show_default=True,
        help="Address to listen on: 0.0.0.0 for every interface (set MOSTRA_ALLOWED_HOSTS).",
    )(command)
    return command


def mostra_command() -> str:
    """How to call mostra again: `mostra` when on the PATH, else the virtualenv's script."""
    import shutil
    import sys
    from pathlib import Path

    script = Path(sys.executable).parent / "mostra"
    if shutil.which("mostra") == str(script) or not script.exists():
        return "mostra"
    try:
        return str(script.relative_to(Path.cwd()))
    except ValueError:
        return str(script)


def generate_password() -> str:
    """A random password of four groups of four, about 92 bits."""
    groups = ("".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(4)) for _ in range(4))
    return "-".join(groups)


def site_url(host: str, port: int) -> str:
    if host in {"0.0.0.0", "", "::"}:
        host = "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


# ---------------------------------------------------------------------------
# The first administrator


@dataclass
class AdminLogin:
    email: str
    created: bool
    #: The generated password, to print once; None when it was not generated now.
    password: str | None = None
    from_environment: bool = False


def find_admin() -> Any:
    """The administrator: MOSTRA_ADMIN_EMAIL's user, else the first superuser, else anyone."""
    from django.conf import settings

    from mostra.core.models import User

    return (
        User.objects.filter(email__iexact=settings.CONFIG.admin_email).first()
        or User.objects.filter(is_superuser=True).order_by("pk").first()
        or User.objects.order_by("pk").first()
    )


def ensure_admin() -> AdminLogin:
    """Create the first administrator when the database has no user at all."""
    from django.conf import settings
    from django.db import transaction

    from mostra.core.models import User

    with transaction.atomic():
        existing = find_admin()
        if existing is not None:
            return AdminLogin(email=existing.email, created=False)
        password = settings.CONFIG.admin_password
        from_environment = bool(password)
        if not password:
            password = generate_password()
        user = User.objects.create_superuser(
            settings.CONFIG.admin_email, password, display_name="Admin"
        )
    return AdminLogin(
        email=user.email,
        created=True,
        password=None if from_environment else password,
        from_environment=from_environment,
    )


def echo_login(login: AdminLogin, url: str) -> None:
    bold = functools.partial(click.style, bold=True)
    click.echo("")
    if login.created:
        click.echo(bold("First start: an administrator was created. Log in with:"))
    else:
        click.echo(bold("Log in with:"))
    click.echo(f"    Address:   {bold(url + '/')}")
    click.echo(f"    E-mail:    {bold(login.email)}")
    if login.password:
        click.echo(f"    Password:  {bold(login.password)}")
        click.echo("    This password is shown only once: keep it in your password manager.")
    elif login.from_environment:
        click.echo("    Password:  the one in MOSTRA_ADMIN_PASSWORD")
    else:
        click.echo("    Password:  the one shown at first start; to set a new one run")
        click.echo(f"               {mostra_command()} createuser {login.email} --reset-password")
    click.echo("")


# ---------------------------------------------------------------------------
# Serving


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _open_server(host: str, port: int, threads: int) -> Any:
    """Bind the WSGI server now, so that a busy port fails before anything else starts."""
    from waitress import create_server

    from mostra.wsgi import application

    try:
        return create_server(application, host=host, port=port, threads=threads, ident="mostra")
    except OSError as exc:
        raise click.ClickException(
            f"Cannot listen on {host}:{port} ({exc.strerror or exc}). Is another program "
            f"using the port? Stop it, or choose another port with --port {port + 1}."
        ) from exc


def _run_server(server: Any) -> None:
    """Serve until Ctrl-C or SIGTERM, then close the listening socket."""
    from django.db import connections

    connections.close_all()  # The request threads open their own connections.
    # SIGINT too: a shell starts background jobs with SIGINT ignored.
    previous = {
        sig: signal.signal(sig, _raise_interrupt) for sig in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        server.run()  # Returns on KeyboardInterrupt, having stopped its threads.
    except KeyboardInterrupt:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        try:
            server.close()
        except OSError:
            pass


# ---------------------------------------------------------------------------
# The commands


@click.group(name="mostra", context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mostra")
def mostra() -> None:
    """mostra: social media strategy and operations, from mission to metrics.

    Settings come from the environment: DATABASE_URL (SQLite in MOSTRA_DATA_DIR by
    default), MOSTRA_DATA_DIR, MOSTRA_SECRET_KEY… (see the README).

    \b
    Example:
        mostra up                 # web + worker on http://127.0.0.1:8000
        mostra up --help          # the options of one command
    """


@mostra.command()
@listen_options
@click.option("--no-demo", is_flag=True, help="Do not create the demo workspace.")
@with_django
def up(host: str, port: int, no_demo: bool, threads: int) -> None:
    """Run mostra: web server and background worker together.

    Applies the database migrations, creates the first administrator when there is
    no user yet (its password is printed once, or taken from MOSTRA_ADMIN_PASSWORD),
    creates the demo workspace when there is no workspace yet, then serves the app
    and runs one worker until Ctrl-C.

    \b
    Example:
        mostra up
        mostra up --port 8080 --no-demo
        MOSTRA_DATA_DIR=./var mostra up --host 0.0.0.0
    """
    from django.core.management import call_command

    url = site_url(host, port)
    click.echo(f"mostra {__version__}: preparing the database…")
    call_command("migrate", interactive=False, verbosity=0)
    login = ensure_admin()
    if not no_demo:
        _create_demo_if_empty(login.email, url)
    server = _open_server(host, port, threads)
    pool = WorkerPool(1, [])
    stop = threading.Event()
    supervisor = threading.Thread(target=pool.supervise, args=(stop,), daemon=True)
    try:
        pool.start()
        supervisor.start()
        echo_login(login, url)
        click.echo(f"Worker started (pid {', '.join(map(str, pool.pids))}).")
        if host in {"0.0.0.0", "::", ""}:
            click.echo(
                "Listening on every interface: other machines can reach mostra by this "
                "machine's name once it is listed in MOSTRA_ALLOWED_HOSTS."
            )
        click.echo(click.style(f"mostra is running on {url} — Ctrl-C to stop", bold=True))
        _run_server(server)
        click.echo("Stopping…")
    finally:
        stop.set()
        if supervisor.is_alive():
            supervisor.join(timeout=5)
        pool.stop()
    click.echo("mostra has stopped.")


def _create_demo_if_empty(owner_email: str, url: str) -> None:
    from mostra.core import demo
    from mostra.core.models import User, Workspace

    if Workspace.objects.exists():
        return
    workspace = demo.build_demo(User.objects.get(email=owner_email))
    click.echo(f'Demo workspace "{workspace.name}" created: {url}/w/{workspace.slug}/')


@mostra.command()
@listen_options
@with_django
def serve(host: str, port: int, threads: int) -> None:
    """Serve the web app only, without a worker.

    Serves with waitress, and applies no migrations.

    Use it when the worker runs elsewhere (``mostra worker``), for instance with
    PostgreSQL and several machines. Run ``mostra migrate`` first after an upgrade.

    \b
    Example:
        mostra serve --host 0.0.0.0 --port 8000 --threads 16
    """
    server = _open_server(host, port, threads)
    click.echo(f"mostra is serving on {site_url(host, port)} — Ctrl-C to stop")
    _run_server(server)


@mostra.command()
@click.option(
    "--concurrency",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Number of worker processes.",
)
@click.option(
    "--interval",
    default=1.0,
    show_default=True,
    type=click.FloatRange(0),
    help="Seconds to wait between polls when the queue is empty.",
)
@click.option("--batch", is_flag=True, help="Run the tasks already queued, then exit.")
@click.option("--max-tasks", type=click.IntRange(1), help="Exit after this many tasks.")
@click.option("--queue", default="*", show_default=True, help="Queues to run (comma-separated).")
@click.option("--exit-with-parent", is_flag=True, hidden=True)
@with_django
def worker(
    concurrency: int,
    interval: float,
    batch: bool,
    max_tasks: int | None,
    queue: str,
    exit_with_parent: bool,
) -> None:
    """Run background tasks.

    Tasks are e-mails, publications, metric collection…

    Takes tasks from the database queue (django-tasks-db). Several workers, on one
    machine or many, can share a queue safely. Ctrl-C lets each worker finish its
    current task, then stops.

    \b
    Example:
        mostra worker
        mostra worker --concurrency 4
        mostra worker --batch          # run what is queued, then exit
    """
    if concurrency == 1:
        from django.core.management import call_command

        if exit_with_parent:
            watch_parent()
        call_command(
            "db_worker",
            queue_name=queue,
            interval=interval,
            batch=batch,
            max_tasks=max_tasks,
            reload=False,
            startup_delay=not batch,
        )
        return
    args = ["--interval", str(interval), "--queue", queue]
    args += ["--batch"] if batch else []
    args += ["--max-tasks", str(max_tasks)] if max_tasks else []
    pool = WorkerPool(concurrency, args, restart=not batch)
    stop = threading.Event()
    previous = {
        sig: signal.signal(sig, lambda *_a: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        pool.start()
        click.echo(f"{concurrency} workers started (pids {', '.join(map(str, pool.pids))}).")
        pool.supervise(stop)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        pool.stop()
    failed = [code for code in pool.returncodes if code]
    if batch and failed:
        raise SystemExit(max(failed))


@mostra.command()
@with_django
def migrate() -> None:
    """Apply the database migrations.

    ``mostra up`` applies them by itself.

    \b
    Example:
        DATABASE_URL=postgres://mostra@db.internal/mostra mostra migrate
    """
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)


@mostra.command()
@click.option("--reset", is_flag=True, help="Delete the demo workspace and build it again.")
@with_django
def demo(reset: bool) -> None:
    """Create the demo workspace: a French bicycle-repair workshop.

    Its short name is "demo".
    Its content is the same on every run. Without --reset an existing demo
    workspace is left as it is; with --reset it is deleted and rebuilt. Its members
    cannot log in: the administrator owns it.

    \b
    Example:
        mostra demo
        mostra demo --reset
    """
    from django.conf import settings

    from mostra.core import demo as demo_data
    from mostra.core.models import User

    login = ensure_admin()
    if login.created:
        echo_login(login, settings.CONFIG.base_url)
    owner = User.objects.get(email=login.email)
    if reset:
        workspace = demo_data.reset_demo(owner)
        click.echo(f'Demo workspace "{workspace.name}" rebuilt.')
        return
    workspace, created = demo_data.ensure_demo(owner)
    if created:
        click.echo(f'Demo workspace "{workspace.name}" created.')
    else:
        click.echo(f'Demo workspace "{workspace.name}" already exists (--reset rebuilds it).')


@mostra.command()
@click.argument("email")
@click.option("--password", help="The password; a random one is generated and printed if absent.")
@click.option("--name", default="", help="The name shown in the app.")
@click.option("--superuser", is_flag=True, help="Give access to everything, as an administrator.")
@click.option("--reset-password", is_flag=True, help="Set a new password for an existing user.")
@with_django
def createuser(
    email: str, password: str | None, name: str, superuser: bool, reset_password: bool
) -> None:
    """Create a user, or set a new password for one.

    \b
    Example:
        mostra createuser camille@example.org --name "Camille Roux"
        mostra createuser admin@mostra.local --reset-password
    """
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    from mostra.core.models import User

    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise click.BadParameter(
            f"{email!r} is not an e-mail address.", param_hint="EMAIL"
        ) from exc
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and not reset_password:
        raise click.ClickException(
            f"{email} already exists. To give it a new password: "
            f"mostra createuser {email} --reset-password"
        )
    if user is None and reset_password:
        raise click.ClickException(f"No user has the e-mail {email}: drop --reset-password.")
    generated = password is None
    if password is None:
        password = generate_password()
    try:
        validate_password(password, user or User(email=email, display_name=name))
    except ValidationError as exc:
        raise click.BadParameter(" ".join(exc.messages), param_hint="--password") from exc
    if user is None:
        user = User.objects.create_user(email, password, display_name=name)
        action = "Created"
    else:
        user.set_password(password)
        action = "New password for"
    if superuser:
        user.is_staff = user.is_superuser = True
    if name:
        user.display_name = name
    user.save()
    click.echo(f"{action} {user.email}{' (administrator)' if user.is_superuser else ''}.")
    if generated:
        click.echo(f"Password: {click.style(password, bold=True)}  (shown only once)")


mostra.add_command(strategy_group)
mostra.add_command(post_group)
mostra.add_command(calendar_group)


def main() -> None:
    """The console script."""
    mostra(prog_name="mostra")


if __name__ == "__main__":
    main()
