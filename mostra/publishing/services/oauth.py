"""OAuth 2 for LinkedIn, X, Facebook, Instagram and Threads: connect, and keep tokens fresh.

Connecting an account (:func:`start_connect`, then :func:`finish_connect` on the
callback):

1. a member who may manage the workspace's accounts starts; mostra needs the client id
   and secret an administrator entered for the network's application (:class:`OAuthClient`);
2. the ``state`` sent to the network is signed (Django's signer, ten minutes) and carries
   a nonce that is also kept in the member's session with the workspace and the network:
   a callback with another session, another workspace or an altered state is refused;
3. X also gets PKCE: a random verifier kept (encrypted) in the session, its S256
   challenge sent with the authorisation request;
4. on the callback, a refusal (``error=access_denied``…) is answered with a message and
   nothing is stored; otherwise the code is exchanged once for tokens, the network says
   which accounts they give (a member, organisation pages, Facebook pages, Instagram
   professional accounts), and each is stored with
   :func:`mostra.publishing.services.accounts.connect_account`, the tokens encrypted and
   ``token_expires_at`` set.

Keeping tokens fresh (:func:`fresh_access_token`): before a call, a token that expires
within the provider's margin is refreshed where the network allows it (X's refresh
tokens, Threads' ``th_refresh_token``, LinkedIn's refresh tokens for approved apps), and
saved with one UPDATE; a token that expired and cannot be refreshed raises
:class:`CredentialsRejected`: the account needs reconnecting.

Each provider (``mostra.integrations.<network>.auth``) implements :class:`Provider`.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import importlib
import re
import secrets
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import urlencode

import httpx
from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.core.crypto import decrypt, encrypt
from mostra.core.errors import DomainError
from mostra.core.http import outbound_client
from mostra.core.models import Membership
from mostra.integrations.base import CredentialsRejected, TransportError
from mostra.publishing.models import OAuthClient, SocialAccount
from mostra.publishing.services.accounts import (
    Connection,
    connect_account,
    may_manage_accounts,
    store_credentials,
)

SESSION_KEY = "mostra_oauth"
STATE_SALT = "mostra.publishing.oauth.state"
STATE_MAX_AGE = 600
#: How many connections a session may have started and not finished.
PENDING_MAX = 5

#: Which provider (OAuth application) serves each network.
PROVIDER_OF: dict[str, str] = {
    "linkedin": "linkedin",
    "x": "x",
    "facebook": "meta",
    "instagram": "meta",
    "threads": "threads",
}
PROVIDER_LABELS: dict[str, str] = {
    "linkedin": "LinkedIn",
    "x": "X",
    "meta": "Meta (Facebook, Instagram)",
    "threads": "Threads",
}
#: Refusals the networks send back (RFC 6749's and LinkedIn's own).
REFUSALS = {"access_denied", "user_cancelled_login", "user_cancelled_authorize"}


@dataclass(frozen=True)
class TokenSet:
    """What a token endpoint answered (never logged: ``repr`` hides the tokens)."""

    access_token: str = field(repr=False)
    refresh_token: str = field(default="", repr=False)
    expires_in: int | None = None
    refresh_expires_in: int | None = None
    scope: str = ""
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TokenSet:
        def seconds(name: str) -> int | None:
            value = data.get(name)
            return (
                int(value)
                if isinstance(value, int | float | str) and str(value).isdigit()
                else None
            )

        if not data.get("access_token"):
            raise TransportError("the network answered without an access token", permanent=True)
        known = {"access_token", "refresh_token", "expires_in", "refresh_token_expires_in"}
        return cls(
            access_token=str(data["access_token"]),
            refresh_token=str(data.get("refresh_token") or ""),
            expires_in=seconds("expires_in"),
            refresh_expires_in=seconds("refresh_token_expires_in"),
            scope=str(data.get("scope") or ""),
            extra={k: v for k, v in data.items() if k not in known},
        )

    def expires_at(self, now: dt.datetime) -> dt.datetime | None:
        return now + dt.timedelta(seconds=self.expires_in) if self.expires_in else None

    def reconnect_by(self, now: dt.datetime) -> dt.datetime | None:
        """When the member must reconnect (:attr:`SocialAccount.token_expires_at`): the
        refresh token's expiry, never for a refresh token without one, else the access
        token's expiry (None: it does not expire)."""
        if self.refresh_token:
            if self.refresh_expires_in:
                return now + dt.timedelta(seconds=self.refresh_expires_in)
            return None
        return self.expires_at(now)

    def credentials(self, now: dt.datetime) -> dict[str, Any]:
        creds: dict[str, Any] = {"access_token": self.access_token}
        if self.expires_in:
            creds["expires_at"] = (now + dt.timedelta(seconds=self.expires_in)).isoformat()
        if self.refresh_token:
            creds["refresh_token"] = self.refresh_token
        if self.refresh_expires_in:
            creds["refresh_expires_at"] = (
                now + dt.timedelta(seconds=self.refresh_expires_in)
            ).isoformat()
        if self.scope:
            creds["scope"] = self.scope
        return creds


