"""Passwords: changed by their owner, reset through an e-mailed link, or by the administrator.

Changing one (:func:`change_password`) takes the current password and a new one that
passes Django's validators (``AUTH_PASSWORD_VALIDATORS``). The sessions of the person's
other devices end with it: Django signs each session with the password's hash, and a
session whose signature no longer matches is logged out on its next request (the view
keeps the current one with ``update_session_auth_hash``). The person's API tokens are
revoked with every new password (changed, reset or set by the administrator): a token
made by whoever knew the old one must not outlive it.

A forgotten password is reset with a link (:func:`request_reset`), when e-mail is set up:

1. the request answers the same whether an account uses the address or not, and is
   limited as signing in is (:mod:`mostra.core.sign_in_limits`): per address by the view,
   and per account here (:data:`~django.conf.settings.MOSTRA_LOGIN_FAILURES` links every
   ``MOSTRA_LOGIN_LOCKOUT_MINUTES``, counted in the audit log);
2. the worker writes the e-mail (:func:`mostra.core.tasks.send_password_reset_email`): the
   task carries the person's id, never the link, which the worker makes when it sends;
3. the link is Django's :class:`~django.contrib.auth.tokens.PasswordResetTokenGenerator`'s:
   signed with the secret key, valid for ``PASSWORD_RESET_TIMEOUT`` (an hour), and
   made of the password's hash and the last sign-in, so it stops working once used
   (the password changed) or once the person signs in;
4. :func:`reset_password` sets the new password and ends the account's sign-in lock-out.
   It does not sign the person in: they sign in with the new password, and the code of
   their authenticator app when they use two-factor authentication.

Without e-mail, the administrator sets a new password (``mostra createuser EMAIL
--reset-password``, :func:`set_by_administrator`). Every change is in the audit log.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.models import ApiToken, AuditAction, AuditEvent, User

logger = logging.getLogger("mostra.core")


def email_enabled() -> bool:
    """Whether mostra can send e-mail (``MOSTRA_SMTP_URL`` is set): reset links need it."""
    return bool(getattr(settings, "EMAIL_ENABLED", False))


def link_hours() -> int:
    """How long a reset link works, in whole hours (at least one)."""
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)


def check_new_password(user: Any, password: str, field: str = "new_password") -> None:
    """Refuse a password Django's validators refuse, with their reasons."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field=field) from None


def _set(user: Any, password: str) -> dict[str, int]:
    """Set the password and revoke the person's API tokens (a token made by whoever
    knew the old password must not outlive it); the audit's changes (how many)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    revoked, _by_model = ApiToken.objects.filter(user=user).delete()
    return {"api_tokens_revoked": revoked} if revoked else {}


@transaction.atomic
def change_password(user: Any, current: str, new: str, *, ip_address: str | None = None) -> int:
    """Change ``user``'s password, given the current one; the other sessions end and
    their API tokens are revoked. Returns how many tokens were."""
    if not user.check_password(current):
        raise DomainError(
            _("This is not your current password: type the one you sign in with."),
            field="current_password",
        )
    if new == current:
        raise DomainError(
            _("The new password is the current one: choose another."), field="new_password"
        )
    check_new_password(user, new)
    revoked = _set(user, new)
    audit.record(
        AuditAction.PASSWORD_CHANGED, actor=user, obj=user, changes=revoked, ip_address=ip_address
    )
    return revoked.get("api_tokens_revoked", 0)


# --- Reset by e-mail ---------------------------------------------------------------------


def _recent_requests(user: Any) -> int:
    since = timezone.now() - dt.timedelta(minutes=settings.CONFIG.login_lockout_minutes)
    return AuditEvent.objects.filter(
        action=AuditAction.PASSWORD_RESET_REQUESTED,
        object_type="user",
        object_id=str(user.pk),
        created_at__gte=since,
    ).count()


def request_reset(
    email: str, *, base_url: str, language: str = "", ip_address: str | None = None
) -> bool:
    """Queue a reset link for the account of ``email``; whether one was queued.

    Nothing is queued, and nothing tells the person asking, when e-mail is not set up,
    when no active account uses the address, or when the account was sent
    ``MOSTRA_LOGIN_FAILURES`` links in the last ``MOSTRA_LOGIN_LOCKOUT_MINUTES``: the
    page answers the same in every case. The task carries the account's id, the site's
    address, the language and the time asked; the worker makes the link.
    """
    if not email_enabled():
        return False
    address = email.strip().lower()
    user = User.objects.filter(email__iexact=address, is_active=True).first()
    if user is None or not user.has_usable_password():
        return False
    if _recent_requests(user) >= settings.MOSTRA_LOGIN_FAILURES:
        logger.info("password reset for user %s not sent: too many links asked", user.pk)
        return False
    from mostra.core.tasks import send_password_reset_email

    audit.record(
        AuditAction.PASSWORD_RESET_REQUESTED, obj=user, label=user.email, ip_address=ip_address
    )
    lang = user.language or language or "fr"
    asked = timezone.now().isoformat()
    transaction.on_commit(lambda: send_password_reset_email.enqueue(user.pk, base_url, lang, asked))
    return True


def reset_url(user: Any, base_url: str) -> str:
    """A new reset link for ``user``, under ``base_url`` (made by the worker, not stored)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("core:password_reset_link", args=[uid, token])
    return base_url.rstrip("/") + path


def user_of_link(uid: str, token: str) -> Any:
    """The person a reset link was made for, or :class:`DomainError` saying what to do."""
    try:
        pk = int(urlsafe_base64_decode(uid).decode())
    except (ValueError, TypeError, UnicodeDecodeError):
        pk = None
    user = User.objects.filter(pk=pk, is_active=True).first() if pk else None
    if user is None or not default_token_generator.check_token(user, token):
        raise DomainError(
            _(
                "This link no longer works: it was used already, it is more than %(hours)d "
                "hour old, or you signed in since. Ask for a new one."
            )
            % {"hours": link_hours()}
        )
    return user


@transaction.atomic
def reset_password(user: Any, new: str, *, ip_address: str | None = None) -> None:
    """Set the new password of a reset link's owner; their sign-in lock-out ends.

    The link stops working (the password's hash it was made of changed), and so do the
    person's sessions. Nobody is signed in here.
    """
    from mostra.core import sign_in_limits

    check_new_password(user, new)
    revoked = _set(user, new)
    audit.record(
        AuditAction.PASSWORD_RESET, actor=user, obj=user, changes=revoked, ip_address=ip_address
    )
    sign_in_limits.unlock(account=user.email)


@transaction.atomic
def set_by_administrator(user: Any, new: str) -> None:
    """The administrator's new password for ``user`` (``mostra createuser --reset-password``)."""
    check_new_password(user, new, field="password")
    revoked = _set(user, new)
    audit.record(AuditAction.PASSWORD_SET_BY_ADMIN, obj=user, label=user.email, changes=revoked)
