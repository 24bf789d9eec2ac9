"""What every source gives the listening pipeline: one :class:`FetchedItem` per post,
article, comment or exported mention, whatever the source (a feed, a network's search or
timeline, an export from another tool). Fetchers return these; matching, enrichment and
storage read only these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FetchedItem:
    """One item as its source gave it, normalised.

    ``guid`` is the source's own stable identifier (a feed entry's id, a post's URI), the
    key for deduplication within a source; ``url`` the public address, the key across
    sources. Texts are plain text (markup removed). Times are aware, in UTC. Unknown is
    ``None`` (never 0 or ""), as everywhere in mostra.
    """

    guid: str
    text: str
    url: str | None = None
    title: str | None = None
    #: The author's handle or name as the source gives it (``@name@instance``,
    #: ``name.bsky.social``, a byline).
    author: str | None = None
    author_url: str | None = None
    #: The author's audience where the source tells it (followers, subscribers).
    author_followers: int | None = None
    published_at: dt.datetime | None = None
    #: The language the source declares (ISO 639-1), before any detection.
    lang: str | None = None
    #: ISO 3166-1 alpha-2, where the source declares it.
    country: str | None = None
    #: Where it was found: ``feed``, ``mastodon``, ``bluesky``, ``reddit``, ``youtube``,
    #: ``mention``, ``brandwatch``, ``talkwalker``…
    network: str = "feed"
    #: ``post``, ``reply``, ``quote``, ``repost``, ``article``, ``comment``, ``video``.
    kind: str = "post"
    #: Public counts where the source gives them: ``likes``, ``reposts``, ``replies``…
    counts: dict[str, int] = field(default_factory=dict)
    #: The source's own sentiment where an export carries one (``positive``,
    #: ``negative``, ``neutral``), kept beside mostra's.
    declared_sentiment: str | None = None

    @property
    def site(self) -> str | None:
        """The host of :attr:`url`, without ``www.``."""
        if not self.url:
            return None
        from urllib.parse import urlsplit

        host = (urlsplit(self.url).hostname or "").lower()
        return host.removeprefix("www.") or None
