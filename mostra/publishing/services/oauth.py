"""OAuth 2 for LinkedIn, X, Facebook, Instagram and Threads: connect, and keep tokens fresh.

Connecting an account (:func:`start_connect`, then :func:`finish_connect` on the
callback):

1. a member who may manage the workspace's accounts starts; mostra needs the client id
   and secret an administrator entered for the network's application (:class:`OAuthClient`);
2. the ``state`` sent to the network is signed (Django's signer, ten minutes) and carries
   a nonce that is also kept in the member's session with the workspace and the network:
   a callback with another session, another workspace or an altered state is refused;
3. X also gets PKCE: a random verifier kept (encrypted) in the session, its S256
   challenge sent with the authorisation request (Authlib writes the address, PKCE and
   the token requests: :mod:`mostra.integrations.oauth2`);
4. on the callback, a refusal (``error=access_denied``…) is answered with a message and
   nothing is stored; otherwise the code is exchanged once for tokens, the network says
   which accounts they give (a member, organisation pages, Facebook pages, Instagram
   professional accounts), and each is stored with
   :func:`mostra.publishing.services.accounts.connect_account`, the tokens encrypted and
   ``token_expires_at`` set.

Keeping tokens fresh is :mod:`oauth_tokens`' work (re-exported here); the providers and
the administrators' applications are in :mod:`oauth_providers`; calling the networks and
reconciliation in :mod:`mostra.integrations.calls`.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from django.core import signing
from django.http import HttpRequest
from django.utils.translation import gettext as _

from mostra.core.crypto import decrypt, encrypt
from mostra.core.errors import DomainError
from mostra.core.http import outbound_client
from mostra.core.models import Membership
from mostra.integrations.base import TransportError
from mostra.integrations.oauth2 import code_verifier
from mostra.integrations.oauth_providers import (
    PROVIDER_LABELS,
    PROVIDER_OF,
    Provider,
    TokenSet,
    provider_for,
)
from mostra.publishing.models import SocialAccount
from mostra.publishing.services.accounts import connect_account, may_manage_accounts
from mostra.publishing.services.oauth_providers import application, redirect_uri
from mostra.publishing.services.oauth_tokens import (
    fresh_access_token,
    refresh_account,
    refresh_expiring,
)
from mostra.strategy import networks

__all__ = [
    "PROVIDER_LABELS",
    "PROVIDER_OF",
    "Provider",
    "TokenSet",
    "application",
    "finish_connect",
    "finish_connect_all",
    "fresh_access_token",
    "provider_for",
    "redirect_uri",
    "refresh_account",
    "refresh_expiring",
    "start_connect",
]

SESSION_KEY = "mostra_oauth"
STATE_SALT = "mostra.publishing.oauth.state"
STATE_MAX_AGE = 600
#: How many connections a session may have started and not finished.
PENDING_MAX = 5

#: Which provider (OAuth application) serves each network.
#: Refusals the networks send back (RFC 6749's and LinkedIn's own).
#: A scope the application may not ask for (LinkedIn's word, and RFC 6749's).
SCOPE_ERRORS = {"unauthorized_scope_error", "invalid_scope"}
REFUSALS = {"access_denied", "user_cancelled_login", "user_cancelled_authorize"}


# Connecting ----------------------------------------------------------------------------


def start_connect(request: HttpRequest, membership: Membership, network: str) -> str:
    """The network's authorisation address to send the member to (see the module doc)."""
    if not may_manage_accounts(membership):
        raise DomainError(
            _(
                "Only the workspace's owners and managers can connect network accounts: "
                "ask one of them."
            )
        )
    provider = provider_for(network)
    app = application(provider.key)
    nonce = secrets.token_urlsafe(24)
    state = signing.dumps(
        {"n": nonce, "w": membership.workspace_id, "k": network}, salt=STATE_SALT, compress=True
    )
    verifier = code_verifier() if provider.pkce else ""
    now = time.time()
    pending = {
        k: v
        for k, v in (request.session.get(SESSION_KEY) or {}).items()
        if now - float(v.get("at", 0)) < STATE_MAX_AGE
    }
    while len(pending) >= PENDING_MAX:
        pending.pop(min(pending, key=lambda k: pending[k]["at"]))
    pending[nonce] = {
        "network": network,
        "workspace": membership.workspace_id,
        "verifier": encrypt(verifier) if verifier else "",
        "at": now,
    }
    request.session[SESSION_KEY] = pending
    return provider.authorization_url(app, network, redirect_uri(provider.key), state, verifier)


