"""The notification centre's background work, run by ``mostra worker``'s side work."""

from __future__ import annotations

from django_tasks import task


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail these notifications now (each at most once: the claim sees to it)."""
    from mostra.notifications.services.emails import send_now

    return send_now(notification_ids)
