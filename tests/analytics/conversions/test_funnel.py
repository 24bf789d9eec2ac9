"""An objective's funnel on hand-built figures: each step, its rate, the cost per
conversion, and the steps nothing measures shown as unknown, never 0."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from mostra.analytics.conversions import services
from mostra.analytics.conversions.funnel import build, objective_funnel
from mostra.strategy.models import Objective
from tests.analytics.conversions.builders import ad_day, campaign, clicks, link, traffic
from tests.analytics.measurements.builders import registrations_objective

OCT_1, OCT_5, OCT_31 = dt.date(2026, 10, 1), dt.date(2026, 10, 5), dt.date(2026, 10, 31)


def figures(funnel):
    return [(s.code, s.value, None if s.rate is None else round(s.rate, 3)) for s in funnel.steps]


def test_each_step_its_rate_and_the_cost_per_conversion():
    funnel = build(10_000, 400, 300, 15, Decimal("120.00"))
    assert figures(funnel) == [
        ("reach", 10_000, None),
        ("clicks", 400, 0.04),
        ("visits", 300, 0.75),
        ("conversions", 15, 0.05),
    ]
    assert funnel.cost_per_conversion == Decimal("8.00")


def test_unknown_steps_stay_unknown_and_so_do_their_rates():
    funnel = build(None, 400, None, 0, None)
    assert figures(funnel) == [
        ("reach", None, None),
        ("clicks", 400, None),
        ("visits", None, None),
        ("conversions", 0, None),
    ]
    assert funnel.cost_per_conversion is None
    # Spend known but no conversion: no cost per conversion (not a division by 0).
    assert build(None, None, 10, 0, Decimal(50)).cost_per_conversion is None
    assert not build(None, None, None, None, None).known


@pytest.mark.django_db
def test_an_objective_funnel_from_its_campaign_links_and_traffic(
    workspace, owner_membership, django_assert_max_num_queries
):
    objective = registrations_objective(workspace)
    paid = campaign(workspace, objective=objective)
    ad_day(paid, OCT_5, spend=Decimal("60.00"), reach=5000, clicks=150, impressions=9000)
    ad_day(paid, dt.date(2026, 10, 6), spend=Decimal("40.00"), reach=3000, clicks=None)
    flyer = link(workspace, "flyer01", utm_source="flyer", utm_medium="offline")
    clicks(flyer, OCT_5, 20)
    clicks(flyer, dt.date(2026, 11, 2), 99)  # after the span
    traffic(workspace, OCT_5, 120, {"Inscription": 6, "Don": 1})
    traffic(workspace, OCT_5, 40, {"Inscription": 2}, utm_source="flyer", utm_medium="offline")
    traffic(workspace, OCT_5, 500, {"Inscription": 30}, utm_campaign="autre")
    services.map_goal(owner_membership, "Inscription", "registrations")
    objective = Objective.objects.get(pk=objective.pk)
    with django_assert_max_num_queries(8):
        funnel = objective_funnel(objective, OCT_1, OCT_31)
    assert figures(funnel) == [
        ("reach", 8000, None),
        ("clicks", 170, 0.021),
        ("visits", 160, 0.941),
        ("conversions", 8, 0.05),
    ]
    assert funnel.spend == Decimal("100.00")
    assert funnel.cost_per_conversion == Decimal("12.50")
    assert funnel.tags == ["atelier-octobre"]


@pytest.mark.django_db
def test_an_objective_without_campaign_or_traffic_has_every_step_unknown(workspace):
    objective = registrations_objective(workspace)
    funnel = objective_funnel(objective, OCT_1, OCT_31)
    assert [s.value for s in funnel.steps] == [None, None, None, None]
    assert funnel.cost_per_conversion is None and funnel.spend is None


@pytest.mark.django_db
def test_organic_links_only_reach_unknown_clicks_known(workspace):
    objective = registrations_objective(workspace)
    from mostra.editorial.models import Post
    from mostra.strategy.models import Strategy, Tactic

    strategy = Strategy.objects.create(workspace=workspace, key="s", objective=objective)
    tactic = Tactic.objects.create(workspace=workspace, key="t", strategy=strategy)
    post = Post.objects.create(workspace=workspace, title="Atelier", tactic=tactic)
    clicks(link(workspace, "post001", post=post, utm_campaign="rentree"), OCT_5, 12)
    traffic(workspace, OCT_5, 30, {"all": 3}, utm_campaign="rentree")
    funnel = objective_funnel(objective, OCT_1, OCT_31)
    # No goal mapped to registrations: every goal counts.
    assert figures(funnel) == [
        ("reach", None, None),
        ("clicks", 12, None),
        ("visits", 30, 2.5),
        ("conversions", 3, 0.1),
    ]
    assert funnel.spend is None and funnel.cost_per_conversion is None
