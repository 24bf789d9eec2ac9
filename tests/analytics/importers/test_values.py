"""Dates, counts and headers as the files write them."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from mostra.analytics.importers.base import parse_iso
from mostra.analytics.importers.columns import normalise
from mostra.analytics.importers.values import parse_count, parse_date
from mostra.analytics.importers.x_archive import parse_created_at
from mostra.core.html_text import html_to_text

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-01T09:00:00Z",
        "2026-02-01T09:00:00.000Z",
        "2026-02-01T09:00:00.123456789Z",
        "2026-02-01T10:00:00+01:00",
        "2026-02-01T09:00:00",
    ],
)
def test_iso_timestamps(text):
    assert parse_iso(text).replace(microsecond=0) == datetime(2026, 2, 1, 9, tzinfo=UTC)


def test_twitter_dates_fast_and_slow_paths():
    assert parse_created_at("Wed Aug 29 20:21:02 +0000 2018") == datetime(
        2018, 8, 29, 20, 21, 2, tzinfo=UTC
    )
    assert parse_created_at("Wed Aug 29 22:21:02 +0200 2018") == datetime(
        2018, 8, 29, 20, 21, 2, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("text", "dayfirst", "expected"),
    [
        ("03/05/2024 14:30", False, datetime(2024, 3, 5, 13, 30, tzinfo=UTC)),
        ("03/05/2024 14:30", True, datetime(2024, 5, 3, 12, 30, tzinfo=UTC)),
        ("03/05/2024 2:30 PM", False, datetime(2024, 3, 5, 13, 30, tzinfo=UTC)),
        ("03/05/2024 12:10 AM", False, datetime(2024, 3, 4, 23, 10, tzinfo=UTC)),
        ("05.03.2024", True, datetime(2024, 3, 4, 23, tzinfo=UTC)),
        ("2024-03-05T14:30:00+0000", False, datetime(2024, 3, 5, 14, 30, tzinfo=UTC)),
        ("2024-03-05 14:30", False, datetime(2024, 3, 5, 13, 30, tzinfo=UTC)),
    ],
)
def test_table_dates(text, dayfirst, expected):
    assert parse_date(text, dayfirst=dayfirst, zone=PARIS) == expected


@pytest.mark.parametrize("text", ["2 septembre 2024", "13/13/2024", "32/01/2024", "yesterday"])
def test_unreadable_dates(text):
    with pytest.raises(ValueError):
        parse_date(text, dayfirst=True, zone=PARIS)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1,234", 1234), ("1 234", 1234), ("1\u202f234", 1234), ("12", 12), (12.0, 12),
     ("", None), ("--", None), (None, None), ("7.0", 7)],
)  # fmt: skip
def test_counts(value, expected):
    assert parse_count(value) == expected


@pytest.mark.parametrize("value", ["1.5", "-3", "beaucoup", 2.5, True])
def test_not_counts(value):
    with pytest.raises(ValueError):
        parse_count(value)


def test_headers_compared_loosely():
    assert normalise("  Nom d’utilisateur du  compte ") == "nom d'utilisateur du compte"
    assert normalise("RÉACTIONS") == normalise("réactions")


def test_html_to_text():
    assert html_to_text("<p>Un &amp; deux<br/>trois</p><p>quatre</p>") == "Un & deux\ntrois\nquatre"
