"""Making notifications: who gets one, and how (their choices), never the actor."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction

from mostra.core.models import Membership
from mostra.notifications.models import Channel, Delivery, EmailState, Notification
from mostra.notifications.services.preferences import channels_for

#: How each channel is delivered by e-mail.
#: A member's channel (a string) -> how its e-mail goes.
DELIVERY: dict[str, Delivery] = {Channel.EMAIL: Delivery.NOW, Channel.DIGEST: Delivery.DIGEST}


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
    actor_id = getattr(actor, "pk", None)
    wanted = [u for u in dict.fromkeys(recipients) if u and u != actor_id]
    if not wanted:
        return []
    members = set(
        Membership.objects.filter(
            workspace_id=workspace_id, user_id__in=wanted, user__is_active=True
        ).values_list("user_id", flat=True)
    )
    wanted = [u for u in wanted if u in members]
    channels = channels_for(workspace_id, kind, wanted)
    emailing = bool(getattr(settings, "EMAIL_ENABLED", False))
    base = dict(params or {})
    if actor is not None:
        base.setdefault("actor", actor.name)
    if post is not None:
        base.setdefault("post", str(post))
    rows = [
        _made(
            workspace_id=workspace_id,
            recipient_id=user_id,
            kind=kind,
            actor=actor if actor_id else None,
            post=post,
            publication=publication,
            params=base,
            message=message,
            email=DELIVERY.get(channels[user_id], Delivery.NONE) if emailing else Delivery.NONE,
        )
        for user_id in wanted
        if channels[user_id] != Channel.OFF
    ]
    if not rows:
        return []
    with transaction.atomic():
        created = Notification.objects.bulk_create(rows)
        at_once = [n.pk for n in created if n.email == Delivery.NOW and n.pk]
        if at_once:
            from mostra.notifications import tasks

            transaction.on_commit(lambda: tasks.send_notification_emails.enqueue(at_once))
    return created
