"""The WSGI server behind ``mostra serve`` and ``mostra up``: gunicorn, or waitress.

On Linux and macOS, gunicorn runs mostra in several processes (its ``gthread``
workers, forked from a master that loaded Django once), so that Python-heavy pages
use every core: one process's threads share one interpreter lock. gunicorn is run
here, in this process (a :class:`~gunicorn.app.base.BaseApplication`), not as a
command, so that ``mostra up`` keeps its publishing worker beside it and every start
check and message stays mostra's. On Windows, where gunicorn cannot run (it forks),
waitress serves in one process with ``workers × threads`` threads.

Both servers are given the listening socket bound here, so that a busy port fails
before anything else starts, and both see the same X-Forwarded-* rule
(:class:`ForwardedHeaders`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
from collections.abc import Callable, Iterable
from typing import Any, NoReturn

#: How many requests a server process answers at the same time, by default.
DEFAULT_THREADS = 4
#: The most processes chosen by default, whatever the CPU count (each holds Django:
#: about 100 MB).
MAX_DEFAULT_WORKERS = 8
#: How long a stopping server lets the requests in progress finish (SIGTERM).
GRACEFUL_SECONDS = 10

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity where the system tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def default_workers() -> int:
    """One process per usable CPU, at least 2 (one slow request never holds the whole
    site) and at most :data:`MAX_DEFAULT_WORKERS`."""
    return max(2, min(MAX_DEFAULT_WORKERS, usable_cpus()))


def gunicorn_runs_here() -> bool:
    """gunicorn needs ``fork``: everywhere but Windows."""
    if sys.platform == "win32":
        return False
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return False
    return True


class ForwardedHeaders:
    """Drop the X-Forwarded-* and Forwarded headers of every request, except
    X-Forwarded-Proto when MOSTRA_TRUST_X_FORWARDED_PROTO is on (Django's
    ``SECURE_PROXY_SSL_HEADER`` then reads it): what waitress does with
    ``trusted_proxy_headers``, for any server."""

    def __init__(self, application: WSGIApp, *, keep_proto: bool) -> None:
        self.application = application
        self.keep = {"HTTP_X_FORWARDED_PROTO"} if keep_proto else set()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        for key in [k for k in environ if k.startswith(("HTTP_X_FORWARDED_", "HTTP_FORWARDED"))]:
            if key not in self.keep:
                del environ[key]
        return self.application(environ, start_response)


def trusts_forwarded_proto() -> bool:
    from django.conf import settings

    return getattr(settings, "SECURE_PROXY_SSL_HEADER", None) is not None


def bind(host: str, port: int) -> socket.socket:
    """The listening socket on ``host:port`` (an OSError when the port is taken)."""
    family, _type, _proto, _name, address = socket.getaddrinfo(
        host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    return socket.create_server(address[:2], family=family, backlog=2048)


class GunicornServer:
    """gunicorn's master in this process, its ``workers`` processes forked from it, each
    answering ``threads`` requests at a time on the socket bound here."""

    name = "gunicorn"

    def __init__(self, listener: socket.socket, workers: int, threads: int) -> None:
        from mostra.wsgi import application

        self.listener = listener
        self.workers = workers
        self.threads = threads
        self.application = ForwardedHeaders(application, keep_proto=trusts_forwarded_proto())

    @property
    def port(self) -> int:
        return int(self.listener.getsockname()[1])

    def run(self) -> None:
        """Serve until SIGINT (quick stop) or SIGTERM (the requests in progress finish
        within :data:`GRACEFUL_SECONDS`), with this process's signal handlers back after."""
        from django.db import connections
        from gunicorn import sock
        from gunicorn.arbiter import Arbiter

        connections.close_all()  # No connection crosses the fork.
        app = _gunicorn_application(self)
        arbiter = Arbiter(app)
        kind = sock.TCP6Socket if self.listener.family == socket.AF_INET6 else sock.TCPSocket
        address = self.listener.getsockname()[:2]
        arbiter.LISTENERS = [kind(address, app.cfg, arbiter.log, fd=self.listener.detach())]
        handlers = {sig: signal.getsignal(sig) for sig in Arbiter.SIGNALS + [signal.SIGCHLD]}
        master = os.getpid()
        try:
            arbiter.run()
        except SystemExit as stopped:  # Arbiter.halt() exits, 0 when asked to stop.
            if os.getpid() != master:
                _leave_worker(stopped.code)
            if stopped.code not in (0, None):
                raise
        except BaseException:
            if os.getpid() != master:
                _leave_worker(1)
            raise
        finally:
            for sig, handler in handlers.items():
                if handler is not None:
                    signal.signal(sig, handler)

    def close(self) -> None:
        if self.listener.fileno() != -1:
            self.listener.close()


