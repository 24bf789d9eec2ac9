"""The cells of the tools' exports as mostra's values: counts, dates, sentiment,
language, country and network, read the one way each is written, never guessed."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from mostra.listening.exports import values

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("cell", "count"),
    [
        ("1234", 1234),
        ("1,234", 1234),
        ("1 234", 1234),
        ("1\u202f234", 1234),
        ("1.2K", 1200),
        ("3,5 M", 3_500_000),
        ("12.0", 12),
        (42, 42),
        (42.0, 42),
        ("", None),
        ("-", None),
        (None, None),
    ],
)
def test_counts(cell, count):
    assert values.parse_count(cell) == count


@pytest.mark.parametrize("cell", ["beaucoup", "-3", -3, 1.5, "1.5", True])
def test_what_is_not_a_count(cell):
    with pytest.raises(ValueError):
        values.parse_count(cell)


@pytest.mark.parametrize(
    ("cell", "day_first", "moment"),
    [
        ("2024-03-05T14:30:00+01:00", False, datetime(2024, 3, 5, 13, 30, tzinfo=UTC)),
        ("2024-03-05T14:30:00Z", False, datetime(2024, 3, 5, 14, 30, tzinfo=UTC)),
        ("2024-03-05 14:30:00.0", False, datetime(2024, 3, 5, 13, 30, tzinfo=UTC)),
        ("2024-07-05 14:30 UTC", False, datetime(2024, 7, 5, 14, 30, tzinfo=UTC)),
        ("05/03/2024 14:30", True, datetime(2024, 3, 5, 13, 30, tzinfo=UTC)),
        ("03/05/2024 2:30 PM", False, datetime(2024, 3, 5, 13, 30, tzinfo=UTC)),
        ("1709649000", False, datetime(2024, 3, 5, 14, 30, tzinfo=UTC)),
        ("1709649000000", False, datetime(2024, 3, 5, 14, 30, tzinfo=UTC)),
        (datetime(2024, 7, 1, 9, 0), False, datetime(2024, 7, 1, 7, 0, tzinfo=UTC)),
    ],
)
def test_dates_without_a_zone_are_the_workspaces(cell, day_first, moment):
    assert values.parse_date(cell, day_first=day_first, zone=PARIS) == moment


@pytest.mark.parametrize("cell", ["32/13/2024", "hier", "2024-02-30", "13:00 PM 01/01/2024", "12"])
def test_dates_that_cannot_be_read(cell):
    with pytest.raises(ValueError):
        values.parse_date(cell, day_first=True, zone=PARIS)


def test_the_order_of_slashed_dates_comes_from_the_file_before_its_language():
    assert values.slashed_order(["13/03/2024"], french=False) is True
    assert values.slashed_order(["03/13/2024"], french=True) is False
    assert values.slashed_order(["03/04/2024"], french=True) is True
    assert values.slashed_order(["03/04/2024"], french=False) is False
    with pytest.raises(ValueError):
        values.slashed_order(["13/03/2024", "03/13/2024"], french=True)


@pytest.mark.parametrize(
    ("cell", "sentiment"),
    [
        ("Positive", "positive"),
        ("négatif", "negative"),
        ("Neutre", "neutral"),
        ("3", "positive"),
        (-4, "negative"),
        ("0", "neutral"),
        ("-0,5", "negative"),
        ("mixed", None),
        ("", None),
        (None, None),
    ],
)
def test_declared_sentiment(cell, sentiment):
    assert values.parse_sentiment(cell) == sentiment


@pytest.mark.parametrize(
    ("domain", "url", "source", "network"),
    [
        ("twitter.com", None, "", "x"),
        ("", "https://mobile.twitter.com/a/status/1", "", "x"),
        ("http://instagram.com/", None, "SOCIAL", "instagram"),
        ("www.lemonde.fr", "https://www.lemonde.fr/a", "news", "news"),
        ("", "https://forum.velo.fr/t/1", "Forums", "forum"),
        ("", "https://blog.example.org/", "ONLINENEWS", "news"),
        ("", "https://example.org/", "SOCIAL", "web"),
        ("Bluesky", "https://bsky.app/profile/a/post/b", "", "bluesky"),
        ("", "", "Actualités", "news"),
    ],
)
def test_network_from_the_domain_then_the_source_type(domain, url, source, network):
    assert values.network_of(domain, url, source) == network


@pytest.mark.parametrize(
    ("cell", "code"),
    [("fr", "fr"), ("fr-FR", "fr"), ("Français", "fr"), ("English", "en"), ("??", None)],
)
def test_languages(cell, code):
    assert values.language(cell) == code


@pytest.mark.parametrize(
    ("cell", "code"), [("fr", "FR"), ("France", "FR"), ("États-Unis", "US"), ("Atlantis", None)]
)
def test_countries(cell, code):
    assert values.country(cell) == code
