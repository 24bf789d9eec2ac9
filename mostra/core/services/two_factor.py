"""Two-factor authentication: after the password, a code from an authenticator app.

A person turns it on from their profile: mostra makes a secret (an
:class:`~mostra.core.models.AuthenticatorApp`, unconfirmed), shows it as a QR code, and
confirms it once they type a code their app computes from it. They then get
:data:`RECOVERY_CODES` one-time recovery codes (a :class:`~mostra.core.models.RecoveryCodeSet`),
for the day the phone is lost; each works once, and new ones replace all the old. Turning
it off takes the password and a code. The secret is stored encrypted and the recovery
codes as hashes (:mod:`mostra.core.models.two_factor`).

Wrong codes wait longer and longer (django-otp's throttling: 1 s, 2 s, 4 s… after each
failure in a row, per device), which makes guessing a code hopeless.

A workspace may require it of its members (:func:`set_requirement`, owners only): a
member without it is sent to turn it on before opening that workspace, and only that
one (:func:`workspace_refusal`).
"""

from __future__ import annotations

import base64
import math
import re
import secrets
from typing import Any

import segno
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.models import Device

from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.models import (
    AuditAction,
    AuthenticatorApp,
    Membership,
    RecoveryCode,
    RecoveryCodeSet,
    Workspace,
)
from mostra.core.models.two_factor import hash_recovery_codes, normalise
from mostra.core.permissions import Perm, has_perm

#: How many recovery codes a person gets at a time.
RECOVERY_CODES = 10
#: A code from an authenticator app: six digits (spaces allowed, as apps show "123 456").
APP_CODE = re.compile(r"\d{6}")
#: A recovery code: eight letters and digits of base32 (dashes and spaces ignored).
RECOVERY_CODE = re.compile(r"[a-z2-7]{8}")


def is_on(user: Any) -> bool:
    """Whether the person signs in with a code: they have a confirmed authenticator app."""
    if not getattr(user, "is_authenticated", False):
        return False
    return AuthenticatorApp.objects.filter(user=user, confirmed=True).exists()


def pending_app(user: Any) -> AuthenticatorApp:
    """The secret being set up: the same one until confirmed, so that a reload keeps the QR.

    One that no configured key decrypts any more is replaced: it could not be checked.
    """
    device = AuthenticatorApp.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is not None and not device.readable:
        device.delete()
        device = None
    if device is None:
        device = AuthenticatorApp.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def qr_code_svg(device: AuthenticatorApp) -> str:
    """The device's ``otpauth://`` address as an inline SVG QR code (no script, no request)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", title=_("QR code to scan with your authenticator app")
    )


def secret_text(device: AuthenticatorApp) -> str:
    """The secret in base32 by groups of four, for an app that cannot scan."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _wait_message(device: Device) -> str | None:
    """Why the device refuses to check a code now (too many wrong ones), or None."""
    allowed, data = device.verify_is_allowed()
    if allowed or not data or "locked_until" not in data:
        return None if allowed else _("This code cannot be checked now: try again in a minute.")
    seconds = max(1, math.ceil((data["locked_until"] - timezone.now()).total_seconds()))
    if seconds <= 90:
        return ngettext(
            "Too many wrong codes: wait %(count)d second, then try again.",
            "Too many wrong codes: wait %(count)d seconds, then try again.",
            seconds,
        ) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext(
        "Too many wrong codes: wait %(count)d minute, then try again.",
        "Too many wrong codes: wait %(count)d minutes, then try again.",
        minutes,
    ) % {"count": minutes}


def _check(device: Device | None, code: str, wrong: str) -> Device:
    """``device`` when it accepts ``code``; else a DomainError: ``wrong``, or how long to wait.

    The check commits on its own, before anything else: a wrong code must stay counted
    (django-otp's wait) even though the DomainError rolls back what the caller did.
    """
    if device is None:
        raise DomainError(wrong, field="code")
    with transaction.atomic():
        device = type(device).objects.select_for_update().get(pk=device.pk)
        wait = _wait_message(device)
        accepted = wait is None and device.verify_token(code)
    if wait:
        raise DomainError(wait, field="code")
    if not accepted:
        raise DomainError(wrong, field="code")
    return device


def verify(user: Any, code: str) -> Device:
    """The device that accepts ``code``: the app's six digits, or a recovery code (used up).

    Raises DomainError when the code is wrong, or while wrong codes make it wait; and when
    the app's secret cannot be decrypted any more (a key lost), saying what to do instead.
    """
    code = normalise(code)
    if APP_CODE.fullmatch(code):
        device = AuthenticatorApp.objects.filter(user=user, confirmed=True).first()
        if device is not None and not device.readable:
            raise DomainError(
                _(
                    "Your authenticator app cannot be checked: its secret was encrypted with "
                    "a key this mostra no longer has. Type one of your recovery codes instead, "
                    "or ask an administrator to turn two-factor authentication off for you "
                    "(mostra users disable-2fa)."
                ),
                field="code",
            )
    elif RECOVERY_CODE.fullmatch(code):
        device = RecoveryCodeSet.objects.filter(user=user, confirmed=True).first()
    else:
        raise DomainError(
            _("Type the six digits your app shows, or one of your recovery codes."), field="code"
        )
    wrong = _(
        "This code is not right: type the code your app shows now, or one of your recovery codes."
    )
    return _check(device, code, wrong)


def _new_recovery_codes() -> tuple[list[str], list[str]]:
    """:data:`RECOVERY_CODES` new codes, to show this once, and their hashes, to keep.

    Hashing takes about a second: call it before a transaction, not inside.
    """
    codes = [new_recovery_code() for _ in range(RECOVERY_CODES)]
    return codes, hash_recovery_codes(codes)


