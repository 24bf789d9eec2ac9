"""The accounts page: the workspace's network accounts with their health, and connecting.

Every member sees the accounts and their health; owners and managers
(``Perm.EDIT_WORKSPACE``) connect and disconnect them:

* Bluesky with a handle and an app password (any server), Mastodon with an instance
  and an access token (or by signing in on the instance when its OAuth is available);
  the network is asked first (:func:`connect_with_form`), and nothing is stored when it
  refuses: the form comes back with the network's reason, the secret field empty;
* LinkedIn, X, Facebook, Instagram and Threads through their OAuth flow
  (:func:`mostra.publishing.services.oauth.start_connect`), once an administrator
  entered the network application's client id and secret;
* any network of the strategy *published by hand*: a handle and the member who
  publishes (:mod:`mostra.publishing.views.by_hand`).

The page's sign-in forms answer with a redirect to the network or the instance, which
browsers check against the form-action of the page's Content-Security-Policy: the page
widens it to any https:// address (:data:`leads_to_sign_in`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from csp.decorators import csp_update
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm, has_perm
from mostra.core.views.base import workspace_view
from mostra.integrations.base import TransportError
from mostra.publishing.models import SocialAccount
from mostra.publishing.services import accounts as service
from mostra.publishing.services.health import Health, health
from mostra.publishing.views.forms import (
    BlueskyForm,
    ByHandAccountForm,
    MastodonForm,
    MastodonSignInForm,
)
from mostra.strategy import networks
from mostra.strategy.catalogue import network_label

logger = logging.getLogger("mostra.publishing")

#: Networks connected through OAuth, in the order of the page's buttons.
OAUTH_NETWORKS = networks.where(connect="oauth")
#: Networks whose form is on the page (the rest go through OAuth).
FORM_NETWORKS = {form.network: form for form in (BlueskyForm, MastodonForm)}

#: For the views that show the accounts page: its forms may lead to a sign-in page on
#: any https:// site (a Mastodon instance is anyone's), never to http://.
leads_to_sign_in = csp_update({"form-action": ["https:"]})


@dataclass(frozen=True)
class AccountRow:
    account: SocialAccount
    health: Health

    @property
    def network_name(self) -> str:
        return network_label(self.account.network)


@dataclass(frozen=True)
class OAuthButton:
    network: str
    label: str
    available: bool


# --- Seams to the networks' packages ----------------------------------------------


def connect_with_form(membership: Membership, network: str, data: dict[str, str]) -> SocialAccount:
    """Log in on the network with what the member typed, and store the account.

    Raises :class:`TransportError` (:class:`CredentialsRejected` for a refused password
    or token) or :class:`DomainError` (an address that is not a server of the network)
    with the reason; nothing is stored then.
    """
    if network == "bluesky":
        from mostra.publishing.connect.bluesky import connect_bluesky

        return connect_bluesky(
            membership, data["handle"], data["app_password"], data["service_url"]
        )
    if network == "mastodon":
        from mostra.publishing.connect.mastodon import connect_mastodon

        return connect_mastodon(membership, data["instance_url"], data["access_token"])
    raise Http404


def mastodon_sign_in() -> Any:
    """The Mastodon OAuth flow's module."""
    from mostra.publishing.services import mastodon_oauth

    return mastodon_oauth


def _oauth_buttons() -> list[OAuthButton]:
    from mostra.publishing.models import OAuthClient
    from mostra.publishing.services.oauth import PROVIDER_OF

    ready = {app.network for app in OAuthClient.objects.all() if app.client_id and app.has_secret}
    configured = {n for n in OAUTH_NETWORKS if PROVIDER_OF.get(n) in ready}
    return [OAuthButton(n, network_label(n), n in configured) for n in OAUTH_NETWORKS]


# --- Pages ---------------------------------------------------------------------------


