"""Objectives served by the programme: a programme KPI is measured on the objective
(now, progress), and the campaigns tied to it show on the objectives page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from mostra.analytics.progress import workspace_progress
from mostra.strategy.models import Objective
from tests.ambassadors.measure_world import build_programme

TODAY = dt.date(2026, 10, 31)


@pytest.fixture
def objective(workspace):
    return Objective.objects.create(
        workspace=workspace,
        key="o-programme",
        title="Be talked about by our ambassadors",
        axis="awareness",
        kpi="programme_reach",
        baseline_value=0,
        baseline_date=dt.date(2026, 10, 1),
        target_value=4000,
        start=dt.date(2026, 10, 1),
        deadline=dt.date(2027, 3, 31),
    )


def test_a_programme_kpi_is_measured_on_its_objective(workspace, objective):
    build_programme(workspace)

    (item,) = workspace_progress(workspace, TODAY)

    assert item.current_value == 2000  # 1,200 + 800 over the last 30 days
    assert item.progress == 0.5  # half way from 0 to 4,000
    assert item.current_text == "2,000"
    assert not item.missing or item.status == "not_enough_data"


def test_a_rate_is_on_the_objective_s_scale(workspace, objective):
    build_programme(workspace)
    objective.kpi = "programme_compliance_rate"
    objective.target_value = 100
    objective.save()

    (item,) = workspace_progress(workspace, TODAY)

    assert item.current_value == 50  # 1 of 2 compliant: 50 %
    assert item.current_text == "50%"


def test_without_a_programme_the_objective_says_what_to_do(workspace, objective):
    (item,) = workspace_progress(workspace, TODAY)

    assert item.status == "missing_data"
    assert "Ambassadors" in item.missing


def test_the_objectives_page_shows_the_campaigns_serving_it(
    owner_client, teammate_client, outsider_client, workspace, objective
):
    programme = build_programme(workspace)
    programme.campaign.objective = objective
    programme.campaign.save()
    url = reverse("analytics:objectives", args=["fromagerie"])

    with time_machine.travel("2026-10-31 12:00Z", tick=False):
        for client in (owner_client, teammate_client):
            page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
            assert 'data-section="programme"' in page
            assert 'data-name="Lancement Comté"' in page
            assert 'data-figure="reach">2,000<' in page
        assert outsider_client.get(url).status_code == 404
