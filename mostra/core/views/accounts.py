from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mostra.core import audit, sign_in_limits
from mostra.core.errors import DomainError
from mostra.core.forms import ApiTokenForm, LoginForm, ProfileForm, SignupForm
from mostra.core.forms_passwords import PasswordChangeForm
from mostra.core.middleware import SUPPORTED
from mostra.core.models import ApiToken, AuditAction, User
from mostra.core.services import invitations, two_factor
from mostra.core.views.two_factor import await_code


class MostraLoginView(LoginView):
    """The e-mail and password; then, for a person who has turned it on, the code.

    While the account or the address is locked out (:mod:`mostra.core.sign_in_limits`)
    the page says so, even to the right password.
    """

    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:
        user = form.get_user()
        if two_factor.is_on(user):
            return await_code(self.request, user, self.get_success_url())
        return super().form_valid(form)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The header's language switcher: remembered on the user, and in a cookie."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in SUPPORTED:
        if request.user.is_authenticated:
            User.objects.filter(pk=request.user.pk).update(language=language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax"
        )
    return response


def profile_page(request: HttpRequest, status: int = 200, **context: Any) -> HttpResponse:
    """The profile page: ``context`` gives the forms being answered, and what to show once."""
    user = request.user
    page = {
        "form": ProfileForm(instance=user, prefix="profile"),
        "password_form": PasswordChangeForm(prefix="password"),
        "token_form": ApiTokenForm(prefix="token"),
        "tokens": user.api_tokens.all(),
        "two_factor_on": two_factor.is_on(user),
        **context,
    }
    return render(request, "core/profile.html", page, status=status)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, instance=user, prefix="profile")
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        response = redirect("core:profile")
        if user.language:
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
        return response
    return profile_page(request, form=form)


@login_required
@require_POST
def create_token(request: HttpRequest) -> HttpResponse:
    workspace = two_factor.required_by_a_workspace(request.user)
    if workspace is not None and not two_factor.is_on(request.user):
        messages.error(
            request,
            _(
                "%(workspace)s requires two-factor authentication: turn it on before creating "
                "a token, so that a password alone cannot make one."
            )
            % {"workspace": workspace.name},
        )
        return redirect("core:profile")
    form = ApiTokenForm(request.POST, prefix="token")
    if not form.is_valid():
        messages.error(request, _("Give the token a name."))
        return redirect("core:profile")
    token, raw = ApiToken.issue(request.user, form.cleaned_data["name"])
    audit.record(AuditAction.CREATE, actor=request.user, obj=token)
    return profile_page(request, new_token=raw)


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    audit.record(AuditAction.DELETE, actor=request.user, obj=token)
    token.delete()
    messages.success(request, _("The token is revoked: programs using it can no longer connect."))
    return redirect("core:profile")


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Open an invitation link: join when logged in, or create an account first.

    A refused link counts against the address (:mod:`mostra.core.sign_in_limits`): past
    the limit, the refused ones are answered "too many failed attempts" (a valid link,
    which cannot be guessed, still opens).
    """
    try:
        invitation = invitations.find_invitation(token)
    except DomainError as exc:
        if sign_in_limits.is_locked_out(request, sign_in_limits.INVITATIONS):
            context = {"error": sign_in_limits.lockout_message()}
            return render(request, "core/invitation_invalid.html", context, status=429)
        sign_in_limits.record_failure(request, sign_in_limits.INVITATIONS)
        return render(request, "core/invitation_invalid.html", {"error": exc.message}, status=410)
    if invitation.workspace.is_archived:
        message = _(
            "%(workspace)s is archived: nobody can join it until one of its owners restores it. "
            "Open this link again then."
        ) % {"workspace": invitation.workspace.name}
        return render(request, "core/invitation_invalid.html", {"error": message}, status=410)
    signup = SignupForm(request.POST or None, initial={"email": invitation.email}, prefix="signup")
    if request.method == "POST":
        signing_up = not request.user.is_authenticated
        if signing_up and not signup.is_valid():
            return render(
                request,
                "core/invitation.html",
                {"invitation": invitation, "signup": signup},
                status=400,
            )
        try:
            if signing_up:
                data = signup.cleaned_data
                membership = invitations.sign_up_and_accept(
                    token,
                    email=data["email"],
                    password=data["password"],
                    display_name=data["display_name"],
                    language=getattr(request, "LANGUAGE_CODE", ""),
                )
                # Logged in once the account and the membership are committed.
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            else:
                membership = invitations.accept_invitation(token, request.user)
        except DomainError as exc:
            return render(
                request, "core/invitation_invalid.html", {"error": exc.message}, status=410
            )
        messages.success(
            request, _("Welcome to %(workspace)s.") % {"workspace": membership.workspace.name}
        )
        return redirect("core:workspace", slug=membership.workspace.slug)
    login_url = reverse("core:login") + "?next=" + request.path
    return render(
        request,
        "core/invitation.html",
        {"invitation": invitation, "signup": signup, "login_url": login_url},
    )
