"""The one place mostra reaches into django-tasks-db's worker (an adapter).

mostra's worker (:mod:`mostra.publishing.loop`, :mod:`mostra.publishing.side_work`) is
django-tasks-db's ``Worker`` with its own turn: it subclasses a class that lives in a
management command, passes its constructor's keywords, reads and sets its attributes
(one of them private, ``_run_tasks``), calls ``run_task`` and claims tasks the way the
library's own ``run`` does. None of that is the library's documented API: an upgrade
may change it. Everything mostra uses is named here, and :func:`incompatibilities`
says, in words, what an upgraded library no longer has
(``tests/core/test_task_worker.py`` runs it; so does ``mostra worker`` at start).
"""

from __future__ import annotations

import importlib.metadata
import inspect
from collections.abc import Collection

from django.db.utils import OperationalError
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.management.commands.db_worker import Worker as _LibraryWorker
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

__all__ = [
    "DEFAULT_TASK_BACKEND_ALIAS",
    "DBTaskResult",
    "Worker",
    "claim_next",
    "incompatibilities",
    "is_locked",
]

#: The versions whose internals this module was written against (pyproject.toml pins
#: the same range).
WRITTEN_FOR = "0.13"
#: The keywords mostra passes to ``Worker(...)``.
INIT_KEYWORDS = frozenset(
    {
        "queue_names",
        "interval",
        "batch",
        "backend_name",
        "startup_delay",
        "max_tasks",
        "worker_id",
        "excluded_queue_names",
    }
)
#: The attributes of a worker mostra reads or sets.
ATTRIBUTES = (
    "queue_names",
    "process_all_queues",
    "excluded_queue_names",
    "interval",
    "batch",
    "backend_name",
    "startup_delay",
    "max_tasks",
    "worker_id",
    "running",
    "running_task",
    "_run_tasks",
)
#: The methods mostra calls, with their parameters (``self`` left out).
METHODS = {
    "run_task": ("db_task_result",),
    "configure_signals": (),
    "shutdown": ("signum", "frame"),
}
#: The queryset and row methods the claim uses.
QUERYSET_METHODS = ("ready", "get_locked")
ROW_METHODS = ("claim",)


class Worker(_LibraryWorker):
    """django-tasks-db's worker, as mostra subclasses it."""

    @property
    def tasks_run(self) -> int:
        """How many tasks this worker has run (the library's private counter)."""
        return int(self._run_tasks)


def is_locked(error: OperationalError) -> bool:
    """Whether the error is SQLite's "database is locked" (wait and try again)."""
    return bool(is_locked_database_exception(error))


def claim_next(
    worker: _LibraryWorker,
    *,
    only: Collection[str] | None = None,
    excluding: Collection[str] | None = None,
) -> tuple[DBTaskResult | None, bool]:
    """Claim the next ready task of ``worker``'s queues, as the library's ``run`` does:
    only the task paths ``only``, or all but ``excluding`` (either or none).

    Returns (the task or None, whether the queue could be read: False while the
    database is locked).
    """
    tasks: DBTaskResultQuerySet = DBTaskResult.objects.ready().filter(
        backend_name=worker.backend_name
    )
    if not worker.process_all_queues:
        tasks = tasks.filter(queue_name__in=worker.queue_names)
    if worker.excluded_queue_names:
        tasks = tasks.exclude(queue_name__in=worker.excluded_queue_names)
    if only is not None:
        tasks = tasks.filter(task_path__in=list(only))
    if excluding is not None:
        tasks = tasks.exclude(task_path__in=list(excluding))
    with exclusive_transaction(tasks.db):
        try:
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(worker.worker_id)
            return task_result, True
        except OperationalError as error:
            if is_locked(error):
                return None, False
            raise


def _parameters(function: object) -> list[str]:
    return [name for name in inspect.signature(function).parameters if name != "self"]  # type: ignore[arg-type]


def incompatibilities() -> list[str]:
    """What mostra uses of django-tasks-db and the installed version no longer has, each
    said with what to do; empty when all is there."""
    version = importlib.metadata.version("django-tasks-db")
    where = (
        f"django-tasks-db {version} (mostra/core/task_worker.py was written for {WRITTEN_FOR}.x): "
    )
    todo = "; adapt mostra/core/task_worker.py and the worker that uses it"
    problems = []
    accepted = set(_parameters(_LibraryWorker.__init__))
    if missing := sorted(INIT_KEYWORDS - accepted):
        problems.append(f"{where}Worker() no longer takes {', '.join(missing)}{todo}")
    if extra := sorted(
        name
        for name, p in inspect.signature(_LibraryWorker.__init__).parameters.items()
        if name not in INIT_KEYWORDS | {"self"} and p.default is inspect.Parameter.empty
    ):
        problems.append(f"{where}Worker() now requires {', '.join(extra)}{todo}")
    for name, parameters in METHODS.items():
        method = getattr(_LibraryWorker, name, None)
        if not callable(method):
            problems.append(f"{where}Worker.{name}() is gone{todo}")
        elif tuple(_parameters(method)) != parameters:
            problems.append(
                f"{where}Worker.{name}() now takes ({', '.join(_parameters(method))}), "
                f"not ({', '.join(parameters)}){todo}"
            )
    if not problems:
        worker = _LibraryWorker(
            queue_names=["default"],
            interval=1.0,
            batch=True,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=None,
            worker_id="compatibility-check",
            excluded_queue_names=[],
        )
        if missing := [name for name in ATTRIBUTES if not hasattr(worker, name)]:
            problems.append(f"{where}a Worker no longer has {', '.join(missing)}{todo}")
    for name in QUERYSET_METHODS:
        if not callable(getattr(DBTaskResultQuerySet, name, None)):
            problems.append(f"{where}DBTaskResult.objects.{name}() is gone{todo}")
    for name in ROW_METHODS:
        if not callable(getattr(DBTaskResult, name, None)):
            problems.append(f"{where}DBTaskResult.{name}() is gone{todo}")
    return problems
