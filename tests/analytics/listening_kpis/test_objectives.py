"""Objectives on listening KPIs: progress from the mentions, the objectives page, the
SMART check's "measurable", and the team's recorded values when listening lacks queries."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse

from mostra.analytics.models import Measurement
from mostra.analytics.progress import objective_progress
from mostra.strategy.checks.context import context_for_workspace
from mostra.strategy.checks.smart import smart_check
from mostra.strategy.models import Objective
from mostra.strategy.services.export import export_document
from tests.analytics.listening_kpis.builders import many, query

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 10, 31)
START = dt.date(2026, 8, 3)


def sov_objective(workspace, **changes) -> Objective:
    values = {
        "title": "Plus de voix que la concurrence",
        "axis": "awareness",
        "networks": [],
        "kpi": "share_of_voice",
        "baseline_value": 40,
        "baseline_date": START,
        "target_value": 60,
        "start": START,
        "deadline": dt.date(2026, 12, 31),
    }
    values.update(changes)
    return Objective.objects.create(workspace=workspace, key="o-sov", **values)


def week_by_week(workspace, brand, rival) -> None:
    """From 3 August, each week the brand gains a mention on its rival's 10."""
    day, week = START, 0
    while day <= TODAY:
        many(workspace, brand, day, 4 + week)
        many(workspace, rival, day, 6)
        day += dt.timedelta(days=7)
        week += 1


@pytest.fixture
def listened(workspace):
    brand = query(workspace, "Fromagerie du Lac", "brand")
    rival = query(workspace, "Laiterie Martin", "competitor")
    week_by_week(workspace, brand, rival)
    return workspace


def test_an_objective_on_share_of_voice_measures_its_progress(listened):
    progress = objective_progress(sov_objective(listened), TODAY)
    # The last 30 days (2–31 October): Mondays 5, 12, 19, 26 → brand 13+14+15+16 = 58,
    # rival 4 × 6 = 24.
    assert progress.current_value == pytest.approx(58 / 82 * 100)
    assert progress.current_as_of == TODAY
    assert progress.progress == pytest.approx((58 / 82 * 100 - 40) / 20)
    assert progress.status in {"on_track", "at_risk", "off_track"}, progress.missing
    assert len(progress.series) >= 4
    assert progress.forecast is not None
    assert progress.current_text == "70.7%"


def test_the_objectives_page_shows_it(listened, owner_client, teammate_client, outsider_client):
    sov_objective(listened)
    url = reverse("analytics:objectives", args=[listened.slug])
    with mock.patch("mostra.analytics.views.objectives.local_today", return_value=TODAY):
        html = owner_client.get(url).content.decode()
        assert teammate_client.get(url).status_code == 200
        assert outsider_client.get(url).status_code == 404
    block = html.split('id="objective-o-sov"')[1].split("</article>")[0]
    assert "Share of voice" in block and "70.7%" in block and "40%" in block
    assert 'data-status="missing_data"' not in block
    queries = reverse("listening:queries", args=[listened.slug])
    assert f'href="{queries}" data-link="listening"' in block  # not "enter its values"
    assert 'data-link="values"' not in block


def test_without_a_competitor_query_it_says_what_to_add(workspace):
    query(workspace, "Fromagerie du Lac", "brand")
    progress = objective_progress(sov_objective(workspace), TODAY)
    assert progress.status == "missing_data"
    assert progress.missing.startswith(
        "Listening needs an own-brand query and at least one competitor query"
    )


def test_without_queries_the_teams_recorded_values_are_read(workspace):
    Measurement.objects.create(
        workspace=workspace, kpi="share_of_voice", date=dt.date(2026, 10, 20), value=45
    )
    progress = objective_progress(sov_objective(workspace), TODAY)
    assert progress.current_value == 45
    assert progress.current_as_of == dt.date(2026, 10, 20)


def test_no_mention_in_the_last_30_days_is_missing_data(workspace):
    query(workspace, "Fromagerie du Lac", "brand")
    query(workspace, "Laiterie Martin", "competitor")
    progress = objective_progress(sov_objective(workspace), TODAY)
    assert progress.status == "missing_data" and progress.current_value is None
    assert "No mention of the brand or of its competitors" in progress.missing


