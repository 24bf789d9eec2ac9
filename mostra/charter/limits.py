"""What each network accepts in one post, read from ``data/network_limits.yaml``.

The limits are data, versioned with the code: every network names its sources and the
date they were read. :func:`limits_for` is the one way to get them; Mastodon's text
limit depends on the instance, so it accepts an override.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

from mostra.strategy.catalogue import NETWORKS

Counting = Literal["graphemes", "x_weighted", "mastodon"]
MediaKind = Literal["image", "gif", "video"]

DATA_FILE = Path(__file__).parent / "data" / "network_limits.yaml"
COUNTINGS: tuple[str, ...] = ("graphemes", "x_weighted", "mastodon")


class UnknownNetwork(ValueError):
    """The network code is not one mostra knows."""

    def __init__(self, network: str) -> None:
        self.network = network
        super().__init__(f"Unknown network {network!r}: use one of {', '.join(sorted(NETWORKS))}.")


@dataclass(frozen=True)
class NetworkLimits:
    """One network's limits for one post; ``None`` means no limit known."""

    network: str
    label: str
    text_max: int
    counting: Counting
    bytes_max: int | None
    max_items: int
    max_images: int
    max_videos: int
    max_gifs: int
    image_max_bytes: int | None
    gif_max_bytes: int | None
    video_max_bytes: int | None
    video_max_seconds: int | None
    mime_types: tuple[str, ...]
    mixing_allowed: bool
    media_required: bool
    first_comment: bool
    clickable_links: bool
    max_hashtags: int | None
    alt_text_max: int | None
    source: str
    as_of: dt.date

    def max_of(self, kind: str) -> int:
        return {"image": self.max_images, "gif": self.max_gifs, "video": self.max_videos}[kind]

    def max_bytes_of(self, kind: str) -> int | None:
        return {
            "image": self.image_max_bytes,
            "gif": self.gif_max_bytes,
            "video": self.video_max_bytes,
        }[kind]


def _build(network: str, raw: dict[str, Any]) -> NetworkLimits:
    text, media = raw["text"], raw["media"]
    if text["counting"] not in COUNTINGS:
        raise ValueError(f"{network}: unknown counting {text['counting']!r}")
    as_of = raw["as_of"]
    return NetworkLimits(
        network=network,
        label=NETWORKS[network],
        text_max=int(text["max"]),
        counting=text["counting"],
        bytes_max=text.get("max_bytes"),
        max_items=int(media["max_items"]),
        max_images=int(media["max_images"]),
        max_videos=int(media["max_videos"]),
        max_gifs=int(media["max_gifs"]),
        image_max_bytes=media.get("image_max_bytes"),
        gif_max_bytes=media.get("gif_max_bytes"),
        video_max_bytes=media.get("video_max_bytes"),
        video_max_seconds=media.get("video_max_seconds"),
        mime_types=tuple(media["mime_types"]),
        mixing_allowed=bool(media["mixing"]),
        media_required=bool(media["required"]),
        first_comment=bool(raw["first_comment"]),
        clickable_links=bool(raw.get("clickable_links", True)),
        max_hashtags=raw.get("max_hashtags"),
        alt_text_max=raw.get("alt_text_max"),
        source=" ".join(str(raw["source"]).split()),
        as_of=as_of if isinstance(as_of, dt.date) else dt.date.fromisoformat(str(as_of)),
    )


@cache
def all_limits() -> dict[str, NetworkLimits]:
    """Every network's limits, in the catalogue's order (read once per process)."""
    raw = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))["networks"]
    missing = set(NETWORKS) - set(raw)
    if missing:
        raise ValueError(f"network_limits.yaml lacks {', '.join(sorted(missing))}")
    return {network: _build(network, raw[network]) for network in NETWORKS}


def limits_for(network: str, *, text_max: int | None = None) -> NetworkLimits:
    """The limits of ``network``; ``text_max`` overrides the text limit (a Mastodon
    instance's ``configuration.statuses.max_characters``)."""
    limits = all_limits().get(network)
    if limits is None:
        raise UnknownNetwork(network)
    if text_max is not None and text_max > 0:
        limits = dataclasses.replace(limits, text_max=text_max)
    return limits
