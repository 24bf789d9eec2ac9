"""What the public readers share: the read profile, its posts, and the HTTP call that
turns every network failure into a sentence saying what to do."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
from django.utils.translation import gettext as _

from mostra.analytics.importers.base import ParsedPost
from mostra.analytics.models import PostSource
from mostra.core.errors import DomainError
from mostra.core.http import OutboundRefused
from mostra.core.json_files import read_json
from mostra.strategy import networks

#: How far back a public read goes: this many posts at most, and no older than MAX_AGE.
MAX_POSTS = 500
MAX_AGE = timedelta(days=183)
#: The seconds each call to a network has in all (connection, request, every byte of the
#: answer): a person waits for the page, and an instance may answer a byte at a time.
CALL_DEADLINE = 15.0
NETWORKS = networks.having("public_profile")
SOURCE = PostSource.PUBLIC_PROFILE.value


class ProfileUnavailable(DomainError):
    """The profile could not be read; the message says why and what to do. Nothing stored."""


#: A post read from a public profile: the importers' post (the same fields, the same
#: storage, so a competitor read publicly and later imported is one set of rows).
PublicPost = ParsedPost


@dataclass
class PublicProfile:
    network: str
    handle: str
    display_name: str = ""
    external_id: str = ""
    profile_url: str = ""
    followers: int | None = None
    posts: list[PublicPost] = field(default_factory=list)


@dataclass(frozen=True)
class Address:
    """Where a profile is read: the network, the handle, and (Mastodon) the instance."""

    network: str
    handle: str
    base_url: str = ""


def get_json(client: httpx.Client, url: str, params: dict[str, Any], who: str) -> Any:
    """GET and decode JSON within :data:`CALL_DEADLINE`, network failures turned into
    sentences."""
    try:
        response = client.get(url, params=params, extensions={"deadline": CALL_DEADLINE})
    except OutboundRefused as exc:
        raise ProfileUnavailable(str(exc)) from exc
    except httpx.HTTPError as exc:
        raise ProfileUnavailable(
            _("%(server)s cannot be reached (%(reason)s). Check the address, or try again later.")
            % {"server": urlsplit(url).netloc, "reason": exc.__class__.__name__}
        ) from exc
    if response.status_code == 429:
        raise ProfileUnavailable(
            _("%(server)s asks to slow down: try again in a few minutes.")
            % {"server": urlsplit(url).netloc}
        )
    if response.status_code in (401, 403):
        raise ProfileUnavailable(
            _(
                "%(server)s does not let anyone read %(who)s without logging in: import the "
                "account's archive instead."
            )
            % {"server": urlsplit(url).netloc, "who": who}
        )
    if response.status_code in (400, 404, 410):
        raise ProfileUnavailable(
            _("No public profile %(who)s was found on %(server)s: check the spelling.")
            % {"who": who, "server": urlsplit(url).netloc}
        )
    try:
        response.raise_for_status()
        return read_json(response.content, urlsplit(url).netloc)  # never a RecursionError
    except (httpx.HTTPStatusError, ValueError) as exc:
        raise ProfileUnavailable(
            _("%(server)s answered in an unexpected way (%(status)s): try again later.")
            % {"server": urlsplit(url).netloc, "status": response.status_code}
        ) from exc


def moment(*values: Any) -> datetime | None:
    for value in values:
        if isinstance(value, str) and value:
            try:
                when = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                continue
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            return when.astimezone(UTC)
    return None


def count(value: Any) -> int | None:
    return value if isinstance(value, int) and value >= 0 else None
