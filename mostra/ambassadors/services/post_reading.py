"""Reading a member's post from its address, and their public feed: the slot analytics fills.

The public readers of Bluesky and Mastodon (no login) are
:mod:`mostra.analytics.public_profiles`, a layer above the programme. As the strategy's
checks get the history, the programme gets a :class:`PostReader` in :data:`READERS`,
put there by analytics when it is ready
(:class:`mostra.analytics.programme_posts.PublicPostReader`). The programme's services
(a post added by its address, the refresh buttons) call it and store what it read; the
programme never imports analytics.

:func:`parse_post_url` says which post an address names, before anything is called:
``https://bsky.app/profile/<handle>/post/<rkey>`` and a Mastodon status
(``https://<instance>/@<user>/<id>``, ``https://<instance>/users/<user>/statuses/<id>``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from django.utils.translation import gettext as _

from mostra.core.errors import DomainError
from mostra.core.http import origin, web_address

if TYPE_CHECKING:
    from mostra.ambassadors.models import MemberAccount


@dataclass(frozen=True)
class PostAddress:
    """The post an address names: its network, its author's handle (stored form: no
    ``@``, lower case; ``user@instance`` on Mastodon) and its key on the network."""

    network: str
    handle: str
    key: str
    url: str
    #: Mastodon: the instance (``https://host[:port]``).
    base_url: str = ""


@dataclass
class ReadPost:
    """A post as read from the network (no login)."""

    network: str
    network_id: str
    url: str
    text: str
    published_at: datetime | None
    handle: str = ""
    language: str = ""
    likes: int | None = None
    reposts: int | None = None
    replies: int | None = None
    quotes: int | None = None
    #: The author's followers when read: the post's reach.
    followers: int | None = None


class PostReader(Protocol):
    def read_post(self, address: PostAddress) -> ReadPost:
        """The post at ``address``; a DomainError saying what to do when it cannot be read."""
        ...

    def read_account(self, account: MemberAccount) -> tuple[list[ReadPost], int | None]:
        """The account's recent posts (originals and replies) and its followers."""
        ...


#: Filled by analytics when it is ready (one reader).
READERS: list[PostReader] = []


def reader() -> PostReader:
    if not READERS:
        raise DomainError(_("Posts cannot be read here: the analytics part is not installed."))
    return READERS[0]


def _bad_address() -> DomainError:
    return DomainError(
        _(
            "Paste the address of one post: https://bsky.app/profile/name.bsky.social/post/… "
            "on Bluesky, or https://instance.social/@name/123… on Mastodon."
        ),
        "url",
    )


def parse_post_url(url: str) -> PostAddress:
    """The post ``url`` names, or DomainError saying what to paste (nothing is called)."""
    try:
        link = web_address(url.strip())
    except ValueError as exc:
        raise _bad_address() from exc
    parts = [p for p in link.path.split("/") if p]
    host = link.host.lower()
    if host in {"bsky.app", "staging.bsky.app"}:
        if len(parts) == 4 and parts[0] == "profile" and parts[2] == "post":
            handle = parts[1].lstrip("@").lower()
            canonical = f"https://bsky.app/profile/{handle}/post/{parts[3]}"
            return PostAddress("bluesky", handle, parts[3], canonical)
        raise _bad_address()
    base = origin(link)
    instance = base.split("://", 1)[1]
    if len(parts) == 2 and parts[0].startswith("@") and parts[1].isdigit():
        user = parts[0][1:].split("@", 1)[0]
    elif len(parts) == 4 and parts[0] == "users" and parts[2] == "statuses":
        user = parts[1]
    else:
        raise _bad_address()
    key = parts[-1]
    return PostAddress(
        "mastodon", f"{user.lower()}@{instance}", key, f"{base}/@{user}/{key}", base_url=base
    )