def render_page(
    request: HttpRequest,
    membership: Membership,
    *,
    forms: dict[str, Any] | None = None,
    status: int = 200,
    opened: str = "",
) -> HttpResponse:
    workspace = membership.workspace
    rows = [AccountRow(a, health(a)) for a in service.workspace_accounts(workspace)]
    can_manage = has_perm(membership, Perm.EDIT_WORKSPACE)
    context: dict[str, Any] = {
        "workspace": workspace,
        "rows": rows,
        "can_manage": can_manage,
        "opened": opened,
    }
    if can_manage:
        forms = forms or {}
        reconnect = _reconnect_initial(request, workspace)
        context["bluesky_form"] = forms.get("bluesky") or BlueskyForm(
            initial=reconnect.get("bluesky")
        )
        context["mastodon_form"] = forms.get("mastodon") or MastodonForm(
            initial=reconnect.get("mastodon")
        )
        context["opened"] = opened or next(iter(reconnect), "")
        context["mastodon_sign_in"] = forms.get("mastodon_sign_in") or MastodonSignInForm(
            initial=reconnect.get("mastodon")
        )
        context["oauth_buttons"] = _oauth_buttons()
        context["by_hand_form"] = forms.get("by_hand") or ByHandAccountForm(workspace=workspace)
    return render(request, "publishing/accounts.html", context, status=status)


def _reconnect_initial(request: HttpRequest, workspace: Any) -> dict[str, dict[str, str]]:
    """Prefill the form of the account to reconnect (?reconnect=<id>): never a secret."""
    raw = request.GET.get("reconnect", "")
    if not raw.isdigit():
        return {}
    account = SocialAccount.objects.filter(pk=int(raw), workspace=workspace).first()
    if account is None or account.network not in FORM_NETWORKS:
        return {}
    if account.network == "bluesky":
        return {"bluesky": {"handle": account.handle, "service_url": account.service_url}}
    return {"mastodon": {"instance_url": account.service_url}}


@leads_to_sign_in
@workspace_view()
def accounts(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The workspace's accounts with their health, and (for managers) the connect forms."""
    return render_page(request, membership)


@leads_to_sign_in
@require_POST
@workspace_view(Perm.EDIT_WORKSPACE)
def connect(request: HttpRequest, membership: Membership, network: str) -> HttpResponse:
    """Connect a Bluesky or Mastodon account from its form (see the module's docstring)."""
    form_class = FORM_NETWORKS.get(network)
    if form_class is None:
        raise Http404
    form = form_class(request.POST)
    if form.is_valid():
        try:
            account = connect_with_form(membership, network, form.cleaned_data)
        except (TransportError, DomainError) as exc:
            form.add_error(None, refusal(network, exc))
        else:
            messages.success(
                request,
                _("%(network)s account %(handle)s connected.")
                % {"network": network_label(network), "handle": account.handle},
            )
            return redirect("publishing:accounts", membership.workspace.slug)
    return render_page(request, membership, forms={network: form}, status=400, opened=network)


def refusal(network: str, exc: Exception) -> str:
    """The network's reason, in words that say what to do."""
    if isinstance(exc, DomainError):
        return exc.message
    assert isinstance(exc, TransportError)
    logger.info("connecting a %s account was refused: %s", network, exc.code or exc.http_status)
    return _("%(network)s refused the connection: %(reason)s") % {
        "network": network_label(network),
        "reason": exc.message,
    }


@require_POST
@workspace_view(Perm.EDIT_WORKSPACE)
def connect_oauth(request: HttpRequest, membership: Membership, network: str) -> HttpResponse:
    """Send the member to the network to let mostra publish (OAuth)."""
    if network not in OAUTH_NETWORKS:
        raise Http404
    from mostra.publishing.services.oauth import start_connect

    try:
        url = start_connect(request, membership, network)
    except (DomainError, TransportError) as exc:
        messages.error(request, refusal(network, exc))
        return redirect("publishing:accounts", membership.workspace.slug)
    return redirect(url)


@require_POST
@workspace_view(Perm.EDIT_WORKSPACE)
def disconnect(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """Forget the account's credentials; its publications and metrics stay."""
    account = get_object_or_404(SocialAccount, pk=pk, workspace=membership.workspace)
    try:
        service.disconnect_account(membership, account)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(network)s account %(handle)s disconnected: nothing more is published to it.")
            % {"network": network_label(account.network), "handle": account.handle},
        )
    return redirect("publishing:accounts", membership.workspace.slug)
