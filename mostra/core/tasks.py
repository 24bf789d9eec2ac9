"""Background work of the core app, run by `mostra worker`."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django_tasks import task

from mostra.core.crypto import SecretUnreadable, decrypt
from mostra.core.models import Invitation, User
from mostra.core.services.invitations import invitation_url

logger = logging.getLogger("mostra.core")


@task()
def send_invitation_email(invitation_id: int, base_url: str = "", language: str = "fr") -> bool:
    """E-mail an invitation link. Safe to run twice: a sent invitation is not re-sent.

    The task's arguments are stored in clear in the task table: they are the invitation's
    id and the site's address, never the link. The token is read from the invitation,
    where :func:`~mostra.core.services.invitations.create_invitation` left it encrypted,
    and emptied once the e-mail is sent.
    """
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
    if invitation.workspace.is_archived:
        logger.info("invitation %s not e-mailed: its workspace is archived", invitation.pk)
        return False
    if not invitation.token_to_email:
        logger.warning("invitation %s has no link waiting to be e-mailed", invitation.pk)
        return False
    try:
        url = invitation_url(decrypt(invitation.token_to_email), base_url or None)
    except SecretUnreadable:
        logger.warning(
            "invitation %s not e-mailed: its link was encrypted with a key that "
            "MOSTRA_ENCRYPTION_KEYS no longer holds; withdraw it and invite again",
            invitation.pk,
        )
        return False
    with translation.override(language):
        context = {"invitation": invitation, "url": url, "inviter": invitation.created_by}
        subject = render_to_string("core/email/invitation_subject.txt", context).strip()
        text = render_to_string("core/email/invitation.txt", context)
        html = render_to_string("core/email/invitation.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    message.attach_alternative(html, "text/html")
    message.send()
    Invitation.objects.filter(pk=invitation.pk).update(emailed_at=timezone.now(), token_to_email="")
    logger.info("invitation %s e-mailed", invitation.pk)
    return True


@task()
def send_password_reset_email(
    user_id: int, base_url: str = "", language: str = "fr", asked_at: str = ""
) -> bool:
    """E-mail a link to choose a new password (see :mod:`mostra.core.services.passwords`).

    The task's arguments are the person's id, the site's address, the language and when
    the link was asked, never the link: the worker makes it here, and it works for
    ``PASSWORD_RESET_TIMEOUT`` from now. A request older than that is not sent (the
    worker was stopped meanwhile: the person has asked again or given up), nor one for an
    account deactivated since.
    """
    from mostra.core.services import passwords

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return False
    asked = parse_datetime(asked_at) if asked_at else None
    if asked is not None and timezone.now() - asked > dt.timedelta(
        seconds=settings.PASSWORD_RESET_TIMEOUT
    ):
        logger.info("password reset for user %s not e-mailed: asked too long ago", user.pk)
        return False
    url = passwords.reset_url(user, base_url or settings.CONFIG.base_url)
    with translation.override(language):
        context = {"user": user, "url": url, "hours": passwords.link_hours()}
        subject = render_to_string("core/email/password_reset_subject.txt", context).strip()
        text = render_to_string("core/email/password_reset.txt", context)
        html = render_to_string("core/email/password_reset.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])
    message.attach_alternative(html, "text/html")
    message.send()
    logger.info("password reset link e-mailed to user %s", user.pk)
    return True
