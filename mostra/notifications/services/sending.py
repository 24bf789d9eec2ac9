"""Making notifications: who gets one, and how (their choices), never the actor.

:func:`notify` makes one kind of notification for its recipients; :func:`notify_all`
makes many at once (a chunk of publications' outcomes): the same rules, in a fixed
number of queries whatever their number (the members with their choices, one insert).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction

from mostra.notifications.models import Channel, Delivery, EmailState, Notification
from mostra.notifications.services.preferences import member_channels

#: How each channel is delivered by e-mail.
#: A member's channel (a string) -> how its e-mail goes.
DELIVERY: dict[str, Delivery] = {Channel.EMAIL: Delivery.NOW, Channel.DIGEST: Delivery.DIGEST}


@dataclass(frozen=True)
class Notice:
    """One notification of ``kind`` to make for each of ``recipients`` (user ids)."""

    workspace_id: int
    kind: str
    recipients: Sequence[int]
    actor: Any = None
    post: Any = None
    publication: Any = None
    params: dict[str, Any] = field(default_factory=dict)
    message: str = ""

    def wanted(self) -> list[int]:
        """The recipients once each, in order, without the actor."""
        actor_id = getattr(self.actor, "pk", None)
        return [u for u in dict.fromkeys(self.recipients) if u and u != actor_id]


def _made(**fields: Any) -> Notification:
    """A notification; one to be e-mailed starts ``waiting`` (its e-mail's state)."""
    if fields.get("email"):
        fields["email_state"] = EmailState.WAITING
    return Notification(**fields)


def notify(
    workspace_id: int,
    kind: str,
    recipients: Iterable[int],
    *,
    actor: Any = None,
    post: Any = None,
    publication: Any = None,
    params: dict[str, Any] | None = None,
    message: str = "",
) -> list[Notification]:
    """One notification of ``kind`` for each recipient (user ids) who is an active member
    of the workspace, is not the actor, and did not switch the kind off (unless the
    workspace requires it). E-mails at once are sent by a task after the commit; the
    digest's by the worker's morning job. Returns the notifications made."""
    notice = Notice(
        workspace_id, kind, list(recipients), actor, post, publication, dict(params or {}), message
    )
    return notify_all([notice])


def notify_all(notices: Sequence[Notice]) -> list[Notification]:
    """The notifications of every notice, as :func:`notify` makes them, in one transaction.

    1. each notice's recipients, once, without its actor; stop when nobody is left;
    2. which of them are active members of the notice's workspace, and their channel for
       the notice's kind (one query: :func:`member_channels`);
    3. one row per recipient whose channel is not off, inserted at once; the e-mails at
       once queued by one task after the commit.
    """
    wanted = [(notice, notice.wanted()) for notice in notices]
    wanted = [(notice, users) for notice, users in wanted if users]
    if not wanted:
        return []
    channels = member_channels({(n.workspace_id, n.kind, u) for n, who in wanted for u in who})
    emailing = bool(getattr(settings, "EMAIL_ENABLED", False))
    rows: list[Notification] = []
    for notice, who in wanted:
        base = dict(notice.params)
        if notice.actor is not None:
            base.setdefault("actor", notice.actor.name)
        if notice.post is not None:
            base.setdefault("post", str(notice.post))
        actor = notice.actor if getattr(notice.actor, "pk", None) else None
        for user_id in who:
            channel = channels.get((notice.workspace_id, notice.kind, user_id), Channel.OFF)
            if channel == Channel.OFF:  # not an active member, or switched off
                continue
            rows.append(
                _made(
                    workspace_id=notice.workspace_id,
                    recipient_id=user_id,
                    kind=notice.kind,
                    actor=actor,
                    post=notice.post,
                    publication=notice.publication,
                    params=base,
                    message=notice.message,
                    email=DELIVERY.get(channel, Delivery.NONE) if emailing else Delivery.NONE,
                )
            )
    if not rows:
        return []
    with transaction.atomic():
        created = Notification.objects.bulk_create(rows)
        at_once = [n.pk for n in created if n.email == Delivery.NOW and n.pk]
        if at_once:
            from mostra.notifications import tasks

            transaction.on_commit(lambda: tasks.send_notification_emails.enqueue(at_once))
    return created