def _leave_worker(code: object) -> NoReturn:
    """End a gunicorn worker process where it stands.

    A worker is forked inside :meth:`GunicornServer.run`, so its ``sys.exit`` would
    unwind through the stack of the command that started the server: ``mostra up``'s
    clean-up would run in the worker too, stopping the publishing worker it shares with
    the master, and print "mostra has stopped." once per exiting worker."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code if isinstance(code, int) else (0 if code is None else 1))


def _gunicorn_options(server: GunicornServer) -> dict[str, Any]:
    address = server.listener.getsockname()
    return {
        "bind": [
            f"[{address[0]}]:{address[1]}" if ":" in address[0] else f"{address[0]}:{address[1]}"
        ],
        "workers": server.workers,
        "worker_class": "gthread",
        "threads": server.threads,
        "preload_app": True,  # Django loads once, in the master; the workers fork from it.
        "graceful_timeout": GRACEFUL_SECONDS,
        "timeout": 120,  # A worker whose main loop is stuck this long is restarted.
        "keepalive": 5,
        "proc_name": "mostra",
        "loglevel": "warning",
        "errorlog": "-",
        "accesslog": None,
        # X-Forwarded-* is mostra's rule (ForwardedHeaders), not gunicorn's defaults,
        # which would trust a local proxy's X-Forwarded-Proto whatever the setting.
        "forwarded_allow_ips": "",
        "secure_scheme_headers": {},
        "control_socket_disable": True,
    }


def _gunicorn_application(server: GunicornServer) -> Any:
    """gunicorn's application object for ``server`` (gunicorn is imported here: it does
    not import on Windows)."""
    from gunicorn.app.base import BaseApplication

    class MostraApplication(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in _gunicorn_options(server).items():
                self.cfg.set(key, value)

        def load(self) -> WSGIApp:
            return server.application

    return MostraApplication(prog="mostra")


class WaitressServer:
    """waitress in this process, ``threads`` threads: where gunicorn cannot run."""

    name = "waitress"

    def __init__(self, listener: socket.socket, threads: int) -> None:
        from waitress import create_server

        from mostra.wsgi import application

        self.workers = 1
        self.threads = threads
        self.application = ForwardedHeaders(application, keep_proto=trusts_forwarded_proto())
        self.server = create_server(
            self.application, sockets=[listener], threads=threads, ident="mostra"
        )

    @property
    def port(self) -> int:
        return int(self.server.effective_port)

    def run(self) -> None:
        """Serve until Ctrl-C or SIGTERM, then close the listening socket."""
        from django.db import connections

        def interrupt(signum: int, frame: Any) -> None:
            raise KeyboardInterrupt

        connections.close_all()  # The request threads open their own connections.
        # SIGINT too: a shell starts background jobs with SIGINT ignored.
        previous = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            self.server.run()  # Returns on KeyboardInterrupt, having stopped its threads.
        except KeyboardInterrupt:
            pass
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            self.close()

    def close(self) -> None:
        try:
            self.server.close()
        except OSError:
            pass


def open_server(
    host: str, port: int, workers: int, threads: int, *, kind: str | None = None
) -> GunicornServer | WaitressServer:
    """Bind ``host:port`` now (an OSError when taken), and the server that will serve on
    it: gunicorn where it runs, else waitress with ``workers × threads`` threads.
    ``kind`` ("gunicorn" or "waitress") chooses, for tests."""
    listener = bind(host, port)
    try:
        if (kind or ("gunicorn" if gunicorn_runs_here() else "waitress")) == "gunicorn":
            return GunicornServer(listener, workers, threads)
        return WaitressServer(listener, workers * threads)
    except BaseException:
        listener.close()
        raise
