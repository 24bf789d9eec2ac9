"""The paid KPIs from hand-built campaign days (unknown is not zero), and the budget's
pacing against a linear plan, warned beyond the campaign's threshold."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from mostra.analytics.kpis import Period
from mostra.analytics.paid_kpis import measure
from mostra.paid.models import Campaign, CampaignDay
from mostra.paid.services.figures import pacing, pacing_of

pytestmark = pytest.mark.django_db
MARCH = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def make(workspace, name="Fair", budget=310, **kw) -> Campaign:
    return Campaign.objects.create(
        workspace=workspace,
        name=name,
        start=kw.pop("start", dt.date(2026, 3, 1)),
        end=kw.pop("end", dt.date(2026, 3, 31)),
        budget=Decimal(budget),
        **kw,
    )


def day(c: Campaign, d: int, spend=None, impressions=None, clicks=None, results=None):
    CampaignDay.objects.create(
        campaign=c,
        day=dt.date(2026, 3, d),
        spend=None if spend is None else Decimal(spend),
        impressions=impressions,
        clicks=clicks,
        results=results,
    )


def test_kpis_read_only_the_days_giving_both_terms(workspace, django_assert_max_num_queries):
    fair, other = make(workspace), make(workspace, "Members")
    day(fair, 2, "20.00", 10_000, 100, 4)
    day(fair, 3, "10.00", None, 50, None)  # impressions and results unknown
    day(other, 4, "30.00", 5_000, 50, 6)
    day(other, 5, None, 1_000, 10, None)  # spend unknown
    make(workspace, "April").days.create(day=dt.date(2026, 4, 1), spend=Decimal(99))
    with django_assert_max_num_queries(1):
        got = measure(workspace, MARCH)
    # results on days 2 and 4: (20 + 30) / (4 + 6)
    assert got["cost_per_result"].value == pytest.approx(5.0)
    # impressions with spend on days 2 and 4: (50 / 15,000) × 1,000
    assert got["cpm"].value == pytest.approx(50 / 15_000 * 1000)
    # clicks with spend on days 2, 3 and 4: 60 / 200
    assert got["cpc"].value == pytest.approx(0.3)
    # clicks with impressions on days 2, 4 and 5: 160 / 16,000
    assert got["paid_ctr"].value == pytest.approx(0.01)


def test_without_days_every_paid_kpi_is_missing_never_zero(workspace):
    fair = make(workspace)
    day(fair, 2, "20.00", None, None, None)  # spend only
    got = measure(workspace, MARCH)
    for code in ("cost_per_result", "cpm", "cpc", "paid_ctr"):
        assert got[code].value is None
        assert "import the ad manager's export" in got[code].missing
    day(fair, 3, "0.00", 1000, 0, 0)  # zero results: no cost per result either
    assert measure(workspace, MARCH)["cost_per_result"].value is None
    assert measure(workspace, MARCH)["cpm"].value == 0


def test_pacing_against_the_linear_plan(workspace):
    fair = make(workspace)  # 310 € over 31 days: 10 € a day
    assert pacing(fair, dt.date(2026, 2, 20)).state == "not_started"
    assert pacing(fair, dt.date(2026, 3, 10)).state == "no_spend"
    for d in range(1, 11):
        day(fair, d, "11.00")  # 110 € for a plan of 100 €: 10 % over, within 20 %
    on_plan = pacing(fair, dt.date(2026, 3, 10))
    assert (on_plan.state, on_plan.planned, on_plan.spent) == ("on_plan", 100, 110)
    assert not on_plan.warning and on_plan.gap == pytest.approx(0.1)
    day(fair, 11, "40.00")  # 150 € for 110 €: 36 % over
    assert pacing(fair, dt.date(2026, 3, 11)).warning
    assert pacing(fair, dt.date(2026, 3, 11)).state == "over"
    # two weeks later with nothing more spent: 150 € for 250 €, 40 % under.
    assert pacing(fair, dt.date(2026, 3, 25)).state == "under"
    fair.pacing_threshold = 50
    assert pacing(fair, dt.date(2026, 3, 25)).state == "on_plan"


def test_pacing_of_many_campaigns_is_one_query(workspace, django_assert_num_queries):
    campaigns = [make(workspace, f"C{i}") for i in range(5)]
    for c in campaigns[:3]:
        day(c, 1, "30.00")
    with django_assert_num_queries(1):
        paces = pacing_of(campaigns, dt.date(2026, 3, 1))
    assert [paces[c.pk].state for c in campaigns] == ["over"] * 3 + ["no_spend"] * 2
    assert paces[campaigns[0].pk] == pacing(campaigns[0], dt.date(2026, 3, 1))


def test_an_objective_on_cost_per_result_reads_the_campaigns(workspace):
    from mostra.analytics.progress import objective_progress
    from mostra.strategy.models import Objective

    objective = Objective.objects.create(
        workspace=workspace,
        key="o-cpr",
        title="Moins cher par inscription",
        axis="action",
        kpi="cost_per_result",
        baseline_value=10,
        target_value=5,
        start=dt.date(2026, 3, 1),
        deadline=dt.date(2026, 6, 30),
    )
    missing = objective_progress(objective, dt.date(2026, 3, 31))
    assert missing.current_value is None and "ad manager's export" in missing.missing
    fair = make(workspace)
    day(fair, 2, "40.00", results=5)
    day(fair, 20, "20.00", results=5)
    progress = objective_progress(objective, dt.date(2026, 3, 31))
    assert progress.current_value == pytest.approx(6.0)  # 60 € for 10 results
    assert progress.progress == pytest.approx(0.8)
