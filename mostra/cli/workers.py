"""Background tasks: ``mostra worker``, one process or a supervised pool."""

from __future__ import annotations

import signal
import threading

import click
from django.utils.translation import ngettext

from mostra.cli.backup import refuse_unreadable_secrets
from mostra.core.cli_support import with_django
from mostra.core.processes import WorkerPool, watch_parent

#: ``--in-flight``'s default (:data:`mostra.publishing.scheduler.in_flight.DEFAULT_SIZE`,
#: not imported here: the command line loads the apps only once it runs).
DEFAULT_IN_FLIGHT = 32


@click.command()
@click.option(
    "--concurrency",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Number of worker processes.",
)
@click.option(
    "--in-flight",
    default=DEFAULT_IN_FLIGHT,
    show_default=True,
    type=click.IntRange(1, 256),
    help="Publications each worker process sends at once (1: one after the other).",
)
@click.option(
    "--interval",
    default=1.0,
    show_default=True,
    type=click.FloatRange(0),
    help="Seconds to wait between polls when the queue is empty.",
)
@click.option("--batch", is_flag=True, help="Run the tasks already queued, then exit.")
@click.option(
    "--until-idle",
    is_flag=True,
    help="Run until no publication is due or being published and no task is queued, "
    "then exit (for cron and tests).",
)
@click.option("--max-tasks", type=click.IntRange(1), help="Exit after this many tasks.")
@click.option("--queue", default="*", show_default=True, help="Queues to run (comma-separated).")
@click.option("--exit-with-parent", is_flag=True, hidden=True)
# The pool's processes but the first: they publish, the first does the side work too.
@click.option("--no-side-work", is_flag=True, hidden=True)
@with_django
def worker(
    concurrency: int,
    in_flight: int,
    interval: float,
    batch: bool,
    until_idle: bool,
    max_tasks: int | None,
    queue: str,
    exit_with_parent: bool,
    no_side_work: bool,
) -> None:
    """Run background tasks and publish what is due.

    Tasks are e-mails, publications, metric collection… Every second, each worker also
    publishes the posts that are due, reads the metrics that are due and delivers the
    webhooks that are due: publishing up to --in-flight posts at once (one per account
    at a time, in their order), the rest on a thread of its own, so that a slow server
    never delays a publication.

    Takes tasks from the database queue (django-tasks-db). Several workers, on one
    machine or many, can share a queue and the publications safely. Ctrl-C lets each
    worker finish its current task, then stops.

    \b
    Example:
        mostra worker
        mostra worker --concurrency 4
        mostra worker --in-flight 64   # 64 publications at once
        mostra worker --batch          # run what is queued, then exit
        mostra worker --until-idle     # publish what is due, then exit (cron)
    """
    refuse_unreadable_secrets()
    if concurrency == 1:
        from mostra.publishing.loop import run_worker

        if exit_with_parent:
            watch_parent()
        run_worker(
            queue=queue,
            interval=interval,
            batch=batch,
            max_tasks=max_tasks,
            until_idle=until_idle,
            startup_delay=not batch,
            side_work=not no_side_work,
            in_flight=in_flight,
        )
        return
    args = ["--interval", str(interval), "--queue", queue, "--in-flight", str(in_flight)]
    args += ["--batch"] if batch else []
    args += ["--until-idle"] if until_idle else []
    args += ["--max-tasks", str(max_tasks)] if max_tasks else []
    pool = WorkerPool(concurrency, args, restart=not (batch or until_idle))
    stop = threading.Event()
    previous = {
        sig: signal.signal(sig, lambda *_a: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        pool.start()
        started = ngettext(
            "%(count)d worker started (pid %(pids)s).",
            "%(count)d workers started (pids %(pids)s).",
            concurrency,
        )
        click.echo(started % {"count": concurrency, "pids": ", ".join(map(str, pool.pids))})
        pool.supervise(stop)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        pool.stop()
    failed = [code for code in pool.returncodes if code]
    if (batch or until_idle) and failed:
        raise SystemExit(max(failed))
