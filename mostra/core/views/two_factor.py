"""Two-factor authentication pages: turning it on and off, the recovery codes, the code
asked after the password, and a workspace's requirement.

No page here runs a script: the QR code is an inline SVG made on the server, and the
recovery codes download as a file from a plain form.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from mostra.core.errors import DomainError
from mostra.core.forms import AppCodeForm, TwoFactorCodeForm, TwoFactorOffForm
from mostra.core.models import Membership, RecoveryCodeSet
from mostra.core.permissions import Perm
from mostra.core.services import two_factor
from mostra.core.views.base import client_ip, workspace_view

#: The session key of a sign-in whose password was right and whose code is awaited.
PENDING = "mostra_two_factor_pending"
#: How long the code may wait after the password, in seconds.
PENDING_SECONDS = 5 * 60
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def next_url(request: HttpRequest, default: str = "") -> str:
    """The ``next`` of the query or the form when it stays on this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _no_store(response: HttpResponse) -> HttpResponse:
    """Codes and secrets stay out of caches, and out of the browser's history of pages."""
    response["Cache-Control"] = "no-store"
    return response


# --- The code after the password ---------------------------------------------------------


def await_code(request: HttpRequest, user: Any, redirect_to: str) -> HttpResponse:
    """The password was right and ``user`` has two-factor authentication: ask for the code.

    The user is not logged in yet: the session only remembers who typed the password, for
    :data:`PENDING_SECONDS`.
    """
    request.session[PENDING] = {
        "user": user.pk,
        "backend": getattr(user, "backend", ""),
        "at": time.time(),
        "next": redirect_to,
    }
    return redirect("core:login_code")


def _pending_user(request: HttpRequest) -> tuple[Any, dict[str, Any]] | None:
    pending = request.session.get(PENDING)
    if not pending:
        return None
    if time.time() - pending.get("at", 0) > PENDING_SECONDS:
        del request.session[PENDING]
        return None
    user = get_user_model().objects.filter(pk=pending.get("user"), is_active=True).first()
    return (user, pending) if user is not None else None


def login_code(request: HttpRequest) -> HttpResponse:
    """The second step of signing in; also a signed-in person's code for a workspace.

    A workspace that requires two-factor authentication asks it of a session that has not
    given a code (one opened before it was turned on).
    """
    started = PENDING in request.session
    found = _pending_user(request)
    if found is not None:
        user, pending = found
        redirect_to = pending.get("next") or reverse("core:home")
    elif request.user.is_authenticated and two_factor.is_on(request.user):
        user, pending = request.user, None
        redirect_to = next_url(request, reverse("core:home"))
    else:
        if started:
            messages.info(request, _("The sign-in took too long: type your password again."))
        return redirect("core:login")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.verify(user, form.cleaned_data["code"])
        except DomainError as exc:
            form.add_error("code", exc.message)
        else:
            if pending is not None:
                del request.session[PENDING]
                login(request, user, backend=pending.get("backend") or MODEL_BACKEND)
            otp_login(request, device)
            if isinstance(device, RecoveryCodeSet):
                left = two_factor.recovery_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code: %(count)d is left. Make new ones on your "
                        "two-factor authentication page.",
                        "You used a recovery code: %(count)d are left. Make new ones on your "
                        "two-factor authentication page when few are left.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(redirect_to)
    context = {"form": form, "next": redirect_to if pending is None else ""}
    return render(request, "core/login_code.html", context, status=400 if form.errors else 200)


# --- Turning it on and off, the recovery codes ---------------------------------------------


def _recovery_codes_page(request: HttpRequest, codes: list[str], redirect_to: str) -> HttpResponse:
    shown = [f"{code[:4]}-{code[4:]}" for code in codes]
    context = {"codes": shown, "next": redirect_to}
    return _no_store(render(request, "core/recovery_codes.html", context))


def _page(request: HttpRequest, status: int = 200, **forms: Any) -> HttpResponse:
    """The two-factor page: the setup while it is off, the codes and the way out once on."""
    user = request.user
    context: dict[str, Any] = {"next": next_url(request), "required_by": None}
    if two_factor.is_on(user):
        context.update(
            is_on=True,
            codes_left=two_factor.recovery_codes_left(user),
            codes_form=forms.get("codes_form") or TwoFactorCodeForm(prefix="codes"),
            off_form=forms.get("off_form") or TwoFactorOffForm(prefix="off"),
        )
    else:
        device = two_factor.pending_app(user)
        context.update(
            is_on=False,
            qr_code=mark_safe(two_factor.qr_code_svg(device)),  # noqa: S308 - segno's SVG
            secret=two_factor.secret_text(device),
            form=forms.get("form") or AppCodeForm(),
            required_by=two_factor.required_by_a_workspace(user),
        )
    return _no_store(render(request, "core/two_factor.html", context, status=status))


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """The page, and the confirmation of a new app with its first code."""
    if request.method != "POST" or two_factor.is_on(request.user):
        return _page(request)
    form = AppCodeForm(request.POST)
    if form.is_valid():
        try:
            device, codes = two_factor.turn_on(
                request.user, form.cleaned_data["code"], ip_address=client_ip(request)
            )
        except DomainError as exc:
            form.add_error("code", exc.message)
        else:
            otp_login(request, device)
            return _recovery_codes_page(request, codes, next_url(request))
    return _page(request, status=400, form=form)


@login_required
@require_POST
def new_codes(request: HttpRequest) -> HttpResponse:
    form = TwoFactorCodeForm(request.POST, prefix="codes")
    if form.is_valid():
        try:
            codes = two_factor.new_recovery_codes(
                request.user, form.cleaned_data["code"], ip_address=client_ip(request)
            )
        except DomainError as exc:
            form.add_error("code", exc.message)
        else:
            return _recovery_codes_page(request, codes, "")
    return _page(request, status=400, codes_form=form)


@login_required
@require_POST
def download_codes(request: HttpRequest) -> HttpResponse:
    """The codes just shown, as a text file: the page posts them back (nothing is kept)."""
    codes = [two_factor.normalise(code) for code in request.POST.getlist("code")]
    codes = [c for c in codes if two_factor.RECOVERY_CODE.fullmatch(c)][: two_factor.RECOVERY_CODES]
    lines = [
        _("mostra: recovery codes of %(email)s") % {"email": request.user.email},
        _("Each code works once, when your authenticator app is not at hand."),
        "",
        *(f"{code[:4]}-{code[4:]}" for code in codes),
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mostra-recovery-codes.txt"'
    return _no_store(response)


@login_required
@require_POST
def turn_off(request: HttpRequest) -> HttpResponse:
    form = TwoFactorOffForm(request.POST, prefix="off")
    if form.is_valid():
        data = form.cleaned_data
        try:
            two_factor.turn_off(
                request.user, data["password"], data["code"], ip_address=client_ip(request)
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request, _("Two-factor authentication is off: your password alone signs you in.")
            )
            return redirect("core:profile")
    return _page(request, status=400, off_form=form)


# --- A workspace's requirement --------------------------------------------------------------


@workspace_view(Perm.REQUIRE_TWO_FACTOR)
@require_POST
def require(request: HttpRequest, membership: Membership) -> HttpResponse:
    required = request.POST.get("require_two_factor") == "on"
    try:
        two_factor.set_requirement(membership, required)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if required:
            messages.success(
                request,
                _("Members now need two-factor authentication to open this workspace."),
            )
        else:
            messages.success(
                request, _("Members no longer need two-factor authentication to open it.")
            )
    return redirect(reverse("core:settings", args=[membership.workspace.slug]) + "#two-factor")
