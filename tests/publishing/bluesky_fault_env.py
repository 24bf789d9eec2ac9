"""A throw-away mostra installation for the Bluesky fault tests, driven from outside.

The fault tests kill worker *processes*, so the database must be one that several
processes share: a SQLite file in its own ``MOSTRA_DATA_DIR``, not the test session's
in-memory database. The test runs this module as a command in that environment::

    python -m tests.publishing.bluesky_fault_env setup SERVICE HANDLE APP_PASSWORD PDS N
    python -m tests.publishing.bluesky_fault_env state
    python -m tests.publishing.bluesky_fault_env expire-claims   # the lease has passed
    python -m tests.publishing.bluesky_fault_env advance MINUTES # the backoff has passed
    python -m tests.publishing.bluesky_fault_env work            # a worker until idle

Each prints JSON. ``setup`` connects the Bluesky account with its app password (as
``mostra accounts connect bluesky`` does), points its session at ``PDS`` (the fault
proxy in front of the real PDS), and schedules N posts due now.
"""

from __future__ import annotations

import datetime as dt
import json
import sys


def setup(service: str, handle: str, app_password: str, pds: str, count: str) -> dict:
    from django.core.management import call_command
    from django.utils import timezone

    from mostra.core.models import User
    from mostra.core.services.workspaces import create_workspace
    from mostra.editorial.models import Post, PostStatus, PostVariant
    from mostra.publishing.connect.bluesky import connect_bluesky
    from mostra.publishing.models import Publication, PublicationState, SocialAccount

    call_command("migrate", verbosity=0)
    owner = User.objects.create_user("alice@example.org", "x" * 20, display_name="Alice")
    workspace = create_workspace(owner, "Fromagerie du Lac", slug="fromagerie")
    account = connect_bluesky(None, handle, app_password, service, workspace=workspace)
    SocialAccount.objects.filter(pk=account.pk).update(
        credentials={**account.credentials, "pds_url": pds}
    )
    now = timezone.now()
    ids = []
    for index in range(int(count)):
        post = Post.objects.create(
            workspace=workspace,
            author=owner,
            status=PostStatus.SCHEDULED,
            scheduled_at=now,
            title=f"Post {index}",
        )
        variant = PostVariant.objects.create(
            post=post, network="bluesky", text=f"Fromage n° {index} #comté"
        )
        publication = Publication.objects.create(
            variant=variant,
            account=account,
            state=PublicationState.PENDING,
            due_at=now,
            next_attempt_at=now,
        )
        ids.append(publication.pk)
    return {"publications": ids, "did": account.external_id}


def state() -> list[dict]:
    from mostra.publishing.models import Publication

    rows = Publication.objects.order_by("pk").values(
        "pk", "state", "remote_uri", "attempts", "error_code", "error_message", "claimed_by"
    )
    result = []
    for row in rows:
        log = Publication.objects.get(pk=row["pk"]).log.values_list("outcome", "worker")
        row["log"] = [outcome for outcome, _ in log]
        row["workers"] = [worker for _, worker in log]
        result.append(row)
    return result


def expire_claims() -> int:
    """Move the claims back past their lease, as if its minutes had passed."""
    from mostra.publishing.models import Publication, PublicationState
    from mostra.publishing.services.leases import leases_of

    rows = list(
        Publication.objects.filter(state=PublicationState.PUBLISHING).select_related(
            "variant", "account"
        )
    )
    ends = leases_of(rows)
    return sum(
        Publication.objects.filter(pk=p.pk).update(
            claimed_at=p.claimed_at - ends[p.pk].length - dt.timedelta(seconds=5)
        )
        for p in rows
    )


def advance(minutes: str) -> int:
    """Bring the next attempts forward, as if ``minutes`` had passed."""
    from mostra.publishing.models import Publication, PublicationState

    rows = Publication.objects.filter(state=PublicationState.PENDING)
    delta = dt.timedelta(minutes=float(minutes))
    return sum(
        Publication.objects.filter(pk=p.pk).update(next_attempt_at=p.next_attempt_at - delta)
        for p in rows
    )


def work() -> int:
    from mostra.publishing.loop import run_worker

    run_worker(until_idle=True, interval=0.1)
    return 0


COMMANDS = {
    "setup": setup,
    "state": state,
    "expire-claims": expire_claims,
    "advance": advance,
    "work": work,
}


def main(argv: list[str]) -> None:
    from mostra.core.cli_support import setup_django

    setup_django()
    result = COMMANDS[argv[0]](*argv[1:])
    sys.stdout.write(json.dumps(result, default=str) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
