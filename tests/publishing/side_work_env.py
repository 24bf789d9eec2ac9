"""A throw-away mostra installation for the side-work proof test, driven from outside.

The test runs the real worker as a process, so the database must be one that several
processes share: a SQLite file in its own ``MOSTRA_DATA_DIR``. The test runs this
module as a command in that environment::

    python -m tests.publishing.side_work_env setup TARPIT_URL RECEIVER_URL
    python -m tests.publishing.side_work_env schedule COUNT LEAD SPACING
    python -m tests.publishing.side_work_env worker     # `mostra worker`, until SIGTERM
    python -m tests.publishing.side_work_env state

Each but ``worker`` prints JSON. ``setup`` makes two workspaces: Alice's "tarpit",
whose webhook points at ``TARPIT_URL`` and has deliveries due now; Bob's "bakery",
with an account on :class:`ClockNetwork` (it answers at once, and its post's id is the
time it received it) and a webhook at ``RECEIVER_URL`` told of each publication.
``schedule`` gives the bakery COUNT posts due LEAD seconds from now, SPACING apart.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time


def _clock_network() -> type:
    from mostra.integrations.base import REGISTRY, Integration, Outgoing, RemoteRef, Snapshot

    class ClockNetwork(Integration):
        """Answers at once; the post's id is the time (Unix seconds) it was received."""

        network = "clocknet"
        idempotent = True

        def publish(self, outgoing: Outgoing) -> RemoteRef:
            received = f"{time.time():.3f}"
            return RemoteRef(received, f"clock://{received}", f"https://clock.example/{received}")

        def delete(self, ref: RemoteRef) -> None:
            pass

        def fetch_metrics(self, refs: list[RemoteRef]) -> list[Snapshot]:
            return []

    REGISTRY[ClockNetwork.network] = ClockNetwork
    return ClockNetwork


def setup(tarpit_url: str, receiver_url: str) -> dict:
    from django.core.management import call_command

    from mostra.core.models import Membership, User
    from mostra.core.services.workspaces import create_workspace
    from mostra.publishing.models import AccountStatus, SocialAccount, WebhookEvent
    from mostra.publishing.services import webhooks

    call_command("migrate", verbosity=0)
    alice = User.objects.create_user("alice@example.org", "x" * 20, display_name="Alice")
    bob = User.objects.create_user("bob@example.org", "x" * 20, display_name="Bob")
    tarpit = create_workspace(alice, "Tarpit", slug="tarpit")
    bakery = create_workspace(bob, "Boulangerie", slug="bakery")
    alice_member = Membership.objects.get(workspace=tarpit, user=alice)
    bob_member = Membership.objects.get(workspace=bakery, user=bob)
    webhooks.create_webhook(alice_member, tarpit_url, list(WebhookEvent.values))
    deliveries = webhooks.emit_many(tarpit, WebhookEvent.SCHEDULED, [{"n": n} for n in range(4)])
    webhooks.create_webhook(bob_member, receiver_url, [WebhookEvent.PUBLISHED])
    SocialAccount.objects.create(
        workspace=bakery,
        network="clocknet",
        handle="boulangerie",
        external_id="clock-1",
        credentials={"token": "tok"},
        status=AccountStatus.CONNECTED,
    )
    return {"tarpit_deliveries": deliveries}


def schedule(count: str, lead: str, spacing: str) -> list[str]:
    from django.utils import timezone

    from mostra.core.models import Workspace
    from mostra.editorial.models import Post, PostStatus, PostVariant
    from mostra.publishing.models import Publication, PublicationState, SocialAccount

    bakery = Workspace.objects.get(slug="bakery")
    account = SocialAccount.objects.get(workspace=bakery)
    start = timezone.now() + dt.timedelta(seconds=float(lead))
    due_times = []
    for index in range(int(count)):
        due = start + dt.timedelta(seconds=index * float(spacing))
        post = Post.objects.create(
            workspace=bakery,
            author=bakery.memberships.get().user,
            status=PostStatus.SCHEDULED,
            scheduled_at=due,
            title=f"Fournée {index}",
        )
        variant = PostVariant.objects.create(post=post, network="clocknet", text=f"Pain {index}")
        Publication.objects.create(
            variant=variant,
            account=account,
            state=PublicationState.PENDING,
            due_at=due,
            next_attempt_at=due,
        )
        due_times.append(due.isoformat())
    return due_times


def state() -> dict:
    from mostra.publishing.models import Publication, WebhookDelivery

    publications = [
        {
            "due": p.due_at.timestamp(),
            "state": p.state,
            "sent": float(p.remote_id) if p.remote_id else None,
        }
        for p in Publication.objects.order_by("due_at")
    ]
    deliveries = [
        {
            "workspace": d.webhook.workspace.slug,
            "delivery_id": d.delivery_id,
            "state": d.state,
            "attempts": d.attempts,
            "excerpt": d.response_excerpt,
            "created": d.created_at.timestamp(),
        }
        for d in WebhookDelivery.objects.select_related("webhook__workspace").order_by("id")
    ]
    return {"publications": publications, "deliveries": deliveries}


def worker() -> None:
    """``mostra worker`` itself (the console script's command), with the clock network."""
    _clock_network()
    from mostra.cli import main

    sys.argv = ["mostra", "worker"]
    main()


COMMANDS = {"setup": setup, "schedule": schedule, "state": state}


def run(argv: list[str]) -> None:
    from mostra.core.cli_support import setup_django

    setup_django()
    if argv[0] == "worker":
        worker()
        return
    result = COMMANDS[argv[0]](*argv[1:])
    sys.stdout.write(json.dumps(result, default=str) + "\n")


if __name__ == "__main__":
    run(sys.argv[1:])