class Provider(ABC):
    """One network's OAuth application: its URLs, scopes and quirks."""

    key: ClassVar[str]
    networks: ClassVar[tuple[str, ...]]
    authorize_url: ClassVar[str]
    #: Scopes asked by default, per network.
    scopes: ClassVar[dict[str, tuple[str, ...]]]
    scope_separator: ClassVar[str] = " "
    pkce: ClassVar[bool] = False
    #: A token expiring within this margin is refreshed before a call.
    refresh_margin: ClassVar[dt.timedelta] = dt.timedelta(minutes=5)

    def scopes_for(self, app: OAuthClient, network: str) -> tuple[str, ...]:
        custom = str(app.extra.get("scopes") or "").replace(",", " ").split()
        return tuple(custom) or self.scopes[network]

    def authorization_url(
        self, app: OAuthClient, network: str, redirect_uri: str, state: str, challenge: str
    ) -> str:
        params = {
            "response_type": "code",
            "client_id": app.client_id,
            "redirect_uri": redirect_uri,
            "state": state,
            "scope": self.scope_separator.join(self.scopes_for(app, network)),
        }
        if challenge:
            params["code_challenge"] = challenge
            params["code_challenge_method"] = "S256"
        return f"{self.authorize_url}?{urlencode(params)}"

    @abstractmethod
    def exchange_code(
        self, client: httpx.Client, app: OAuthClient, code: str, redirect_uri: str, verifier: str
    ) -> TokenSet: ...

    def refresh(
        self, client: httpx.Client, app: OAuthClient, credentials: dict[str, Any]
    ) -> TokenSet | None:
        """New tokens, or None when the network offers no refresh for this token."""
        return None

    @abstractmethod
    def connections(
        self, client: httpx.Client, app: OAuthClient, tokens: TokenSet, network: str
    ) -> list[Connection]: ...


# Calling the networks ------------------------------------------------------------------


def api_call(
    client: httpx.Client,
    method: str,
    url: str,
    *,
    label: str,
    mutation: bool = False,
    **options: Any,
) -> httpx.Response:
    """Send one request; a network failure becomes a :class:`TransportError`.

    A timeout after a publishing request was sent leaves the outcome unknown
    (``unknown_outcome``): the post may exist, so it is reconciled, never re-sent blindly.
    """
    try:
        return client.request(method, url, **options)
    except httpx.TimeoutException as exc:
        if mutation:
            raise TransportError(
                f"{label} did not answer in time: the post may have been published; "
                "mostra checks the account's recent posts before trying again",
                unknown_outcome=True,
                code="timeout",
            ) from exc
        raise TransportError(f"{label} did not answer in time", code="timeout") from exc
    except httpx.HTTPError as exc:
        raise TransportError(f"{label} cannot be reached: {exc}", code="unreachable") from exc


def retry_after_seconds(response: httpx.Response, *, reset_header: str = "") -> float | None:
    """Seconds to wait: ``Retry-After``, or an epoch-seconds reset header (X's)."""
    value = response.headers.get("retry-after", "")
    if value.strip().isdigit():
        return float(value)
    reset = response.headers.get(reset_header, "") if reset_header else ""
    if reset.strip().isdigit():
        return max(1.0, float(reset) - time.time())
    return None


