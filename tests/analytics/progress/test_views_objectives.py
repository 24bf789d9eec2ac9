"""The objectives page: owner, teammate, outsider; the figures a user checks; queries."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse

from mostra.strategy.models import Objective
from tests.analytics.progress.builders import account, followers

TODAY = dt.date(2026, 9, 30)
START = dt.date(2026, 6, 1)


@pytest.fixture
def tracked(workspace):
    acc = account(workspace)
    days = (TODAY - START).days + 1
    followers(acc, {START + dt.timedelta(days=i): 1000 + 3 * i for i in range(days)})
    Objective.objects.create(
        workspace=workspace,
        key="o-followers",
        title="Se faire connaître sur X",
        axis="awareness",
        networks=["x"],
        kpi="followers",
        baseline_value=1000,
        baseline_date=START,
        target_value=1500,
        start=START,
        deadline=dt.date(2026, 12, 31),
    )
    Objective.objects.create(
        workspace=workspace,
        key="o-leads",
        title="Des demandes de devis",
        axis="action",
        networks=["x"],
        kpi="leads",
        baseline_value=6,
        target_value=12,
        deadline=dt.date(2026, 12, 31),
    )
    return workspace


def url(workspace) -> str:
    return reverse("analytics:objectives", args=[workspace.slug])


@pytest.fixture(autouse=True)
def _today():
    with mock.patch("mostra.analytics.views.objectives.local_today", return_value=TODAY):
        yield


def test_owner_sees_baseline_current_target_progress_forecast_and_status(tracked, owner_client):
    response = owner_client.get(url(tracked))
    assert response.status_code == 200
    html = response.content.decode()
    block = html.split('id="objective-o-followers"')[1].split("</article>")[0]
    assert 'data-status="on_track"' in block and "On track" in block
    assert "1,000" in block and "1,363" in block and "1,500" in block
    assert "73 % of the way" in block and 'style="width: 73%"' in block
    assert "Forecast for 31 December 2026" in block and "1,639" in block
    assert "<svg" in block  # the weekly series with the target and the forecast
    assert "17 weekly values" in block
    leads = html.split('id="objective-o-leads"')[1].split("</article>")[0]
    assert 'data-status="missing_data"' in leads and "Missing data" in leads


def test_teammate_sees_the_page(tracked, teammate_client):
    response = teammate_client.get(url(tracked))
    assert response.status_code == 200
    assert "Se faire connaître sur X" in response.content.decode()


def test_outsider_gets_404(tracked, outsider_client):
    assert outsider_client.get(url(tracked)).status_code == 404


def test_anonymous_is_sent_to_sign_in(tracked, client):
    response = client.get(url(tracked))
    assert response.status_code == 302


def test_no_objective_says_where_to_write_one(workspace, owner_client):
    html = owner_client.get(url(workspace)).content.decode()
    assert (
        "No objective yet" in html and reverse("strategy:overview", args=[workspace.slug]) in html
    )


def test_the_page_reads_a_bounded_number_of_queries(
    tracked, owner_client, django_assert_max_num_queries
):
    for i in range(3):
        Objective.objects.create(
            workspace=tracked,
            key=f"o-extra-{i}",
            title=f"Extra {i}",
            axis="liking",
            networks=["x"],
            kpi="repost_ratio",
            baseline_value=40,
            target_value=20,
            start=START,
            deadline=dt.date(2026, 12, 31),
        )
    # session, user, membership… plus 2 + 4 per objective (5 objectives)
    with django_assert_max_num_queries(8 + 2 + 4 * 5):
        assert owner_client.get(url(tracked)).status_code == 200
