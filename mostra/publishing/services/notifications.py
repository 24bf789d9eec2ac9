"""Telling people that a publication failed, or that its outcome is unknown.

Who: the post's author and the workspace's owners and managers (each once). Where: a
:class:`~mostra.publishing.models.Notification` in the app, and an e-mail when SMTP
is configured (``settings.EMAIL_ENABLED``), sent by a task so that a slow mail server
never delays a publication.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from mostra.core.models import Membership, Role
from mostra.core.models.workspace import in_active_workspace
from mostra.publishing.models import Notification, NotificationKind, Publication
from mostra.publishing.models import PublicationState as S
from mostra.strategy.catalogue import network_label

logger = logging.getLogger("mostra.publishing")


def recipients(publication: Publication) -> list[int]:
    """User ids: the post's author (still a member) and the owners and managers."""
    post = publication.variant.post
    members = Membership.objects.filter(workspace_id=post.workspace_id)
    managers = list(
        members.filter(role__in=[Role.OWNER, Role.MANAGER])
        .order_by("id")
        .values_list("user_id", flat=True)
    )
    ids = []
    if post.author_id and members.filter(user_id=post.author_id).exists():
        ids.append(post.author_id)
    return ids + [u for u in managers if u not in ids]


def publication_failed(publication: Publication) -> list[Notification]:
    """Notify the people concerned; e-mail them after the commit when SMTP is set."""
    kind = (
        NotificationKind.PUBLICATION_UNKNOWN
        if publication.state == S.UNKNOWN
        else NotificationKind.PUBLICATION_FAILED
    )
    post = publication.variant.post
    created = Notification.objects.bulk_create(
        Notification(
            workspace_id=post.workspace_id,
            recipient_id=user_id,
            kind=kind,
            post=post,
            publication=publication,
            message=publication.error_message,
        )
        for user_id in recipients(publication)
    )
    if getattr(settings, "EMAIL_ENABLED", False) and created:
        from mostra.publishing import tasks

        ids = [n.pk for n in created if n.pk]
        if not ids:  # backends that do not return ids from bulk inserts
            ids = list(
                Notification.objects.filter(publication=publication, emailed_at=None).values_list(
                    "pk", flat=True
                )
            )
        transaction.on_commit(lambda: tasks.email_notifications.enqueue(ids))
    return created


def email(notification_ids: list[int]) -> int:
    """E-mail each notification not yet e-mailed, in its recipient's language."""
    sent = 0
    rows = Notification.objects.filter(
        in_active_workspace(), pk__in=notification_ids, emailed_at=None
    ).select_related(
        "recipient", "workspace", "post", "publication__variant", "publication__account"
    )
    for notification in rows:
        user = notification.recipient
        if not user.email or not user.is_active:
            continue
        language = getattr(user, "language", "") or settings.LANGUAGE_CODE
        path = reverse("editorial:post", args=[notification.workspace.slug, notification.post_id])
        with translation.override(language):
            context = {
                "network": network_label(notification.publication.variant.network),
                "handle": notification.publication.account.handle,
                "notification": notification,
                "publication": notification.publication,
                "post": notification.post,
                "url": settings.CONFIG.base_url + path,
            }
            subject = render_to_string("publishing/email/publication_subject.txt", context)
            body = render_to_string("publishing/email/publication.txt", context)
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at=None).update(
            emailed_at=timezone.now()
        )
        if claimed != 1:
            continue
        send_mail(subject.strip(), body, settings.DEFAULT_FROM_EMAIL, [user.email])
        sent += 1
    logger.info("%s publication notices e-mailed", sent)
    return sent


def unread_count(user: object, workspace: object) -> int:
    return Notification.objects.for_member(user, workspace).unread().count()


def mark_read(user: object, workspace: object) -> int:
    rows = Notification.objects.for_member(user, workspace).unread()
    return rows.update(read_at=timezone.now())
