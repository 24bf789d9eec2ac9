"""A throw-away mostra installation for the many-in-flight kill -9 proof, driven from outside.

Like :mod:`tests.publishing.deadline_env`: the test runs the real worker as a process on
a SQLite file in its own ``MOSTRA_DATA_DIR``, and this module as a command there::

    python -m tests.publishing.in_flight_env setup INSTANCE_URL ACCOUNTS
    python -m tests.publishing.in_flight_env schedule COUNT   # due now, round the accounts
    python -m tests.publishing.in_flight_env lease_ends       # the killed claims' leases end
    python -m tests.publishing.in_flight_env worker [ARGS…]  # `mostra worker ARGS`
    python -m tests.publishing.in_flight_env state

Each but ``worker`` prints JSON. ``setup`` makes one workspace with ACCOUNTS Mastodon
accounts on the instance at INSTANCE_URL.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

SLUG = "agence"


def setup(instance_url: str, accounts: str) -> dict:
    from django.core.management import call_command

    from mostra.core.models import User
    from mostra.core.services.workspaces import create_workspace
    from mostra.publishing.models import AccountStatus, SocialAccount

    call_command("migrate", verbosity=0)
    user = User.objects.create_user("alice@example.org", "x" * 20, display_name="Alice")
    workspace = create_workspace(user, "Agence", slug=SLUG)
    for index in range(int(accounts)):
        SocialAccount.objects.create(
            workspace=workspace,
            network="mastodon",
            handle=f"client{index}@127.0.0.1",
            external_id=f"client-{index}",
            service_url=instance_url,
            credentials={"access_token": f"tok-client{index}-4711"},
            status=AccountStatus.CONNECTED,
        )
    return {"accounts": int(accounts)}


def schedule(count: str) -> dict:
    """COUNT posts, due now (a second apart per account, in turn over the accounts)."""
    from django.utils import timezone

    from mostra.core.models import Workspace
    from mostra.editorial.models import Post, PostStatus, PostVariant
    from mostra.publishing.models import Publication, PublicationState

    workspace = Workspace.objects.get(slug=SLUG)
    author = workspace.memberships.get().user
    accounts = list(workspace.social_accounts.order_by("id"))
    start = timezone.now() - dt.timedelta(minutes=1)
    for index in range(int(count)):
        due = start + dt.timedelta(seconds=index // len(accounts))
        post = Post.objects.create(
            workspace=workspace,
            author=author,
            status=PostStatus.SCHEDULED,
            scheduled_at=due,
            title=f"Post {index}",
        )
        variant = PostVariant.objects.create(post=post, network="mastodon", text=f"Post {index}")
        Publication.objects.create(
            variant=variant,
            account=accounts[index % len(accounts)],
            state=PublicationState.PENDING,
            due_at=due,
            next_attempt_at=due,
        )
    return {"count": int(count)}


def lease_ends() -> int:
    """The claims of the killed worker: claimed an hour ago (their leases have ended);
    how many."""
    from django.utils import timezone

    from mostra.publishing.models import Publication, PublicationState

    stranded = Publication.objects.filter(state=PublicationState.PUBLISHING)
    return stranded.update(claimed_at=timezone.now() - dt.timedelta(hours=1))


def state() -> dict:
    from mostra.integrations.mastodon.api import idempotency_key
    from mostra.publishing.models import Publication
    from mostra.publishing.scheduler.outgoing import outgoing_key

    publications = [
        {
            "key": idempotency_key(
                outgoing_key(p.variant.post_id, p.variant_id, p.variant.post.version)
            ),
            "account": p.account_id,
            "state": p.state,
            "remote_id": p.remote_id,
            "error_code": p.error_code,
        }
        for p in Publication.objects.select_related("variant__post").order_by("id")
    ]
    return {"publications": publications}


def worker(*args: str) -> None:
    """``mostra worker ARGS`` itself (the console script's command)."""
    from mostra.cli import main

    sys.argv = ["mostra", "worker", *args]
    main()


COMMANDS = {"setup": setup, "schedule": schedule, "lease_ends": lease_ends, "state": state}


def run(argv: list[str]) -> None:
    from mostra.core.cli_support import setup_django

    setup_django()
    if argv[0] == "worker":
        worker(*argv[1:])
        return
    result = COMMANDS[argv[0]](*argv[1:])
    sys.stdout.write(json.dumps(result, default=str) + "\n")


if __name__ == "__main__":
    run(sys.argv[1:])
