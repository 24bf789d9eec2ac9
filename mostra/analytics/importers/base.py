"""What every importer shares: the refusal, the parsed rows, and small text helpers.

An importer only *reads*: it turns a file into a :class:`ParsedImport` (the account it
belongs to, its posts, its follower counts, what was not understood) or raises
:class:`ImportRefused` with a message saying what to do. Storing is one separate step
(:mod:`mostra.analytics.importers.store`), all or nothing, so that a file refused
halfway leaves the database exactly as it was. The posts of a large file are a stream
(a generator reading the file as the store asks for them): a refusal then comes while
storing, inside its transaction, and undoes everything just the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.utils.translation import gettext as _

from mostra.core.counts import Counts
from mostra.core.errors import DomainError


class ImportRefused(DomainError):
    """The file cannot be imported; ``message`` says why and what to do. Nothing changed."""


@dataclass(slots=True)
class ParsedPost(Counts):
    """One post as read from a file, with its :class:`~mostra.core.counts.Counts`
    (keyword arguments); a count the file does not give stays None."""

    network_id: str
    kind: str
    published_at: datetime
    text: str = ""
    url: str = ""
    language: str = ""
    target_id: str = ""
    #: A :class:`~mostra.analytics.models.PostFormat` value; None when the file does not
    #: say (a stored format is then kept, as a count the file lacks).
    format: str | None = None


@dataclass
class ParsedImport:
    """Everything a file brought, before it is stored."""

    network: str
    handle: str
    display_name: str = ""
    external_id: str = ""
    profile_url: str = ""
    #: A list, or a stream read once (an archive's posts as its file is read).
    posts: Iterable[ParsedPost] = field(default_factory=list)
    #: (day, followers) pairs, each day once.
    followers: list[tuple[date, int]] = field(default_factory=list)
    #: When the counts were read (the archive's date), if the file says.
    metrics_at: datetime | None = None
    #: Counts that are not posts (Bluesky likes given…), shown in the summary.
    extra_counts: dict[str, int] = field(default_factory=dict)
    #: Columns of a table export that mostra does not know (never guessed).
    unknown_columns: list[str] = field(default_factory=list)
    #: Columns mostra knows but does not store (said, never dropped silently).
    ignored_columns: list[str] = field(default_factory=list)
    #: Sentences the user must read (translated): what the file cannot tell.
    notices: list[str] = field(default_factory=list)
    #: What reading the posts holds open (an archive), closed by :meth:`close`.
    resources: ExitStack = field(default_factory=ExitStack)

    def close(self) -> None:
        """Close what the posts' stream holds open (after storing, or after a refusal)."""
        self.resources.close()


_FRACTION = re.compile(r"\.\d{7,}")


def parse_iso(value: str) -> datetime:
    """An ISO 8601 timestamp (``Z`` or offset) as an aware UTC datetime; ValueError if not."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    # Python reads at most microseconds: nanoseconds (some Bluesky clients) are cut.
    text = _FRACTION.sub(lambda m: m.group(0)[:7], text)
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def not_an_archive(kind_label: str, what: str) -> ImportRefused:
    """The refusal for a file of the wrong kind: what was expected, what to do."""
    return ImportRefused(
        _(
            "This file is not %(kind)s: %(what)s. Check that you chose the right kind of "
            "import and the file as the network gave it."
        )
        % {"kind": kind_label, "what": what}
    )
