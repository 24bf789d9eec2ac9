"""The monthly report's Funnel section: a make-act objective's funnel over the month,
unknown steps written as unknown; none without any measured step."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from mostra.analytics.conversions import services
from mostra.reports.report.figures import gather
from mostra.reports.report.html import render_document
from mostra.reports.report.period import ReportPeriod
from tests.analytics.conversions.builders import ad_day, campaign, clicks, link, traffic
from tests.analytics.measurements.builders import registrations_objective

pytestmark = pytest.mark.django_db
OCTOBER = ReportPeriod(dt.date(2026, 10, 1), dt.date(2026, 10, 31))


def test_the_funnel_section_of_october(workspace, owner_membership):
    objective = registrations_objective(workspace)
    paid = campaign(workspace, objective=objective)
    ad_day(paid, dt.date(2026, 10, 5), spend=Decimal("80.00"), reach=4000, clicks=100)
    ad_day(paid, dt.date(2026, 9, 30), spend=Decimal("999.00"), reach=1, clicks=1)  # September
    clicks(link(workspace, "flyer01", utm_source="flyer", utm_medium="offline"), OCT_10, 20)
    traffic(workspace, OCT_10, 90, {"Inscription": 4, "Don": 9})
    services.map_goal(owner_membership, "Inscription", "registrations")
    data = gather(workspace, OCTOBER, "en", today=dt.date(2026, 11, 3))
    [section] = data.funnels
    assert section.title == objective.title
    assert [(s.code, s.value, s.rate) for s in section.funnel.steps] == [
        ("reach", "4,000", ""),
        ("clicks", "120", "3.0 %"),
        ("visits", "90", "75.0 %"),
        ("conversions", "4", "4.4 %"),
    ]
    assert section.funnel.cost_per_conversion == "20.00 EUR"
    html = render_document(data)
    assert '<section id="r-funnel">' in html and "Cost per conversion" in html


def test_no_funnel_section_without_a_measured_step(workspace):
    registrations_objective(workspace)
    assert gather(workspace, OCTOBER, "en", today=dt.date(2026, 11, 3)).funnels == []


OCT_10 = dt.date(2026, 10, 10)
