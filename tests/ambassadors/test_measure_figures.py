"""The programme's figures and KPIs: what a community manager checks on the page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from mostra.analytics.kpis import Period
from mostra.analytics.programme_kpis import as_data, gather, measure
from mostra.analytics.programme_kpis.measure import line_data
from tests.ambassadors.measure_world import (
    OCTOBER_END,
    OCTOBER_START,
    build_brand_posts,
    build_programme,
)

OCTOBER = Period(OCTOBER_START, OCTOBER_END)


@pytest.fixture
def programme(workspace):
    return build_programme(workspace)


def test_the_programme_adds_up_the_members_posts_links_and_fees(workspace, programme):
    figures = gather(workspace, OCTOBER)
    total = figures.total

    assert total.posts == 3  # November's post is not October's
    assert total.reach == 2000  # 1,200 + 800
    assert total.engagements == 46  # 30 + 10 + the ambassador's 6
    assert total.clicks == 25  # 12 + 8 + 5; September's 99 are not counted
    assert (total.compliant, total.checked) == (1, 2)
    assert total.compliance_rate == 0.5
    assert total.fees == Decimal("100.00")
    assert total.paid_engagements == 40  # the ambassador's 6 never lower the cost
    assert total.cost_per_engagement == Decimal("2.50")
    assert total.cost_per_click == Decimal("5.00")  # 100 EUR ÷ 20 clicks
    assert total.non_compliant == 1


def test_each_member_and_campaign_has_its_row(workspace, programme):
    figures = gather(workspace, OCTOBER)
    lea, marc = figures.members

    assert (lea.name, lea.posts, lea.reach, lea.engagements, lea.clicks) == (
        "Léa <Fromages>",
        2,
        2000,
        40,
        20,
    )
    assert lea.cost_per_engagement == Decimal("2.50")
    assert lea.compliance_rate == 0.5
    assert (marc.posts, marc.reach, marc.engagements, marc.clicks) == (1, None, 6, 5)
    assert marc.cost_per_engagement is None and marc.compliance_rate is None
    (campaign,) = figures.campaigns
    assert (campaign.name, campaign.posts, campaign.reach, campaign.clicks) == (
        "Lancement Comté",
        3,
        2000,
        25,
    )


def test_the_kpis_are_measured_from_the_programme(workspace, programme):
    values = measure(workspace, OCTOBER)

    assert values["programme_reach"].value == 2000
    assert values["programme_engagements"].value == 46
    assert values["programme_engagement_rate"].value == pytest.approx(40 / 2000)
    assert values["programme_clicks"].value == 25
    assert values["programme_compliance_rate"].value == 0.5
    assert values["programme_cost_per_engagement"].value == 2.5
    assert values["programme_cost_per_click"].value == 5.0
    # No web analytics import: conversions are unknown, with what to do.
    assert values["programme_conversions"].value is None
    assert "mostra conversions import" in values["programme_conversions"].missing


def test_without_a_programme_every_kpi_says_what_to_do(workspace):
    with translation.override("fr"):
        values = measure(workspace, OCTOBER)

    assert all(v.value is None and v.missing for v in values.values())


def test_the_brand_s_own_posts_are_beside_the_programme_s(workspace, programme):
    build_brand_posts(workspace)

    data = as_data(gather(workspace, OCTOBER, brand=True))

    median = data["median_engagements_per_post"]
    assert median["brand"] == 20  # 10, 20, 60: the competitor's 1,000 never counts
    assert median["programme"] == 10  # 6, 10, 30
    assert (median["programme_posts"], median["brand_posts"]) == (3, 3)
    assert data["kpis"]["programme_reach"]["value"] == 2000
    assert data["members"][0]["cost_per_engagement"] == "2.50"


def test_the_figures_take_a_fixed_number_of_queries(
    workspace, programme, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):  # the posts, the collaborations, the clicks
        gather(workspace, OCTOBER)
    with django_assert_max_num_queries(4):
        gather(workspace, OCTOBER, brand=True)


def test_conversions_are_those_of_the_rows_matched_to_one_member_s_link(workspace, programme):
    from mostra.analytics.models import GoalCount, TrafficRow

    row = TrafficRow.objects.create(
        workspace=workspace,
        tool="matomo",
        start=dt.date(2026, 10, 6),
        end=dt.date(2026, 10, 6),
        utm_source="bluesky",
        utm_medium="ambassador",
        utm_campaign="lancement-comte",
        utm_content="lea0001",
        visits=30,
    )
    GoalCount.objects.create(row=row, goal="Inscription", conversions=4)

    rows = [line_data(m) for m in gather(workspace, OCTOBER, conversions=True).members]

    assert [(r["name"], r["conversions"]) for r in rows] == [
        ("Léa <Fromages>", 4),
        ("Marc Petit", 0),
    ]
    assert measure(workspace, OCTOBER)["programme_conversions"].value == 4


def test_a_tracked_post_s_engagement_is_the_catalogue_s_one_definition(workspace):
    """The post's page, the roster and the figures count engagement as every KPI does
    (mostra.core.engagement): likes + replies + reposts + quotes, unknown (—) when one of
    likes, replies and reposts is not given, never the known part's sum."""
    from mostra.ambassadors.models import Member
    from mostra.ambassadors.services.roster import programme_figures
    from mostra.core.engagement import engagements
    from tests.ambassadors.measure_world import _post

    member = Member.objects.create(workspace=workspace, name="Zoé")
    full = _post(workspace, member, None, 1, likes=40, replies=5, reposts=3, quotes=2)
    partial = _post(workspace, member, None, 2, likes=90, replies=None, reposts=4, quotes=1)
    assert full.engagements == engagements({"likes": 40, "replies": 5, "reposts": 3, "quotes": 2})
    assert full.engagements == 50
    assert partial.engagements is None  # not 95: the replies are not known
    figures = programme_figures(workspace)[member.pk]
    assert (figures.posts, figures.engagements) == (2, 50)
    nothing_known = Member.objects.create(workspace=workspace, name="Yves")
    _post(workspace, nothing_known, None, 3, likes=None, replies=None, reposts=None, quotes=7)
    assert programme_figures(workspace)[nothing_known.pk].engagements is None
