"""The feed kinds: any RSS or Atom feed, and presets that build a feed's address from
what the user types (Google News search words, a Google Alerts feed, a subreddit, a
YouTube channel). Registered in :mod:`mostra.listening.kinds` when the app starts."""

from __future__ import annotations

import re
from urllib.parse import quote_plus, urlencode

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mostra.core.errors import DomainError
from mostra.core.http import web_address
from mostra.listening import kinds
from mostra.listening.feeds import fetch as fetching
from mostra.listening.feeds.parse import parse
from mostra.listening.kinds import Built, Fetched, FetchRequest


def read_feed(request: FetchRequest, *, network: str = "feed", kind: str = "article") -> Fetched:
    """Fetch the source's feed conditionally and parse it (no item after a 304)."""
    source = request.source
    response = fetching.fetch(
        request.client,
        source.url,
        etag=source.etag,
        last_modified=source.last_modified,
        now=request.now,
    )
    if response.status == 304:
        return Fetched(
            [], not_modified=True, etag=response.etag, last_modified=response.last_modified
        )
    items = parse(
        response.body,
        content_type=response.content_type,
        network=network,
        kind=kind,
        now=request.now,
    )
    return Fetched(items, etag=response.etag, last_modified=response.last_modified)


def _address(text: str, field: str) -> str:
    try:
        return str(web_address(text))
    except ValueError:
        raise DomainError(
            _("This is not a web address: give the feed's address, starting with https://."),
            field=field,
        ) from None


def build_feed(values: dict[str, str]) -> Built:
    url = _address(values.get("url", ""), "url")
    return Built(url=url, name=url.split("://", 1)[1][:200], parameters={"url": url})


def _words(values: dict[str, str]) -> str:
    words = " ".join(values.get("words", "").split())
    if not words:
        raise DomainError(_("Type the words to search for."), field="words")
    if len(words) > 300:
        raise DomainError(_("Keep the search to 300 characters at most."), field="words")
    return words


#: Google News' language and country, consistent with each other (``hl``, ``gl``, ``ceid``).
_EDITIONS = {"fr": ("fr", "FR", "FR:fr"), "en": ("en-GB", "GB", "GB:en")}


def build_google_news(values: dict[str, str]) -> Built:
    words = _words(values)
    language = values.get("language") or "fr"
    if language not in _EDITIONS:
        raise DomainError(_("Choose fr or en as the edition's language."), field="language")
    hl, gl, ceid = _EDITIONS[language]
    query = urlencode({"q": words, "hl": hl, "gl": gl, "ceid": ceid}, quote_via=quote_plus)
    return Built(
        url=f"https://news.google.com/rss/search?{query}",
        name=_("Google News: %(words)s") % {"words": words},
        parameters={"words": words, "language": language},
    )


def build_google_alerts(values: dict[str, str]) -> Built:
    url = _address(values.get("url", ""), "url")
    if not re.match(r"https://www\.google\.[a-z.]+/alerts/feeds/\d+/\d+$", url):
        raise DomainError(
            _(
                "Give the alert's feed address, as Google Alerts shows it once the alert "
                "delivers to an RSS feed: https://www.google.com/alerts/feeds/…/…"
            ),
            field="url",
        )
    return Built(url=url, name=_("Google Alerts"), parameters={"url": url})


def build_reddit(values: dict[str, str]) -> Built:
    name = values.get("subreddit", "").strip().removeprefix("/").removeprefix("r/")
    if not re.fullmatch(r"[A-Za-z0-9_]{2,21}", name):
        raise DomainError(
            _("Give a subreddit's name: letters, digits and _ (e.g. bikewrench)."),
            field="subreddit",
        )
    return Built(
        url=f"https://www.reddit.com/r/{name}/new/.rss",
        name=f"r/{name}",
        parameters={"subreddit": name},
    )


def build_youtube(values: dict[str, str]) -> Built:
    channel = values.get("channel_id", "").strip()
    found = re.search(r"(UC[A-Za-z0-9_-]{22})", channel)
    if found is None:
        raise DomainError(
            _(
                "Give the channel's id, 24 characters starting with UC (on the channel's page: "
                "Share → Copy channel ID)."
            ),
            field="channel_id",
        )
    channel = found.group(1)
    return Built(
        url=f"https://www.youtube.com/feeds/videos.xml?channel_id={channel}",
        name=_("YouTube: %(channel)s") % {"channel": channel},
        parameters={"channel_id": channel},
    )


URL_FIELD = kinds.Field(
    "url", gettext_lazy("Feed address"), gettext_lazy("The RSS or Atom feed's address.")
)

kinds.register(
    kinds.SourceKind(
        code="feed",
        label=gettext_lazy("RSS or Atom feed"),
        help=gettext_lazy("Any site's feed: a blog, a newspaper, a forum."),
        fields=(URL_FIELD,),
        build=build_feed,
        fetch=read_feed,
        in_opml=True,
    )
)
kinds.register(
    kinds.SourceKind(
        code="google_news",
        label=gettext_lazy("Google News search"),
        help=gettext_lazy("News articles with these words, from Google News' search feed."),
        fields=(
            kinds.Field(
                "words",
                gettext_lazy("Search words"),
                gettext_lazy('As in Google News: "atelier vélo" Lyon'),
            ),
            kinds.Field("language", gettext_lazy("Edition (fr or en)"), required=False),
        ),
        build=build_google_news,
        fetch=read_feed,
        network="news",
        in_opml=True,
    )
)
kinds.register(
    kinds.SourceKind(
        code="google_alerts",
        label=gettext_lazy("Google Alerts feed"),
        help=gettext_lazy(
            "An alert created on google.com/alerts, delivered to an RSS feed: paste its address."
        ),
        fields=(URL_FIELD,),
        build=build_google_alerts,
        fetch=read_feed,
        network="news",
        in_opml=True,
    )
)
kinds.register(
    kinds.SourceKind(
        code="reddit",
        label=gettext_lazy("Reddit community"),
        help=gettext_lazy("The newest posts of a subreddit."),
        fields=(kinds.Field("subreddit", gettext_lazy("Subreddit"), "r/bikewrench"),),
        build=build_reddit,
        fetch=lambda request: read_feed(request, network="reddit", kind="post"),
        network="reddit",
        in_opml=True,
    )
)
kinds.register(
    kinds.SourceKind(
        code="youtube",
        label=gettext_lazy("YouTube channel"),
        help=gettext_lazy("The latest videos of a channel."),
        fields=(kinds.Field("channel_id", gettext_lazy("Channel id"), "UC…"),),
        build=build_youtube,
        fetch=lambda request: read_feed(request, network="youtube", kind="video"),
        network="youtube",
        in_opml=True,
    )
)
