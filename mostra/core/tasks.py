"""Background work of the core app, run by `mostra worker`."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from mostra.core.models import Invitation

logger = logging.getLogger("mostra.core")


@task()
def send_invitation_email(invitation_id: int, url: str, language: str = "fr") -> bool:
    """E-mail an invitation link. Safe to run twice: a sent invitation is not re-sent."""
    invitation = (
        Invitation.objects.select_related("workspace", "created_by")
        .filter(pk=invitation_id)
        .first()
    )
    if (
        invitation is None
        or not invitation.email
        or invitation.emailed_at
        or not invitation.is_pending
    ):
        return False
    with translation.override(language):
        context = {"invitation": invitation, "url": url, "inviter": invitation.created_by}
        subject = render_to_string("core/email/invitation_subject.txt", context).strip()
        text = render_to_string("core/email/invitation.txt", context)
        html = render_to_string("core/email/invitation.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    message.attach_alternative(html, "text/html")
    message.send()
    Invitation.objects.filter(pk=invitation.pk).update(emailed_at=timezone.now())
    logger.info("invitation %s e-mailed", invitation.pk)
    return True
