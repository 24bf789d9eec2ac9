"""The programme on the dashboard (a card) and in the monthly report (a section): what
the community manager and the reader check; absent when there is no programme."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from mostra.analytics.kpis import Period
from mostra.reports.programme_board import programme_board
from mostra.reports.report.figures import gather
from mostra.reports.report.period import month_period
from tests.ambassadors.measure_world import build_programme

NOVEMBER = dt.datetime(2026, 11, 15, 12, 0, tzinfo=dt.UTC)
OCTOBER = Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31))


@pytest.fixture(autouse=True)
def in_november():
    with time_machine.travel(NOVEMBER, tick=False):
        yield


def test_the_board_is_absent_without_a_programme(workspace, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert programme_board(workspace, OCTOBER) is None


def test_the_board_adds_up_the_programme(workspace, django_assert_max_num_queries):
    build_programme(workspace)

    with translation.override("fr"), django_assert_max_num_queries(4):
        board = programme_board(workspace, OCTOBER)

    assert board is not None
    assert board.total.reach == "2\u00a0000"  # 1 200 + 800
    assert board.total.compliance == "50\u00a0%" and board.total.checked == "1 sur 2"
    assert board.non_compliant == 1
    (campaign,) = board.campaigns
    assert campaign.name == "Lancement Comté"
    assert campaign.cost_per_engagement == "2,50\u00a0EUR"  # 100 EUR ÷ 40 engagements


def test_the_dashboard_shows_the_programme_card(owner_client, teammate_client, workspace):
    build_programme(workspace)
    url = reverse("reports:dashboard", args=["fromagerie"])
    query = "?period=custom&from=2026-10-01&to=2026-10-31"

    for client in (owner_client, teammate_client):
        page = client.get(url + query, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert 'data-section="programme"' in page
        assert 'data-figure="reach">2,000<' in page
        assert 'data-figure="clicks">25<' in page
        assert "50%" in page
        assert reverse("analytics:programme_figures", args=["fromagerie"]) in page


def test_the_dashboard_has_no_programme_card_without_one(owner_client, workspace):
    page = owner_client.get(reverse("reports:dashboard", args=["fromagerie"])).content.decode()

    assert 'data-section="programme"' not in page


def test_the_report_has_the_programme_s_section(owner_client, workspace):
    build_programme(workspace)

    response = owner_client.get(
        reverse("reports:report", args=["fromagerie"]) + "?period=2026-10&lang=fr"
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="r-programme"' in page
    assert "Portée" in page or "Reach" in page
    assert "2\u00a0000" in page
    assert "50\u00a0%" in page
    assert 'data-campaign="Lancement Comté"' in page
    assert "1 paid or gifted post" in page or "1 publication" in page


def test_the_report_s_data_leaves_the_section_out_without_a_programme(workspace, owner_client):
    data = gather(workspace, month_period(2026, 10), "en", dt.date(2026, 11, 15))

    assert data.programme is None
    page = owner_client.get(
        reverse("reports:report", args=["fromagerie"]) + "?period=2026-10"
    ).content.decode()
    assert 'id="r-programme"' not in page


def test_the_report_s_data_has_the_programme_in_the_reader_s_language(workspace):
    build_programme(workspace)

    data = gather(workspace, month_period(2026, 10), "en", dt.date(2026, 11, 15))

    assert data.programme.total.reach == "2,000"
    assert data.programme.total.clicks == "25"
    assert data.programme.campaigns[0].cost_per_engagement == "2.50\u00a0EUR"
