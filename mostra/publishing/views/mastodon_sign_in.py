"""Signing in on a Mastodon instance to connect an account (OAuth with PKCE).

1. :func:`start` (POST, an instance address): the instance is checked and mostra
   registered on it (:func:`mostra.publishing.services.mastodon_oauth.begin`); the
   ``state``, the PKCE verifier (encrypted) and the instance are kept in the member's
   session, and the member is sent to the instance;
2. :func:`callback` (GET, ``code`` and ``state``): a refusal, a missing or altered
   ``state``, or one started from another workspace is refused with a message and
   nothing stored; otherwise the code is exchanged for a token and the account
   connected (:func:`~mostra.publishing.services.mastodon_oauth.complete`).

The callback address is per workspace (``/w/<slug>/accounts/mastodon/callback/``):
mostra's registration on an instance follows the address last used.
"""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mostra.core.crypto import SecretUnreadable, decrypt, encrypt
from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm
from mostra.core.services.invitations import site_url
from mostra.core.views.base import workspace_view
from mostra.integrations.base import TransportError
from mostra.publishing.views import accounts as page
from mostra.publishing.views.forms import MastodonSignInForm

SESSION_KEY = "mostra_mastodon_sign_in"


def _redirect_uri(request: HttpRequest, membership: Membership) -> str:
    path = reverse("publishing:mastodon_callback", args=[membership.workspace.slug])
    return site_url(request) + path


def _back(membership: Membership) -> HttpResponse:
    return redirect("publishing:accounts", membership.workspace.slug)


@page.leads_to_sign_in
@require_POST
@workspace_view(Perm.EDIT_WORKSPACE)
def start(request: HttpRequest, membership: Membership) -> HttpResponse:
    flow = page.mastodon_sign_in()
    form = MastodonSignInForm(request.POST)
    if form.is_valid():
        try:
            auth = flow.begin(form.cleaned_data["instance_url"], _redirect_uri(request, membership))
        except (DomainError, TransportError) as exc:
            form.add_error(None, page.refusal("mastodon", exc))
        else:
            request.session[SESSION_KEY] = {
                "state": auth.state,
                "verifier": encrypt(auth.code_verifier),
                "instance": auth.instance_url,
                "workspace": membership.workspace_id,
            }
            return redirect(auth.url)
    return page.render_page(
        request, membership, forms={"mastodon_sign_in": form}, status=400, opened="mastodon"
    )


@workspace_view(Perm.EDIT_WORKSPACE)
def callback(request: HttpRequest, membership: Membership) -> HttpResponse:
    flow = page.mastodon_sign_in()
    pending = request.session.pop(SESSION_KEY, None) or {}
    start_again = _("Start again from this page.")
    if request.GET.get("error"):
        messages.error(
            request, _("The instance did not allow mostra to publish.") + " " + start_again
        )
        return _back(membership)
    state = request.GET.get("state", "")
    code = request.GET.get("code", "")
    if (
        not pending
        or not code
        or pending.get("workspace") != membership.workspace_id
        or not secrets.compare_digest(str(pending.get("state", "")), state)
    ):
        messages.error(
            request,
            _("This sign-in was not started here, or was already used.") + " " + start_again,
        )
        return _back(membership)
    try:
        verifier = decrypt(pending["verifier"])
        account = flow.complete(
            membership,
            pending["instance"],
            _redirect_uri(request, membership),
            code,
            code_verifier=verifier,
        )
    except SecretUnreadable:
        messages.error(request, start_again)
    except (DomainError, TransportError) as exc:
        messages.error(request, page.refusal("mastodon", exc))
    else:
        messages.success(
            request, _("Mastodon account %(handle)s connected.") % {"handle": account.handle}
        )
    return _back(membership)