def plain_error(
    response: httpx.Response,
    label: str,
    detail: str,
    *,
    retry_after: float | None = None,
    code: str = "",
) -> TransportError:
    """The usual meaning of an HTTP status, with the network's own words."""
    status = response.status_code
    words = f"{label}: {detail}" if detail else f"{label} answered {status}"
    if status == 401:
        return CredentialsRejected(
            _("%(network)s refused the account's token (%(detail)s): reconnect the account.")
            % {"network": label, "detail": detail or status},
            http_status=status,
        )
    if status == 429:
        return TransportError(
            words, retry_after=retry_after or 60.0, code=code or "rate_limited", http_status=status
        )
    if status >= 500:
        return TransportError(words, retry_after=retry_after, code=code, http_status=status)
    return TransportError(words, permanent=True, code=code or "refused", http_status=status)


def json_of(response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {"data": data}


# Applications and providers ------------------------------------------------------------


def provider_for(network: str) -> Provider:
    key = PROVIDER_OF.get(network)
    if key is None:
        raise DomainError(
            _("mostra does not connect %(network)s accounts with OAuth.") % {"network": network}
        )
    module = importlib.import_module(f"mostra.integrations.{key}.auth")
    provider: Provider = module.PROVIDER
    return provider


def application(provider_key: str) -> OAuthClient:
    app = OAuthClient.objects.filter(network=provider_key).first()
    if app is None or not app.client_id or not app.has_secret:
        raise DomainError(
            _(
                "mostra is not registered with %(network)s yet: an administrator must enter "
                "the application's client id and secret on the Networks administration page."
            )
            % {"network": PROVIDER_LABELS.get(provider_key, provider_key)}
        )
    return app


def redirect_uri(provider_key: str) -> str:
    """The callback address to enter on the network's developer portal."""
    return settings.CONFIG.base_url + reverse("oauth:callback", args=[provider_key])


def pkce_pair() -> tuple[str, str]:
    """A PKCE verifier (43–128 unreserved characters) and its S256 challenge."""
    verifier = secrets.token_urlsafe(64)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


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
    verifier, challenge = pkce_pair() if provider.pkce else ("", "")
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
    return provider.authorization_url(app, network, redirect_uri(provider.key), state, challenge)


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
    membership = (
        Membership.objects.select_related("workspace", "user")
        .filter(workspace_id=entry["workspace"], user=request.user)
        .first()
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
    messages: dict[str, Callable[[], str]] = {
        "facebook": lambda: _(
            "Your Facebook account manages no Page that mostra may publish to: choose at "
            "least one Page when Facebook asks."
        ),
        "instagram": lambda: _(
            "No Instagram professional account was found: Instagram publishing needs a "
            "business or creator account linked to a Facebook Page you manage."
        ),
        "linkedin": lambda: _("LinkedIn gave access to no member or page."),
    }
    return messages.get(network, lambda: _("The network gave access to no account."))()


# Keeping tokens fresh ------------------------------------------------------------------


def fresh_access_token(
    account: SocialAccount, client: httpx.Client, *, now: dt.datetime | None = None
) -> str:
    """The account's access token, refreshed first when it expires soon.

    The access token's own expiry is ``credentials["expires_at"]``;
    :attr:`SocialAccount.token_expires_at` is when the member must reconnect.
    """
    now = now or timezone.now()
    creds = account.credentials or {}
    if not creds.get("access_token"):
        raise CredentialsRejected(_("The account has no token: reconnect it."))
    provider = provider_for(account.network)
    if _expires_soon(creds, provider, now):
        refresh_account(account, client, now=now)
    return str(account.credentials["access_token"])


def _expires_soon(creds: dict[str, Any], provider: Provider, now: dt.datetime) -> bool:
    expires = parse_time(creds.get("expires_at"))
    return expires is not None and expires - provider.refresh_margin <= now


def refresh_account(
    account: SocialAccount, client: httpx.Client, *, now: dt.datetime | None = None
) -> bool:
    """Refresh the account's tokens; False when the network offers no refresh.

    Raises :class:`CredentialsRejected` when the token expired and cannot be renewed,
    or when the network refuses the refresh.
    A token another worker refreshed meanwhile is kept as it is.
    """
    now = now or timezone.now()
    provider = provider_for(account.network)
    # Another worker may have refreshed it already (X's refresh tokens are single-use).
    row = SocialAccount.objects.filter(pk=account.pk).values_list("credentials", flat=True).first()
    if row:
        account.credentials = row
        if not _expires_soon(row, provider, now):
            return True
    creds = dict(account.credentials or {})
    app = OAuthClient.objects.filter(network=provider.key).first()
    tokens = provider.refresh(client, app, creds) if app is not None else None
    if tokens is None:
        expires = parse_time(creds.get("expires_at"))
        if expires is not None and expires <= now:
            raise CredentialsRejected(
                _(
                    "The token expired on %(date)s and the network cannot renew it: "
                    "reconnect the account."
                )
                % {"date": expires.date().isoformat()}
            )
        return False
    fresh = tokens.credentials(now)
    if not tokens.refresh_token and creds.get("refresh_token"):
        fresh["refresh_token"] = creds["refresh_token"]  # kept when not rotated
    store_credentials(
        account,
        {**creds, **fresh},
        token_expires_at=tokens.reconnect_by(now)
        if tokens.refresh_token or not creds.get("refresh_token")
        else account.token_expires_at,
    )
    return True


# Reconciliation ------------------------------------------------------------------------

_URL = re.compile(r"https?://\S+")
_ESCAPED = re.compile(r"\\([\\|{}@\[\]()<>#*_~])")


def comparable(text: str) -> str:
    """A post's text as networks give it back: entities decoded, links (which X and
    others rewrite) removed, LinkedIn's escapes undone, whitespace collapsed."""
    text = html.unescape(_ESCAPED.sub(r"\1", text or ""))
    return " ".join(_URL.sub(" ", text).split()).casefold()


def same_text(sent: str, found: str) -> bool:
    """Whether a post read back from the network is the one mostra sent."""
    a, b = comparable(sent), comparable(found)
    return bool(a) and (a == b or (len(a) > 40 and b.startswith(a[:200])))


def parse_time(value: Any) -> dt.datetime | None:
    """An ISO 8601 time (Meta's ``+0000`` too) or epoch milliseconds (LinkedIn's)."""
    if isinstance(value, int | float):
        return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC)
    if not isinstance(value, str) or not value:
        return None
    text = value.replace("Z", "+00:00")
    if re.search(r"[+-]\d{4}$", text):
        text = f"{text[:-2]}:{text[-2:]}"
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def near(created: dt.datetime | None, found: dt.datetime | None) -> bool:
    """Whether a post found was created when the publication could have gone out: from an
    hour before it was due (clocks differ) to a week after (retries); unknown: yes."""
    if created is None or found is None:
        return True
    return created - dt.timedelta(hours=1) <= found <= created + dt.timedelta(days=7)


def refresh_expiring(now: dt.datetime | None = None) -> int:
    """Refresh the connected accounts whose token expires within their provider's margin
    (for the worker's loop: an account nobody publishes to keeps its Threads or LinkedIn
    token alive). A refused refresh marks the account as needing reconnection; a network
    that is down is tried again on the next run. Returns how many were refreshed."""
    from mostra.publishing.models import AccountStatus
    from mostra.publishing.services import health

    now = now or timezone.now()
    widest = max(p.refresh_margin for p in map(provider_for, PROVIDER_OF))
    due = SocialAccount.objects.filter(
        network__in=list(PROVIDER_OF),
        status=AccountStatus.CONNECTED,
        token_expires_at__gt=now,
        token_expires_at__lte=now + widest,
    )
    refreshed = 0
    with outbound_client() as client:
        for account in due:
            if not _expires_soon(account.credentials or {}, provider_for(account.network), now):
                continue  # the member must reconnect by then; a refresh would not help
            try:
                refreshed += refresh_account(account, client, now=now)
            except CredentialsRejected as exc:
                health.mark_rejected(account, exc.message, now)
            except TransportError as exc:
                health.mark_error(account, exc.message, now)
    return refreshed
