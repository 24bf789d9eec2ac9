"""How a variant will look on its network: the text cut where the network folds it,
the posts of a thread, the link card and the images.

:func:`preview_of` reads only the variant and its prefetched ``media`` (no query): the
partial ``editorial/posts/partials/variant_preview.html`` calls it once per variant.

The limits and the counting are the charter's (:mod:`mostra.charter.limits`,
:mod:`mostra.charter.counting`); the thread is split by the very function publishing
uses (:func:`mostra.charter.checks.thread.split_thread`, read by
:mod:`mostra.publishing.scheduler.outgoing`), on the networks whose integration
``supports_threads``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from mostra.charter import counting
from mostra.charter.checks.thread import has_separator, split_thread, supports_threads
from mostra.charter.limits import UnknownNetwork, limits_for
from mostra.strategy import catalogue, networks

#: Where a network folds a long text behind its "see more" (graphemes, as shown in a
#: feed on a computer; :attr:`mostra.strategy.networks.Network.see_more`). The other
#: networks show the whole text (up to their limit).
SEE_MORE: dict[str, int] = {
    n.code: n.see_more for n in networks.all_networks() if n.see_more is not None
}

#: Networks whose post with media carries no link at all (Bluesky embeds either the
#: images or the link card).
LINK_DROPPED_WITH_MEDIA = frozenset(networks.having("link_dropped_with_media"))

#: How many images the preview shows in its grid; the others are counted ("+2").
GRID_MAX = 4


@dataclass
class PreviewPart:
    """One post of the preview: the whole text, or one post of a thread."""

    number: int
    #: What the feed shows before its "see more" (the whole text when it is not folded).
    shown: str
    #: What the reader sees only after "see more" ("" when nothing is folded).
    folded: str
    count: int
    limit: int

    @property
    def over(self) -> int:
        return max(0, self.count - self.limit)


@dataclass
class LinkCard:
    url: str
    domain: str
    path: str


@dataclass
class Preview:
    network: str
    label: str
    parts: list[PreviewPart]
    see_more: int | None
    card: LinkCard | None = None
    #: Why no card is shown for the link ("" when a card is shown or there is no link).
    card_note: str = ""
    images: list[Any] = field(default_factory=list)
    more_images: int = 0
    videos: list[Any] = field(default_factory=list)
    #: A thread written for a network that has none: it goes out whole (the charter refuses it).
    thread_ignored: bool = False

    @property
    def is_thread(self) -> bool:
        return len(self.parts) > 1

    @property
    def empty(self) -> bool:
        return not any(p.shown for p in self.parts) and not self.images and not self.videos


def fold(text: str, at: int | None) -> tuple[str, str]:
    """The text cut after ``at`` graphemes (shown, folded); not cut when it fits."""
    if at is None:
        return text, ""
    clusters = counting.graphemes(text)
    if len(clusters) <= at:
        return text, ""
    return "".join(clusters[:at]).rstrip(), "".join(clusters[at:])


def link_card(url: str) -> LinkCard:
    parts = urlsplit(url)
    domain = parts.hostname or url
    domain = domain.removeprefix("www.")
    path = parts.path if parts.path not in ("", "/") else ""
    return LinkCard(url=url, domain=domain, path=path)


def preview_of(variant: Any) -> Preview:
    """The preview of a variant (a :class:`~mostra.editorial.models.PostVariant`, or any
    object with ``network``, ``text``, ``link`` and ``media.all()``)."""
    network = variant.network
    label = catalogue.network_label(network)
    try:
        limits = limits_for(network)
    except UnknownNetwork:
        limits = None
    text = (variant.text or "").strip()
    threads = supports_threads(network)
    pieces = split_thread(text) if threads and has_separator(text) else ([text] if text else [])
    see_more = SEE_MORE.get(network)
    parts = []
    for number, piece in enumerate(pieces, start=1):
        shown, folded = fold(piece, see_more if number == 1 else None)
        count = counting.count_for(limits, piece) if limits else None
        parts.append(
            PreviewPart(
                number=number,
                shown=shown,
                folded=folded,
                count=count.count if count else 0,
                limit=count.limit if count else 0,
            )
        )
    media = list(variant.media.all())
    images = [m for m in media if m.kind in ("image", "gif")]
    videos = [m for m in media if m.kind == "video"]
    preview = Preview(
        network=network,
        label=label,
        parts=parts,
        see_more=see_more,
        images=images[:GRID_MAX],
        more_images=max(0, len(images) - GRID_MAX),
        videos=videos,
        thread_ignored=not threads and has_separator(text),
    )
    link = (variant.link or "").strip()
    if link:
        if limits is not None and not limits.clickable_links:
            preview.card_note = _(
                "%(network)s shows no link card and links in the text are not clickable: "
                "point to the link in the bio, or in a story."
            ) % {"network": label}
        elif media and network in LINK_DROPPED_WITH_MEDIA and link not in text:
            preview.card_note = _(
                "%(network)s shows no link card with images or a video, and the link is "
                "not sent with them: write it in the text."
            ) % {"network": label}
        elif media:
            preview.card_note = _(
                "With images or a video, %(network)s shows them and no link card."
            ) % {"network": label}
        else:
            preview.card = link_card(link)
    return preview
