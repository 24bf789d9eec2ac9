"""Reading one's notifications and marking them read."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership
from mostra.notifications.models import Notification, NotificationQuerySet


def notifications_for(
    user: object, workspace: object, *, unread: bool = False
) -> NotificationQuerySet:
    """The member's notifications in the workspace, newest first, with what their text
    and links need (the post, the publication's account): one query for any number."""
    rows = Notification.objects.for_member(user, workspace)
    if unread:
        rows = rows.unread()
    return rows.select_related("post", "workspace").order_by("-created_at", "-id")


def unread_for(user: object, workspace: object, limit: int = 5) -> list[Notification]:
    """The member's latest unread notifications (for the home page), newest first."""
    return list(notifications_for(user, workspace, unread=True)[:limit])


def unread_count(user: object, workspace: object) -> int:
    """How many notifications the member has not read in the workspace (one query)."""
    return Notification.objects.for_member(user, workspace).unread().count()


def mark_read(membership: Membership, notification_id: int) -> Notification:
    """Mark one of the member's notifications read (already read: unchanged)."""
    with transaction.atomic():
        notification = (
            Notification.objects.for_member(membership.user, membership.workspace)
            .filter(pk=notification_id)
            .first()
        )
        if notification is None:
            raise DomainError(_("This notification does not exist, or is not yours."))
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
            audit.record(
                AuditAction.UPDATE,
                actor=membership.user,
                workspace=membership.workspace,
                obj=notification,
                changes={"read": [False, True]},
            )
    return notification


def mark_some_read(membership: Membership, ids: list[int]) -> int | None:
    """Mark these notifications of the member read; how many were unread, or None (and
    nothing marked) when one of them is not the member's in this workspace."""
    wanted = set(ids)
    with transaction.atomic():
        mine = Notification.objects.for_member(membership.user, membership.workspace).filter(
            pk__in=wanted
        )
        if mine.count() != len(wanted):
            return None
        count = mine.unread().update(read_at=timezone.now())
        if count:
            audit.record(
                AuditAction.UPDATE,
                actor=membership.user,
                workspace=membership.workspace,
                label=_("Notifications marked as read"),
                changes={"read": count},
            )
    return count


def mark_all_read(membership: Membership) -> int:
    """Mark all the member's unread notifications in the workspace read; how many."""
    with transaction.atomic():
        count = (
            Notification.objects.for_member(membership.user, membership.workspace)
            .unread()
            .update(read_at=timezone.now())
        )
        if count:
            audit.record(
                AuditAction.UPDATE,
                actor=membership.user,
                workspace=membership.workspace,
                label=_("Notifications marked as read"),
                changes={"read": count},
            )
    return count
