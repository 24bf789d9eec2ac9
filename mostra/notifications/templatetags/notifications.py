"""The bell of the top bar, and a notification's words for other pages (the home page)."""

from __future__ import annotations

from django import template

from mostra.notifications import texts
from mostra.notifications.models import Notification

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: template.Context) -> int:
    """How many notifications the current member has not read in this workspace."""
    from mostra.notifications.services import unread_count

    membership = getattr(context.get("request"), "membership", None)
    if membership is None:
        return 0
    return unread_count(membership.user_id, membership.workspace_id)


@register.filter
def notification_text(notification: Notification) -> str:
    """``{{ n|notification_text }}``: the notification's sentence, in the page's language."""
    return texts.text(notification)