def _pending_entry(request: HttpRequest, raw_state: str) -> dict[str, Any]:
    start_again = _("Start again from the workspace's accounts page.")
    try:
        data = signing.loads(raw_state, salt=STATE_SALT, max_age=STATE_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise DomainError(
            _("The connection took more than ten minutes.") + " " + start_again
        ) from exc
    except signing.BadSignature as exc:
        raise DomainError(
            _("This connection answer is not valid (altered, or not started by mostra).")
            + " "
            + start_again
        ) from exc
    pending = dict(request.session.get(SESSION_KEY) or {})
    entry = pending.pop(str(data.get("n")), None)
    request.session[SESSION_KEY] = pending
    if entry is None or entry["workspace"] != data.get("w") or entry["network"] != data.get("k"):
        raise DomainError(
            _("This connection was started in another browser session, or already finished.")
            + " "
            + start_again
        )
    return entry


def finish_connect_all(request: HttpRequest, provider_key: str) -> list[SocialAccount]:
    """Handle the network's callback: every account the authorisation gives, stored."""
    entry = _pending_entry(request, request.GET.get("state", ""))
    network = entry["network"]
    provider = provider_for(network)
    if provider.key != provider_key:
        raise DomainError(_("This answer came back to the wrong address: start again."))
    label = PROVIDER_LABELS[provider.key]
    user = request.user
    membership = (
        Membership.objects.select_related("workspace", "user")
        .filter(workspace_id=entry["workspace"], user=user)
        .first()
        if user.is_authenticated
        else None
    )
    if membership is None:
        raise DomainError(_("You are no longer a member of this workspace."))
    error = request.GET.get("error", "")
    if error:
        if error in REFUSALS:
            raise DomainError(
                _(
                    "You did not allow mostra to use your %(network)s account, so nothing was "
                    "connected. To connect it, start again and accept."
                )
                % {"network": label}
            )
        detail = request.GET.get("error_description", "")[:300] or error[:100]
        if error in SCOPE_ERRORS:
            raise DomainError(
                _(
                    "The %(network)s application lacks a permission mostra asks for "
                    "(%(detail)s): nothing was connected. An administrator can add the "
                    "product on the network's developer portal, or narrow the scopes on "
                    "the Network applications page."
                )
                % {"network": label, "detail": detail}
            )
        raise DomainError(
            _("%(network)s refused the connection (%(detail)s): nothing was connected.")
            % {"network": label, "detail": detail}
        )
    code = request.GET.get("code", "")
    if not code:
        raise DomainError(
            _("%(network)s sent no authorisation code: start again.") % {"network": label}
        )
    app = application(provider.key)
    verifier = decrypt(entry["verifier"]) if entry.get("verifier") else ""
    client = outbound_client()
    try:
        tokens = provider.exchange_code(client, app, code, redirect_uri(provider.key), verifier)
        connections = provider.connections(client, app, tokens, network)
    except TransportError as exc:
        raise DomainError(
            _("%(network)s did not complete the connection: %(detail)s")
            % {"network": label, "detail": exc.message}
        ) from exc
    finally:
        client.close()
    if not connections:
        raise DomainError(provider_empty_message(network))
    return [connect_account(membership, network, c) for c in connections]


def finish_connect(request: HttpRequest, network: str) -> SocialAccount:
    """The callback's work (:func:`finish_connect_all`); returns the first account."""
    return finish_connect_all(request, PROVIDER_OF.get(network, network))[0]


def provider_empty_message(network: str) -> str:
    found = networks.get(network)
    if found is not None and found.no_account is not None:
        return str(found.no_account)
    return _("The network gave access to no account.")