def test_a_net_sentiment_forecast_may_be_negative(workspace):
    brand = query(workspace, "Fromagerie du Lac", "brand")
    day = START
    while day <= TODAY:
        many(workspace, brand, day, 5, sentiment=-0.6, lang="fr")
        day += dt.timedelta(days=7)
    objective = sov_objective(
        workspace, kpi="net_sentiment_ns1", baseline_value=-100, target_value=20
    )
    progress = objective_progress(objective, TODAY)
    assert progress.current_value == pytest.approx(-100)
    assert progress.forecast is not None and progress.forecast.value == pytest.approx(-100)


def _measurable(workspace):
    doc = export_document(workspace)
    ctx = context_for_workspace(workspace, TODAY)
    return smart_check(doc, "o-sov", ctx).letters["M"]


def test_measurable_waits_for_the_queries_share_of_voice_needs(workspace):
    sov_objective(workspace)
    letter = _measurable(workspace)
    assert letter.waiting == "objective-kpi-not-fed"
    assert any("add an own-brand query and a competitor query" in r for r in letter.reasons)
    query(workspace, "Fromagerie du Lac", "brand")
    assert _measurable(workspace).waiting == "objective-kpi-not-fed"
    query(workspace, "Laiterie Martin", "competitor")
    letter = _measurable(workspace)
    assert letter.ok is True and letter.waiting == ""


def test_an_objective_can_name_each_listening_kpi():
    from django.utils import translation

    from mostra.strategy.forms.objectives import _kpi_choices

    with translation.override("en"):
        offered = {code: label for _axis, group in _kpi_choices()[1:] for code, label in group}
    assert offered["share_of_voice"] == "Share of voice"
    assert offered["mentions"] == "Mentions" and offered["mention_reach"] == "Mention reach"
    assert offered["net_sentiment_ns1"].startswith("Net sentiment NS₁")
    assert offered["response_time_median"] == "Median response time"


def test_the_kpi_catalogue_page_lists_them(workspace, owner_client):
    page = owner_client.get(reverse("analytics:kpi_catalogue", args=[workspace.slug]))
    html = page.content.decode()
    for code in ("mentions", "mention_reach", "share_of_voice", "response_time_median"):
        assert f'id="kpi-{code}"' in html
    row = html.split('id="kpi-response_time_median"')[1].split("</tr>")[0]
    assert "hours" in row and "lower is better" in row


def test_an_objective_on_the_median_response_time(workspace):
    from tests.analytics.listening_kpis.builders import PARIS, mention

    query(workspace, "Fromagerie du Lac", "brand")
    day = START
    week = 0
    while day <= TODAY:  # each week, answers a little faster: 40 h, 38 h, 36 h…
        published = dt.datetime.combine(day, dt.time(9), tzinfo=PARIS)
        for extra in (0, 2, 4):
            mention(
                workspace,
                day=day,
                published_at=published,
                responded_at=published + dt.timedelta(hours=40 - 2 * week + extra),
            )
        day += dt.timedelta(days=7)
        week += 1
    objective = sov_objective(
        workspace, kpi="response_time_median", baseline_value=42, target_value=24
    )
    progress = objective_progress(objective, TODAY)
    # The last 30 days: the answers of the weeks from 5 October (weeks 9 to 12):
    # 22, 24, 26 h; 20, 22, 24 h; 18, 20, 22 h; 16, 18, 20 h: the median is 21 h.
    assert progress.current_value == 21
    assert progress.current_text == "21\u00a0h"
    assert progress.progress == pytest.approx((21 - 42) / (24 - 42))
    assert progress.forecast is not None and progress.status == "on_track"


def test_without_listening_the_team_records_the_response_time(workspace, owner_membership):
    from mostra.analytics.measurements.services import record_value
    from mostra.core.errors import DomainError

    record_value(
        owner_membership,
        "response_time_median",
        day=dt.date(2026, 10, 30),
        value=30,
        source="Zendesk",
        today=TODAY,
    )
    with pytest.raises(DomainError, match="cannot be negative"):
        record_value(owner_membership, "response_time_median", day=TODAY, value=-2, today=TODAY)
    objective = sov_objective(
        workspace, kpi="response_time_median", baseline_value=42, target_value=24
    )
    progress = objective_progress(objective, TODAY)
    assert progress.current_value == 30 and progress.current_text == "30\u00a0h"
    assert not progress.listened
