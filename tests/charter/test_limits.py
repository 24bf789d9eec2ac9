"""Network limits are data: every network of the catalogue, each with sources and a date."""

from __future__ import annotations

import datetime as dt

import pytest

from mostra.charter.limits import NetworkLimits, UnknownNetwork, all_limits, limits_for
from mostra.strategy.catalogue import NETWORKS


def test_every_catalogue_network_has_sourced_dated_limits() -> None:
    limits = all_limits()
    assert list(limits) == list(NETWORKS)
    for network in limits.values():
        assert network.text_max > 0
        assert network.source and isinstance(network.as_of, dt.date)
        assert network.mime_types


@pytest.mark.parametrize(
    ("network", "text_max", "counting"),
    [
        ("bluesky", 300, "graphemes"),
        ("x", 280, "x_weighted"),
        ("mastodon", 500, "mastodon"),
        ("linkedin", 3000, "graphemes"),
        ("threads", 500, "graphemes"),
        ("instagram", 2200, "graphemes"),
    ],
)
def test_the_issue_s_text_limits(network: str, text_max: int, counting: str) -> None:
    limits = limits_for(network)
    assert (limits.text_max, limits.counting) == (text_max, counting)


def test_hashtag_limits() -> None:
    assert limits_for("instagram").max_hashtags == 5
    assert limits_for("threads").max_hashtags == 1
    assert limits_for("linkedin").max_hashtags is None


def test_bluesky_bytes_and_instagram_media_required() -> None:
    assert limits_for("bluesky").bytes_max == 3000
    assert limits_for("instagram").media_required
    assert not limits_for("x").mixing_allowed


def test_mastodon_instance_override() -> None:
    assert limits_for("mastodon", text_max=5000).text_max == 5000
    assert limits_for("mastodon").text_max == 500  # the data is not changed


def test_limits_are_frozen() -> None:
    with pytest.raises(AttributeError):
        limits_for("x").text_max = 10_000  # type: ignore[misc]
    assert isinstance(limits_for("x"), NetworkLimits)


def test_unknown_network_lists_the_valid_ones() -> None:
    with pytest.raises(UnknownNetwork, match="bluesky"):
        limits_for("myspace")