def _replace_recovery_codes(user: Any, hashes: list[str]) -> None:
    """The person's recovery codes are now these (by their hashes); the old ones are gone."""
    RecoveryCodeSet.objects.filter(user=user).delete()
    device = RecoveryCodeSet.objects.create(user=user, name="recovery codes", confirmed=True)
    device.keep(hashes)


def new_recovery_code() -> str:
    """Eight letters and digits of base32 (40 random bits), as :data:`RECOVERY_CODE`."""
    return base64.b32encode(secrets.token_bytes(5)).decode().lower()


def turn_on(
    user: Any, code: str, *, ip_address: str | None = None
) -> tuple[AuthenticatorApp, list[str]]:
    """Confirm the pending app with a code it computed; returns it and the recovery codes."""
    if is_on(user):
        raise DomainError(_("Two-factor authentication is already on."))
    code = normalise(code)
    if not APP_CODE.fullmatch(code):
        raise DomainError(_("Type the six digits your app shows."), field="code")
    pending = AuthenticatorApp.objects.filter(user=user, confirmed=False).order_by("pk").first()
    wrong = _(
        "This code is not right: check that the app shows mostra and your e-mail address, "
        "and that the phone's clock is on time, then type the code it shows now."
    )
    device = _check(pending, code, wrong)
    codes, hashes = _new_recovery_codes()
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        AuthenticatorApp.objects.filter(user=user, confirmed=False).delete()
        _replace_recovery_codes(user, hashes)
        audit.record(AuditAction.TWO_FACTOR_ON, actor=user, obj=user, ip_address=ip_address)
    return device, codes


def new_recovery_codes(user: Any, code: str, *, ip_address: str | None = None) -> list[str]:
    """New recovery codes in place of the old ones, for a current code (app or recovery)."""
    if not is_on(user):
        raise DomainError(_("Turn on two-factor authentication first."))
    verify(user, code)
    codes, hashes = _new_recovery_codes()
    with transaction.atomic():
        _replace_recovery_codes(user, hashes)
        audit.record(AuditAction.RECOVERY_CODES, actor=user, obj=user, ip_address=ip_address)
    return codes


def turn_off(user: Any, password: str, code: str, *, ip_address: str | None = None) -> None:
    """Turn it off, with a current code (app or recovery) and the password.

    The code is checked first: trying passwords here takes a new code each time.
    """
    if not is_on(user):
        raise DomainError(_("Two-factor authentication is already off."))
    verify(user, code)
    if not user.check_password(password or ""):
        raise DomainError(
            _("This is not your password: type it again, with a new code."), field="password"
        )
    with transaction.atomic():
        _remove_devices(user)
        audit.record(AuditAction.TWO_FACTOR_OFF, actor=user, obj=user, ip_address=ip_address)


def _remove_devices(user: Any) -> bool:
    """Delete the person's app and recovery codes; whether there were any."""
    apps, _n = AuthenticatorApp.objects.filter(user=user).delete()
    codes, _n = RecoveryCodeSet.objects.filter(user=user).delete()
    return bool(apps or codes)


@transaction.atomic
def turn_off_for(user: Any) -> bool:
    """An administrator's way out for a person who lost their phone and their recovery codes
    (``mostra users disable-2fa``): their password alone signs them in again.

    Returns False when it was off already.
    """
    if not _remove_devices(user):
        return False
    audit.record(AuditAction.TWO_FACTOR_OFF, obj=user, label=user.email)
    return True


def recovery_codes_left(user: Any) -> int:
    return RecoveryCode.objects.filter(code_set__user=user, code_set__confirmed=True).count()


# --- Workspaces that require it ---------------------------------------------------------


@transaction.atomic
def set_requirement(actor: Membership, required: bool) -> Workspace:
    """Require two-factor authentication of the workspace's members, or stop; owners only."""
    if not has_perm(actor, Perm.REQUIRE_TWO_FACTOR):
        raise DomainError(
            _("Only an owner can choose whether members need two-factor authentication.")
        )
    workspace = Workspace.objects.select_for_update().get(pk=actor.workspace_id)
    if workspace.require_two_factor == required:
        return workspace
    if required and not is_on(actor.user):
        raise DomainError(
            _(
                "Turn on two-factor authentication for yourself first (your profile page): "
                "you would be sent there at once otherwise."
            )
        )
    workspace.require_two_factor = required
    workspace.save(update_fields=["require_two_factor"])
    audit.record(
        AuditAction.UPDATE,
        actor=actor.user,
        workspace=workspace,
        obj=workspace,
        changes={"require_two_factor": [not required, required]},
    )
    return workspace


def is_verified(user: Any) -> bool:
    """Whether this session proved a code (django-otp's middleware sets ``is_verified``)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def workspace_refusal(user: Any, workspace: Workspace) -> str | None:
    """None when ``user``'s session may open ``workspace``; else what to do first.

    A workspace that requires two-factor authentication opens to a session that proved a
    code; a member without it is sent to turn it on.
    """
    if not workspace.require_two_factor or is_verified(user):
        return None
    if is_on(user):
        return _("%(workspace)s requires two-factor authentication: type your code to open it.") % {
            "workspace": workspace.name
        }
    return _("%(workspace)s requires two-factor authentication: turn it on to open it.") % {
        "workspace": workspace.name
    }


def required_by_a_workspace(user: Any) -> Workspace | None:
    """A workspace of ``user`` that requires two-factor authentication, if any."""
    return Workspace.objects.filter(memberships__user=user, require_two_factor=True).first()
