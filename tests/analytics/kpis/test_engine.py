"""The engine around the formulas: the reference case, the period's bounds in the
workspace's time zone, a constant number of queries, and localised values."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from mostra.analytics.kpis import KpiValue, Period, compute, format_value
from mostra.analytics.models import PostKind, TrackedAccount
from tests.analytics.kpis.builders import followers, posts, tracked

OCTOBER = Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31))


def test_reference_case_repost_ratio_side_by_side(workspace):
    """Our account reposts 40 % of what it posts; the competitor 70 %."""
    ours = tracked(workspace, "fromagerie")
    theirs = tracked(workspace, "laiterie", is_competitor=True)
    posts(ours, 50, source="x-archive", likes=3, reposts=1)
    posts(ours, 10, kind=PostKind.REPLY, source="x-archive", likes=1, reposts=0)
    posts(ours, 40, kind=PostKind.REPOST, source="x-archive")
    posts(theirs, 25, source="x-archive", likes=3, reposts=1)
    posts(theirs, 5, kind=PostKind.REPLY, source="x-archive")
    posts(theirs, 70, kind=PostKind.REPOST, source="x-archive")
    got = compute([ours, theirs], OCTOBER, ["repost_ratio", "original_share", "reply_share"])
    assert got[ours.pk]["repost_ratio"].value == pytest.approx(0.40)
    assert got[theirs.pk]["repost_ratio"].value == pytest.approx(0.70)
    assert got[ours.pk]["original_share"].value == pytest.approx(0.50)
    assert got[theirs.pk]["reply_share"].value == pytest.approx(0.05)
    with translation.override("fr"):
        assert format_value(got[ours.pk]["repost_ratio"]) == "40,0\u00a0%"
        assert format_value(got[theirs.pk]["repost_ratio"]) == "70,0\u00a0%"
    with translation.override("en"):
        assert format_value(got[ours.pk]["repost_ratio"]) == "40.0%"


def test_the_period_is_read_in_the_workspace_time_zone(workspace):
    """Paris: 1 October starts at 22:00 UTC on 30 September; 31 October (winter time)
    ends at 23:00 UTC."""
    assert workspace.timezone == "Europe/Paris"
    account = tracked(workspace)
    utc = dt.UTC
    posts(account, at=dt.datetime(2026, 9, 30, 21, 59, tzinfo=utc), likes=1)  # 30 Sept 23:59
    posts(account, at=dt.datetime(2026, 9, 30, 22, 0, tzinfo=utc), likes=10)  # 1 Oct 00:00
    posts(account, at=dt.datetime(2026, 10, 31, 22, 59, tzinfo=utc), likes=100)  # 31 Oct 23:59
    posts(account, at=dt.datetime(2026, 10, 31, 23, 0, tzinfo=utc), likes=1000)  # 1 Nov 00:00
    got = compute([account], OCTOBER, ["likes"])[account.pk]["likes"]
    assert got.value == 10 + 100
    utc_reading = compute([account], OCTOBER, ["likes"], time_zone="UTC")
    assert utc_reading[account.pk]["likes"].value == 100 + 1000
    workspace.timezone = "Pacific/Auckland"  # 1 October 00:00 there is 30 Sept 11:00 UTC
    workspace.save()
    far = compute(list(TrackedAccount.objects.all()), OCTOBER, ["likes"])
    assert far[account.pk]["likes"].value == 1 + 10


def test_period_helpers():
    assert Period.month(2026, 12) == Period(dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert Period.month(2026, 2).days == 28
    assert Period.last_days(30, dt.date(2026, 10, 30)).start == dt.date(2026, 10, 1)
    with pytest.raises(ValueError):
        Period(dt.date(2026, 10, 2), dt.date(2026, 10, 1))


def _accounts(workspace, n):
    for i in range(n):
        account = tracked(workspace, f"account{i}", is_competitor=bool(i % 2))
        posts(account, 3, likes=i, reposts=1, replies=2, reach=10, impressions=20, clicks=1)
        posts(account, kind=PostKind.REPOST)
        followers(account, (dt.date(2026, 10, 1), 100 + i), (dt.date(2026, 10, 29), 120 + i))
    return list(TrackedAccount.objects.select_related("workspace"))


@pytest.mark.parametrize("n", [2, 20])
def test_a_constant_number_of_queries(workspace, django_assert_num_queries, n):
    accounts = _accounts(workspace, n)
    with django_assert_num_queries(2):
        got = compute(accounts, OCTOBER)
    assert len(got) == n
    assert all(v["repost_ratio"].value == pytest.approx(0.25) for v in got.values())
    assert all(v["follower_growth"].value is not None for v in got.values())


def test_queries_skipped_when_the_codes_do_not_need_them(workspace, django_assert_num_queries):
    accounts = _accounts(workspace, 3)
    with django_assert_num_queries(1):
        compute(accounts, OCTOBER, ["repost_ratio"])
    with django_assert_num_queries(1):
        compute(accounts, OCTOBER, ["followers"])
    with django_assert_num_queries(0):
        compute(accounts, OCTOBER, ["share_of_voice"])


@pytest.mark.parametrize(
    ("value", "language", "shown"),
    [
        (KpiValue("repost_ratio", 0.4), "fr", "40,0\u00a0%"),
        (KpiValue("repost_ratio", 0.4), "en", "40.0%"),
        (KpiValue("follower_growth", -0.025), "fr", "-2,5\u00a0%"),
        (KpiValue("impressions", 1234567.0), "en", "1,234,567"),
        (KpiValue("impressions", 1234567.0), "fr", "1\u00a0234\u00a0567"),
        (KpiValue("conversation_rate", 0.345), "fr", "0,34"),
        (KpiValue("conversation_rate", 0.3451), "fr", "0,35"),
        (KpiValue("posts_per_week", 10 / (31 / 7)), "en", "2.3"),
        (KpiValue("posts_per_week", 12.25), "en", "12.2"),
        (KpiValue("conversation_rate", None, missing="No posts"), "fr", "—"),
    ],
)
def test_format_value(value, language, shown):
    with translation.override(language):
        assert format_value(value) == shown
