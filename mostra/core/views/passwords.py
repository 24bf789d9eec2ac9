"""Password pages: the change on the profile, the forgotten password and its link.

The rules are :mod:`mostra.core.services.passwords`'s. The reset link's token leaves the
address bar as soon as it is opened, as Django's own view does: it waits in the session
while the new password is typed, under an address ending in ``set/``, so that it is not
left in the browser's history nor sent as a referrer.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mostra.core import sign_in_limits
from mostra.core.errors import DomainError
from mostra.core.forms_passwords import (
    NewPasswordForm,
    PasswordChangeForm,
    PasswordResetRequestForm,
)
from mostra.core.services import passwords
from mostra.core.services.invitations import site_url
from mostra.core.views.base import client_ip

#: The session key holding a reset link's token while the new password is typed.
RESET_TOKEN = "mostra_password_reset_token"
#: What replaces the token in the address once it is in the session.
SET = "set"


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def change_password(request: HttpRequest) -> HttpResponse:
    """The profile's form: the current password and the new one twice."""
    from mostra.core.views.accounts import profile_page

    form = PasswordChangeForm(request.POST, prefix="password")
    if form.is_valid():
        data = form.cleaned_data
        try:
            revoked = passwords.change_password(
                request.user,
                data["current_password"],
                data["new_password"],
                ip_address=client_ip(request),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(
                request,
                _(
                    "Your password is changed. Your other devices are signed out: sign in there "
                    "with the new one."
                ),
            )
            if revoked:
                messages.warning(
                    request,
                    ngettext(
                        "Your API token is revoked with the old password: make a new one "
                        "for the programs that used it.",
                        "Your %(n)d API tokens are revoked with the old password: make new "
                        "ones for the programs that used them.",
                        revoked,
                    )
                    % {"n": revoked},
                )
            return redirect(reverse("core:profile") + "#password")
    return profile_page(request, status=400, password_form=form)


def forgot_password(request: HttpRequest) -> HttpResponse:
    """Ask for a link by e-mail; without e-mail, the page says to ask the administrator.

    The answer is the same whether an account uses the address or not. Each request
    counts against the address as a wrong password does (the address limit of
    :mod:`mostra.core.sign_in_limits`): past it, the page says to wait.
    """
    if not passwords.email_enabled():
        return render(request, "core/password_reset.html", {"email_enabled": False})
    form = PasswordResetRequestForm(request.POST or None)
    context = {"email_enabled": True, "form": form}
    if request.method != "POST":
        return render(request, "core/password_reset.html", context)
    if sign_in_limits.is_locked_out(request, sign_in_limits.PASSWORD_RESETS):
        context["locked_out"] = sign_in_limits.lockout_message()
        return render(request, "core/password_reset.html", context, status=429)
    sign_in_limits.record_failure(request, sign_in_limits.PASSWORD_RESETS)
    if not form.is_valid():
        return render(request, "core/password_reset.html", context, status=400)
    passwords.request_reset(
        form.cleaned_data["email"],
        base_url=site_url(request),
        language=translation.get_language() or "",
        ip_address=client_ip(request),
    )
    return redirect("core:password_reset_sent")


def reset_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "core/password_reset_sent.html", {"hours": passwords.link_hours()})


def reset_link(request: HttpRequest, uid: str, token: str) -> HttpResponse:
    """The e-mailed link: the token goes to the session, then the new password is asked."""
    if token != SET:
        request.session[RESET_TOKEN] = token
        return redirect("core:password_reset_link", uid=uid, token=SET)
    try:
        user = passwords.user_of_link(uid, request.session.get(RESET_TOKEN, ""))
    except DomainError as exc:
        context = {"error": exc.message}
        return _no_store(render(request, "core/password_reset_new.html", context, status=410))
    form = NewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            passwords.reset_password(
                user, form.cleaned_data["new_password"], ip_address=client_ip(request)
            )
        except DomainError as exc:
            form.add_error("new_password", exc.message)
        else:
            request.session.pop(RESET_TOKEN, None)
            messages.success(request, _("Your new password is set: sign in with it."))
            return redirect("core:login")
    status = 400 if form.errors else 200
    context = {"form": form, "account": user.email}
    return _no_store(render(request, "core/password_reset_new.html", context, status=status))
