"""Serving the web app: ``mostra up`` (web and worker together) and ``mostra serve``."""

from __future__ import annotations

import threading

import click
from django.utils.translation import gettext as _

from mostra import __version__
from mostra.cli import web_server
from mostra.cli.admin import echo_login, ensure_admin
from mostra.cli.backup import refuse_unreadable_secrets
from mostra.cli.workers import DEFAULT_IN_FLIGHT
from mostra.core.cli_support import F, require_database, with_django
from mostra.core.processes import WorkerPool

#: The options of the commands that serve, in the order ``--help`` lists them.
LISTEN_OPTIONS = (
    click.option(
        "--host",
        default="127.0.0.1",
        show_default=True,
        help="Address to listen on: 0.0.0.0 for every interface (set MOSTRA_ALLOWED_HOSTS).",
    ),
    click.option(
        "--port",
        default=8000,
        show_default=True,
        type=click.IntRange(1, 65535),
        help="TCP port to listen on.",
    ),
    click.option(
        "--workers",
        type=click.IntRange(1, 64),
        default=None,
        help=(
            "Server processes [default: one per CPU, 2 to 8]. On Windows, one process "
            "with workers × threads threads."
        ),
    ),
    click.option(
        "--threads",
        default=web_server.DEFAULT_THREADS,
        show_default=True,
        type=click.IntRange(1, 256),
        help="Requests each server process answers at the same time.",
    ),
)


def listen_options(command: F) -> F:
    """The ``--host``, ``--port``, ``--workers`` and ``--threads`` options of the
    commands that serve."""
    for option in reversed(LISTEN_OPTIONS):
        command = option(command)
    return command


def site_url(host: str, port: int) -> str:
    if host in {"0.0.0.0", "", "::"}:
        host = "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def _open_server(
    host: str, port: int, workers: int | None, threads: int, *, kind: str | None = None
) -> web_server.GunicornServer | web_server.WaitressServer:
    """Bind the WSGI server now, so that a busy port fails before anything else starts."""
    try:
        return web_server.open_server(
            host, port, workers or web_server.default_workers(), threads, kind=kind
        )
    except OSError as exc:
        raise click.ClickException(
            _(
                "Cannot listen on %(address)s (%(reason)s). Is another program using the "
                "port? Stop it, or choose another port with --port %(next)d."
            )
            % {"address": f"{host}:{port}", "reason": exc.strerror or exc, "next": port + 1}
        ) from exc


def _echo_processes(server: web_server.GunicornServer | web_server.WaitressServer) -> None:
    click.echo(
        _("Web server: %(server)s; processes: %(workers)d; threads in each: %(threads)d.")
        % {"server": server.name, "workers": server.workers, "threads": server.threads}
    )


@click.command()
@listen_options
@click.option("--no-demo", is_flag=True, help="Do not create the demo workspace.")
@click.option(
    "--in-flight",
    default=DEFAULT_IN_FLIGHT,
    show_default=True,
    type=click.IntRange(1, 256),
    help="Publications the worker sends at once (1: one after the other).",
)
@with_django
def up(
    host: str, port: int, no_demo: bool, workers: int | None, threads: int, in_flight: int
) -> None:
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
    click.echo(_("mostra %(version)s: preparing the database…") % {"version": __version__})
    call_command("migrate", interactive=False, verbosity=0)
    refuse_unreadable_secrets()
    login = ensure_admin()
    if not no_demo:
        _create_demo_if_empty(login.email, url)
    server = _open_server(host, port, workers, threads)
    pool = WorkerPool(1, ["--in-flight", str(in_flight)])
    stop = threading.Event()
    supervisor = threading.Thread(target=pool.supervise, args=(stop,), daemon=True)
    try:
        pool.start()
        supervisor.start()
        echo_login(login, url)
        _echo_processes(server)
        click.echo(_("Worker started (pid %(pids)s).") % {"pids": ", ".join(map(str, pool.pids))})
        if host in {"0.0.0.0", "::", ""}:
            click.echo(
                _(
                    "Listening on every interface: other machines can reach mostra by this "
                    "machine's name once it is listed in MOSTRA_ALLOWED_HOSTS."
                )
            )
        running = _("mostra is running on %(url)s — Ctrl-C to stop") % {"url": url}
        click.echo(click.style(running, bold=True))
        server.run()
        click.echo(_("Stopping…"))
    finally:
        server.close()
        stop.set()
        if supervisor.is_alive():
            supervisor.join(timeout=5)
        pool.stop()
    click.echo(_("mostra has stopped."))


def _create_demo_if_empty(owner_email: str, url: str) -> None:
    from mostra.core import demo
    from mostra.core.models import User, Workspace

    if Workspace.objects.exists():
        return
    workspace = demo.build_demo(User.objects.get(email=owner_email))
    click.echo(
        _('Demo workspace "%(name)s" created: %(url)s')
        % {"name": workspace.name, "url": f"{url}/w/{workspace.slug}/"}
    )


@click.command()
@listen_options
@with_django
def serve(host: str, port: int, workers: int | None, threads: int) -> None:
    """Serve the web app only, without a worker.

    Serves with gunicorn, in several processes (waitress on Windows), and applies no
    migrations.

    Use it when the worker runs elsewhere (``mostra worker``), for instance with
    PostgreSQL and several machines. Run ``mostra migrate`` first after an upgrade.

    \b
    Example:
        mostra serve --host 0.0.0.0 --port 8000 --workers 4 --threads 8
    """
    require_database()
    refuse_unreadable_secrets()
    server = _open_server(host, port, workers, threads)
    _echo_processes(server)
    click.echo(
        _("mostra is serving on %(url)s — Ctrl-C to stop") % {"url": site_url(host, server.port)}
    )
    try:
        server.run()
    finally:
        server.close()
