"""``mostra listen firehose``: the Bluesky firehose consumer on its own (the worker runs it
too, while a workspace reads a firehose)."""

from __future__ import annotations

import json
import signal
import threading
from typing import Any

import click

from mostra.core.cli_support import refuse, with_django


@click.command(name="firehose")
@click.option(
    "--service",
    metavar="URL",
    help="The relay or PDS to read (default: every service a workspace's firehose source reads).",
)
@click.option(
    "--once-for",
    "seconds",
    type=click.FloatRange(min=0.1),
    metavar="SECONDS",
    help="Read for this long, then stop (default: until Ctrl-C).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: one object per service at the end.",
)
@with_django
def firehose_command(service: str | None, seconds: float | None, fmt: str) -> None:
    """Read the Bluesky firehose live, from its stored cursor, and store in each
    workspace that reads it (a source of kind bluesky_firehose) the posts that match
    its queries. Killed at any moment, it resumes at the next event.

    \b
    Example:
        mostra listen firehose
        mostra listen firehose --service wss://bsky.network --once-for 60
    """
    from django.utils.translation import gettext as _

    from mostra.core.http import OutboundRefused
    from mostra.listening.firehose.consumer import Consumer, Report
    from mostra.listening.firehose.running import services_read
    from mostra.listening.firehose.stream import service_address

    if service:
        try:
            services = [service_address(service)]
        except ValueError:
            refuse(
                _("%(value)s is not a firehose's address: type a relay or a PDS, e.g. %(example)s.")
                % {"value": service, "example": "wss://bsky.network"}
            )
    else:
        services = sorted(services_read())
        if not services:
            refuse(
                _(
                    "No workspace reads a firehose: add a source of kind bluesky_firehose "
                    "(mostra listen source add --workspace SLUG bluesky_firehose URL), "
                    "or give --service."
                )
            )
    stop = threading.Event()
    reports: dict[str, Report] = {}
    refused: dict[str, str] = {}

    def consume(url: str, close: bool = True) -> None:
        from django.db import connections

        try:
            reports[url] = Consumer(url, stop=stop).run(seconds)
        except OutboundRefused as exc:
            refused[url] = str(exc)
            stop.set()
        finally:
            if close:
                connections.close_all()

    previous = {
        sig: signal.signal(sig, lambda *_a: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        for url in services:
            click.echo(_("Reading %(service)s…") % {"service": url})
        if len(services) == 1:
            consume(services[0], close=False)  # on this thread (its connection, its signals)
        else:
            threads = [threading.Thread(target=consume, args=(u,), daemon=True) for u in services]
            for thread in threads:
                thread.start()
            while any(t.is_alive() for t in threads):
                for thread in threads:
                    thread.join(0.2)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    for url, words in refused.items():
        refuse(_("%(service)s cannot be read: %(problem)s") % {"service": url, "problem": words})
    for url in services:
        report = reports.get(url)
        if report is None:
            continue
        if fmt == "json":
            click.echo(json.dumps(_summary(url, report)))
        else:
            click.echo(
                _(
                    "%(service)s: %(events)s events, %(posts)s posts, %(stored)s mentions "
                    "stored; cursor %(seq)s."
                )
                % {**_summary(url, report), "seq": report.seq if report.seq is not None else "-"}
            )
            for problem in report.problems:
                click.echo(_("  Meanwhile: %(problem)s") % {"problem": problem})


def _summary(url: str, report: Any) -> dict[str, Any]:
    return {
        "service": url,
        "events": report.events,
        "posts": report.posts,
        "stored": report.stored,
        "seq": report.seq,
        "subscriptions": report.subscriptions,
        "problems": report.problems,
    }
