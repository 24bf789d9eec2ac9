"""A throw-away mostra installation for the publication-deadline proof, driven from outside.

Like :mod:`tests.publishing.side_work_env`: the test runs the real worker as a process on
a SQLite file in its own ``MOSTRA_DATA_DIR``, and this module as a command there::

    python -m tests.publishing.deadline_env setup TARPIT_URL INSTANCE_URL
    python -m tests.publishing.deadline_env schedule COUNT LEAD SPACING
    python -m tests.publishing.deadline_env retry      # the tarpit's publication due now
    python -m tests.publishing.deadline_env worker     # `mostra worker`, until SIGTERM
    python -m tests.publishing.deadline_env state

Each but ``worker`` prints JSON. ``setup`` makes two workspaces, each with a Mastodon
account: Alice's "atelier" on the instance at ``TARPIT_URL`` (a tarpit), Bob's "bakery"
on the one at ``INSTANCE_URL`` (it answers at once). ``schedule`` gives the bakery COUNT
posts due LEAD seconds from now, SPACING apart, and the atelier one post due half a
SPACING after the bakery's first. ``retry`` stands for the backoff's minute passing.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

#: The workspaces' slugs: Alice's account is on the tarpit, Bob's on a prompt instance.
TARPIT, BAKERY = "atelier", "bakery"


def setup(tarpit_url: str, instance_url: str) -> dict:
    from django.core.management import call_command

    from mostra.core.models import User
    from mostra.core.services.workspaces import create_workspace
    from mostra.publishing.models import AccountStatus, SocialAccount

    call_command("migrate", verbosity=0)
    for email, name, slug, url in (
        ("alice@example.org", "Atelier", TARPIT, tarpit_url),
        ("bob@example.org", "Boulangerie", BAKERY, instance_url),
    ):
        user = User.objects.create_user(email, "x" * 20, display_name=name)
        workspace = create_workspace(user, name, slug=slug)
        SocialAccount.objects.create(
            workspace=workspace,
            network="mastodon",
            handle=f"{slug}@127.0.0.1",
            external_id=f"{slug}-1",
            service_url=url,
            credentials={"access_token": f"tok-{slug}-4711"},
            status=AccountStatus.CONNECTED,
        )
    return {"workspaces": [TARPIT, BAKERY]}


def _post(slug: str, due: dt.datetime, text: str) -> None:
    from mostra.core.models import Workspace
    from mostra.editorial.models import Post, PostStatus, PostVariant
    from mostra.publishing.models import Publication, PublicationState, SocialAccount

    workspace = Workspace.objects.get(slug=slug)
    post = Post.objects.create(
        workspace=workspace,
        author=workspace.memberships.get().user,
        status=PostStatus.SCHEDULED,
        scheduled_at=due,
        title=text,
    )
    variant = PostVariant.objects.create(post=post, network="mastodon", text=text)
    Publication.objects.create(
        variant=variant,
        account=SocialAccount.objects.get(workspace=workspace),
        state=PublicationState.PENDING,
        due_at=due,
        next_attempt_at=due,
    )


def schedule(count: str, lead: str, spacing: str) -> dict:
    from django.utils import timezone

    start = timezone.now() + dt.timedelta(seconds=float(lead))
    gap = dt.timedelta(seconds=float(spacing))
    for index in range(int(count)):
        _post(BAKERY, start + index * gap, f"Fournée {index}")
    _post(TARPIT, start + gap / 2, "Vélos réparés samedi")
    return {"start": start.isoformat()}


def retry() -> int:
    """The tarpit's publication waiting for its next try: due now."""
    from django.utils import timezone

    from mostra.publishing.models import Publication, PublicationState

    waiting = Publication.objects.filter(
        account__workspace__slug=TARPIT, state=PublicationState.PENDING
    )
    return waiting.update(next_attempt_at=timezone.now())


def state() -> dict:
    from mostra.publishing.models import Publication, PublicationAttempt

    publications = [
        {
            "workspace": p.account.workspace.slug,
            "due": p.due_at.timestamp(),
            "state": p.state,
            "remote_id": p.remote_id,
            "error_code": p.error_code,
            "error_message": p.error_message,
            "retry_at": p.next_attempt_at.timestamp() if p.next_attempt_at else None,
        }
        for p in Publication.objects.select_related("account__workspace").order_by("due_at")
    ]
    attempts = [
        {"workspace": a.publication.account.workspace.slug, "outcome": a.outcome}
        for a in PublicationAttempt.objects.select_related("publication__account__workspace")
    ]
    return {"publications": publications, "attempts": attempts}


def worker() -> None:
    """``mostra worker`` itself (the console script's command)."""
    from mostra.cli import main

    sys.argv = ["mostra", "worker"]
    main()


COMMANDS = {"setup": setup, "schedule": schedule, "retry": retry, "state": state}


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
