"""What every network integration offers, and the errors it raises.

An integration is built for one :class:`~mostra.publishing.models.SocialAccount` and
talks to its network through :func:`mostra.core.http.outbound_client` only. It never
logs or returns credentials. Errors are :class:`TransportError`: ``permanent`` ones stop
(revoked token, content refused), the others are retried with backoff, after
``retry_after`` seconds when the network says so; ``unknown_outcome`` means the request
may have reached the network (a timeout after sending): the publication is reconciled
before any retry, never blindly re-sent. A request that ran out of its total deadline
says so in its error's first words (:func:`no_answer_within`).
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import httpx
from django.utils.translation import gettext as _

from mostra.core.counts import Counts
from mostra.core.http import deadline_passed, outbound_client

if TYPE_CHECKING:
    from mostra.charter.limits import NetworkLimits
    from mostra.publishing.models import SocialAccount


class TransportError(Exception):
    def __init__(
        self,
        message: str,
        *,
        permanent: bool = False,
        retry_after: float | None = None,
        unknown_outcome: bool = False,
        code: str = "",
        http_status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent
        self.retry_after = retry_after
        self.unknown_outcome = unknown_outcome
        self.code = code
        self.http_status = http_status


def no_answer_within(error: BaseException, then: str) -> str:
    """The words of a request that ran out of its total deadline
    (:func:`mostra.core.http.deadline_passed`): "The server did not answer within 25
    seconds." then ``then``, a sentence saying what mostra does next; "" for any other
    failure."""
    seconds = deadline_passed(error)
    if seconds is None:
        return ""
    seconds = round(seconds)
    late = _("The server did not answer within %(seconds)d seconds.") % {"seconds": seconds}
    return f"{late} {then}"


class CredentialsRejected(TransportError):
    """The network refused the account's credentials: the account needs reconnecting."""

    def __init__(self, message: str, **kwargs: Any) -> None:
        kwargs.setdefault("code", "credentials_rejected")
        super().__init__(message, permanent=True, **kwargs)


@dataclass(frozen=True)
class RemoteRef:
    """Where a publication lives on its network."""

    remote_id: str
    uri: str = ""
    url: str = ""


@dataclass(frozen=True)
class OutgoingMedia:
    path: Path
    mime_type: str
    alt_text: str = ""
    size: int = 0
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class Outgoing:
    """What to publish for one variant. ``key`` is stable per variant (idempotency)."""

    key: str
    text: str
    link: str = ""
    first_comment: str = ""
    media: tuple[OutgoingMedia, ...] = ()
    #: Further posts of a thread, in order, where the network supports threads.
    thread: tuple[str, ...] = ()
    language: str = ""
    created_at: dt.datetime | None = None
    #: A reply: the address of the post it answers (a Bluesky ``at://`` URI, a Mastodon
    #: status's URI or link), resolved by the integration; "" for a post of its own.
    reply_to: str = ""


@dataclass
class Snapshot(Counts):
    """Counts for one publication (:class:`~mostra.core.counts.Counts`, keyword
    arguments); None where the network gives no figure."""

    remote_id: str
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Connection:
    """What a network's login gives: who the account is, and what mostra keeps (the
    publishing app stores it: :func:`mostra.publishing.services.accounts.connect_account`)."""

    handle: str
    external_id: str
    credentials: dict[str, Any] = field(repr=False)
    display_name: str = ""
    service_url: str = ""
    #: When the user must reconnect (a refresh token that cannot be renewed); None: never.
    token_expires_at: dt.datetime | None = None
    #: The server's own text limit (a Mastodon instance's), if it has one.
    text_limit: int | None = None


@dataclass(frozen=True)
class AccountFigures:
    followers: int | None = None
    following: int | None = None
    posts: int | None = None


class Integration(ABC):
    """One network. Subclasses set ``network`` and register with :func:`register`."""

    network: ClassVar[str]
    #: Whether the network lets a retry meet the first attempt (record key, idempotency
    #: key). Without it, a publication left ``publishing`` is reconciled by reading the
    #: account's recent posts (:meth:`find_existing`) before any retry.
    idempotent: ClassVar[bool] = False
    supports_threads: ClassVar[bool] = False
    supports_first_comment: ClassVar[bool] = False

    def __init__(self, account: SocialAccount, client: httpx.Client | None = None) -> None:
        self.account = account
        self.client = client or outbound_client()

    @abstractmethod
    def publish(self, outgoing: Outgoing) -> RemoteRef: ...

    @abstractmethod
    def delete(self, ref: RemoteRef) -> None: ...

    @abstractmethod
    def fetch_metrics(self, refs: list[RemoteRef]) -> list[Snapshot]: ...

    def fetch_account(self) -> AccountFigures:
        return AccountFigures()

    def find_existing(self, outgoing: Outgoing) -> RemoteRef | None:
        """The publication if the network already has it (reconciliation), else None."""
        return None

    def limits(self) -> NetworkLimits:
        from mostra.charter.limits import limits_for

        return limits_for(self.network, text_max=self.account.text_limit)


REGISTRY: dict[str, type[Integration]] = {}


def register(cls: type[Integration]) -> type[Integration]:
    """Record the integration of ``cls.network``; what it supports is what the network's
    descriptor says (:mod:`mostra.strategy.networks`)."""
    from mostra.strategy import networks

    declared = networks.get(cls.network)
    if declared is not None:
        cls.supports_threads = declared.threads
    REGISTRY[cls.network] = cls
    return cls


def integration_for(account: SocialAccount, client: httpx.Client | None = None) -> Integration:
    """The integration of the account's network (imports the network's package)."""
    import importlib

    if account.network not in REGISTRY:
        try:
            importlib.import_module(f"mostra.integrations.{account.network}")
        except ModuleNotFoundError as exc:
            raise TransportError(
                f"mostra cannot publish to {account.network} yet", permanent=True
            ) from exc
    return REGISTRY[account.network](account, client)
