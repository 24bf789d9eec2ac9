"""The notification centre's services: making notifications (:mod:`.sending`), reading
and marking them (:mod:`.inbox`), each person's choices (:mod:`.preferences`) and the
e-mails (:mod:`.emails`).

For other pages (the home page): :func:`unread_for` and :func:`unread_count`.
"""

from mostra.notifications.services.inbox import (
    mark_all_read,
    mark_read,
    notifications_for,
    unread_count,
    unread_for,
)
from mostra.notifications.services.sending import notify

__all__ = [
    "mark_all_read",
    "mark_read",
    "notifications_for",
    "notify",
    "unread_count",
    "unread_for",
]
