"""The registry of source kinds: what a user can listen to, and how each is read.

A kind says what the user types to add a source (its :class:`Field` list), how that
becomes the address read (:attr:`SourceKind.build`), and how a source of the kind is
read (:attr:`SourceKind.fetch`). The Sources page, the API and ``mostra listen source
add`` all go through :func:`get` and the kind's ``build``, so a kind registered here is
at once available everywhere.

Adding a kind (a Mastodon timeline, a Bluesky search…)::

    from mostra.listening import kinds

    kinds.register(kinds.SourceKind(
        code="mastodon_hashtag",
        label=gettext_lazy("Mastodon hashtag"),
        help=gettext_lazy("Public posts with a hashtag on one instance."),
        fields=(kinds.Field("instance", gettext_lazy("Instance")),
                kinds.Field("hashtag", gettext_lazy("Hashtag"))),
        build=build_hashtag,      # dict of the fields' values -> Built; DomainError if wrong
        fetch=fetch_hashtag,      # (FetchRequest) -> Fetched; raises SourceError
        network="mastodon",
    ))

and add its module to :data:`mostra.listening.apps.SOURCE_MODULES` so that it is
imported when mostra starts. ``build`` returns the address read, which must be distinct
for distinct sources of the kind (the same address twice in a workspace is refused),
and the parameters to keep (shown back, exported). ``fetch`` is called by the poller
with an outbound client (:func:`mostra.core.http.outbound_client`, already guarded) and
the source; it returns the items and the validators of a conditional GET, or raises
:class:`~mostra.listening.errors.SourceError`: the poller records the failure in words,
backs off, and goes on with the other sources.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mostra.listening.items import FetchedItem

if TYPE_CHECKING:
    import httpx
    from django.utils.functional import Promise

    from mostra.listening.models import Source


@dataclass(frozen=True)
class Field:
    """One value the user types to add a source of a kind."""

    name: str
    label: Promise | str
    help: Promise | str = ""
    required: bool = True


@dataclass(frozen=True)
class Built:
    """What a kind makes of the user's values: the address read, a default name, and the
    parameters to keep."""

    url: str
    name: str
    parameters: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FetchRequest:
    """What the poller hands to a kind's ``fetch``."""

    source: Source
    client: httpx.Client
    now: dt.datetime


@dataclass(frozen=True)
class Fetched:
    """A successful reading: the items (none after a 304) and the validators to send back
    next time."""

    items: list[FetchedItem]
    not_modified: bool = False
    etag: str = ""
    last_modified: str = ""


@dataclass(frozen=True)
class SourceKind:
    code: str
    label: Promise | str
    help: Promise | str
    fields: tuple[Field, ...]
    build: Callable[[dict[str, str]], Built]
    fetch: Callable[[FetchRequest], Fetched]
    #: What its items are (:attr:`FetchedItem.network`): ``feed``, ``reddit``…
    network: str = "feed"
    #: The shortest interval between two readings the kind allows (minutes).
    min_interval: int = 5
    #: Whether its address is an RSS or Atom feed, written in an OPML export.
    in_opml: bool = False
    #: Whether its items come as a stream (the firehose) rather than by polling: the
    #: poller leaves its sources alone.
    streamed: bool = False


#: Every kind, by code, in the order registered (the order of the add form's choices).
KINDS: dict[str, SourceKind] = {}


def register(kind: SourceKind) -> SourceKind:
    """Add ``kind`` (again: replaced, so that a module imported twice does no harm)."""
    KINDS[kind.code] = kind
    return kind


def get(code: str) -> SourceKind | None:
    return KINDS.get(code)


def streamed() -> list[str]:
    """The codes of the kinds read as a stream, never polled."""
    return [code for code, kind in KINDS.items() if kind.streamed]


def choices() -> list[tuple[str, str]]:
    return [(code, str(kind.label)) for code, kind in KINDS.items()]
