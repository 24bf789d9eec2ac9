"""Sign-in limits: how many failures lock an account or an address out, and for how long.

django-axes records the failures (its ``AccessAttempt`` rows: one per account, address
and browser, with a count and the time of the last failure) and refuses a sign-in while
a limit is reached; :class:`SignInLimits` holds mostra's rules:

1. ``MOSTRA_LOGIN_FAILURES`` (5) wrong passwords for one account from one address lock
   that account out, from that address;
2. ``MOSTRA_LOGIN_ADDRESS_FAILURES`` (20) wrong passwords from one address, whatever the
   accounts, lock that address out of every account (0 turns this rule off);
3. as many wrong API tokens (:data:`API_TOKENS`), refused invitation links
   (:data:`INVITATIONS`) or password reset requests (:data:`PASSWORD_RESETS`, each one
   counted: each may send an e-mail), from one address are answered "too many failed
   attempts", each counted apart from the passwords: a script with a revoked token does
   not lock its colleagues out of the sign-in page.

A failure counts while the next comes within ``MOSTRA_LOGIN_LOCKOUT_MINUTES`` (15, axes'
``AXES_COOLOFF_TIME``): after that long without one, the count starts again. A lock-out
lasts as long from the failure that reached the limit: the attempts made meanwhile are
refused without being counted, so that it ends on time. ``mostra users unlock`` ends it
sooner (:func:`unlock`). Lock-outs and releases are in the audit log.

The address is ``REMOTE_ADDR`` (:func:`mostra.core.views.base.client_ip`): behind a
reverse proxy that is the proxy's address, the same for everyone, so rule 2 would lock
everyone out at once: set ``MOSTRA_LOGIN_ADDRESS_FAILURES=0`` there.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext

from mostra.core import audit
from mostra.core.models import AuditAction

#: What the account column holds for a wrong API token: no e-mail address starts with @.
API_TOKENS = "@api-token"
#: What the account column holds for a refused invitation link.
INVITATIONS = "@invitation"
#: What the account column holds for a request of a password reset link.
PASSWORD_RESETS = "@password-reset"
CHANNELS = (API_TOKENS, INVITATIONS, PASSWORD_RESETS)


def account_of(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str | None:
    """The account a failure counts against: the e-mail as typed, trimmed and in lower case.

    Accounts' addresses are kept in lower case: ``Alice@…`` and ``alice@…`` are one account.
    """
    account = (credentials or {}).get("username")
    if account is None and request is not None:
        account = request.POST.get("username")
    account = str(account or "").strip().lower()
    return account or None


def _failures(attempts: QuerySet[AccessAttempt]) -> int:
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class SignInLimits(AxesDatabaseHandler):
    """django-axes' database handler with mostra's limits (see the module's docstring)."""

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """How many limits this account and address have reached: axes locks out from 1."""
        return len(reached_limits(request, get_client_username(request, credentials)))


def reached_limits(request: HttpRequest, account: str | None) -> list[str]:
    """The limits the request's address, and ``account`` from it, have reached.

    ``account``, ``address``, or the channel's name (``api-token``, ``invitation``,
    ``password-reset``).
    """
    recent = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address,  # type: ignore[attr-defined]
        attempt_time__gte=get_cool_off_threshold(request),
    )
    address_limit = settings.MOSTRA_LOGIN_ADDRESS_FAILURES
    if account in CHANNELS:
        reached = address_limit and _failures(recent.filter(username=account)) >= address_limit
        return [account.lstrip("@")] if reached else []
    limits = []
    if account and _failures(recent.filter(username=account)) >= settings.MOSTRA_LOGIN_FAILURES:
        limits.append("account")
    if address_limit and _failures(recent.exclude(username__in=CHANNELS)) >= address_limit:
        limits.append("address")
    return limits


class LockOutBackend(AxesStandaloneBackend):
    """First of the authentication backends: refuses a sign-in while it is locked out.

    A check without a request (a test client's ``login()``, a command) has no address to
    count: it goes on to the next backend rather than failing as axes' backend does.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def lockout_minutes() -> int:
    cool_off = get_cool_off()
    return int(cool_off.total_seconds() // 60) if cool_off else 0


def lockout_message() -> str:
    minutes = lockout_minutes()
    return ngettext(
        "Too many failed attempts: try again in %(minutes)d minute, or ask an administrator "
        "to unlock your account.",
        "Too many failed attempts: try again in %(minutes)d minutes, or ask an administrator "
        "to unlock your account.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """The sign-in page again, saying why and until when (``AXES_LOCKOUT_CALLABLE``).

    Only the sign-in page is answered here: the API and the invitation links, which
    count their failures with :func:`record_failure`, have answered already.
    """
    match = getattr(request, "resolver_match", None)
    if original_response is not None and (match is None or match.view_name != "core:login"):
        return original_response
    from mostra.core.forms import LoginForm

    form = LoginForm(request, initial={"username": account_of(request, credentials) or ""})
    context = {"form": form, "locked_out": lockout_message(), "next": request.POST.get("next", "")}
    return render(request, "core/login.html", context, status=429)


def is_locked_out(request: HttpRequest, channel: str) -> bool:
    """Whether the request's address has reached the limit of ``channel``."""
    if not settings.AXES_ENABLED:
        return False
    return not AxesProxyHandler.is_allowed(request, {"username": channel})


def record_failure(request: HttpRequest, channel: str) -> None:
    """Count a failure of ``channel`` (a wrong token, a refused link, a reset asked) against
    the address."""
    AxesProxyHandler.user_login_failed(
        sender=__name__, credentials={"username": channel}, request=request
    )


def unlock(account: str = "", address: str = "") -> int:
    """Forget the failures of an account, of an address, or of that account from that address.

    Returns how many records were deleted; a release that deleted any is audited.
    """
    account = account.strip().lower()
    address = address.strip()
    if not account and not address:
        raise ValueError("unlock() needs an account or an address")
    count = AxesProxyHandler.reset_attempts(username=account or None, ip_address=address or None)
    if count:
        audit.record(
            AuditAction.UNLOCKED,
            label=account or address,
            changes={"account": account, "address": address, "records": count},
        )
    return count


@receiver(user_locked_out)
def on_locked_out(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str | None, **kwargs: Any
) -> None:
    """A new lock-out goes to the audit log, once (not for each attempt refused during it),
    with the limits reached: ``account``, ``address``, or a channel's name (``api-token``…)."""
    if getattr(request, "axes_failures_since_start", None) is None:
        return  # Refused while already locked out: axes counted nothing.
    account = "" if username in CHANNELS else (username or "")
    audit.record(
        AuditAction.LOCKED_OUT,
        label=account or ip_address or "",
        changes={
            "limits": reached_limits(request, username),
            "account": account,
            "address": ip_address or "",
        },
        ip_address=ip_address,
    )
