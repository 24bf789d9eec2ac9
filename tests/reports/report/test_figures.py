"""What the report says, gathered from the database: the reference case's figures."""

from __future__ import annotations

import datetime as dt

import pytest

from mostra.reports.report.figures import gather
from mostra.reports.report.period import parse_period

pytestmark = pytest.mark.django_db

OCTOBER = parse_period("2026-10")


def by_code(data):
    return {f.code: f for f in data.figures}


def test_key_figures_of_the_own_accounts(workspace, measured):
    data = gather(workspace, OCTOBER, "en", today=dt.date(2026, 11, 15))

    figures = by_code(data)
    assert figures["posts_per_week"].text == "10"
    assert figures["posts_per_week"].label == "Posts"
    assert figures["repost_ratio"].text == "40%"
    assert figures["followers"].text == "1,100"
    assert data.period_label == "October 2026"
    assert data.previous_label == "September 2026"


def test_the_competitor_is_compared_over_the_same_period(workspace, measured):
    data = gather(workspace, OCTOBER, "fr", today=dt.date(2026, 11, 15))

    rows = {a.label: a for a in data.comparison.accounts}
    assert rows["@fromagerie"].values["repost_ratio"][1] == "40\u00a0%"
    assert rows["@laiterie"].values["repost_ratio"][1] == "70\u00a0%"
    assert rows["@laiterie"].is_competitor and not rows["@fromagerie"].is_competitor
    assert data.period_label == "octobre 2026"


def test_highlights_are_the_own_posts_with_most_engagement(workspace, measured):
    data = gather(workspace, OCTOBER, "en", today=dt.date(2026, 11, 15))

    assert [h.excerpt for h in data.highlights] == [
        "own post number 9",
        "own post number 8",
        "own post number 7",
    ]
    assert ("likes", "110") in data.highlights[0].figures


def test_missing_data_makes_no_empty_tile_but_is_named(workspace, measured):
    data = gather(workspace, OCTOBER, "en", today=dt.date(2026, 11, 15))

    # X archives carry no impressions, reach nor video views: no tile says "—".
    assert "impressions" not in by_code(data)
    assert data.figures and all(f.value is not None and f.text != "—" for f in data.figures)
    # The appendix names what is not measured; the team's notes say how to get it.
    assert "Impressions" in data.unmeasured
    assert any(line.startswith("Impressions: ") and "import" in line for line in data.missing)


def test_objectives_progress_is_written_in_the_kpi_unit(workspace, measured):
    data = gather(workspace, OCTOBER, "en", today=dt.date(2026, 11, 15))

    [line] = data.objectives
    assert line.title == "Write more of our own posts"
    assert line.baseline == "50%"
    assert line.target == "30%"


def test_a_workspace_without_accounts_gets_a_report_that_says_so(workspace):
    data = gather(workspace, OCTOBER, "en")

    assert all(f.text == "—" for f in data.figures)
    assert data.missing and "import" in data.missing[0]
    assert data.comparison.accounts == []


def test_queries_do_not_grow_with_accounts_or_posts(workspace, measured):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mostra.analytics.models import TrackedAccount
    from tests.reports.report.conftest import _posts

    with CaptureQueriesContext(connection) as few:
        gather(workspace, OCTOBER, "en", today=dt.date(2026, 11, 15))
    for n in range(4):
        account = TrackedAccount.objects.create(
            workspace=workspace, network="x", handle=f"rival{n}", is_competitor=True
        )
        _posts(account, 12, 3, f"more{n}", 1)

    with CaptureQueriesContext(connection) as many:
        data = gather(workspace, OCTOBER, "en", today=dt.date(2026, 11, 15))

    assert len(data.comparison.accounts) == 6
    assert len(many) == len(few)
