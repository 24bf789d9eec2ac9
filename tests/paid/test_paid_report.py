"""The monthly report's paid and organic section: the campaigns' month beside the
accounts', and no section for a workspace without campaigns."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from mostra.paid.models import Campaign
from mostra.reports.report import html
from mostra.reports.report.figures import gather
from mostra.reports.report.period import parse_period

pytestmark = pytest.mark.django_db
MARCH = parse_period("2026-03")
TODAY = dt.date(2026, 4, 5)


def test_the_report_shows_paid_beside_organic(workspace):
    assert gather(workspace, MARCH, "en", today=TODAY).paid_vs_organic == []
    fair = Campaign.objects.create(
        workspace=workspace, name="Fair", start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31)
    )
    fair.days.create(day=dt.date(2026, 3, 2), spend=Decimal("40"), clicks=80, impressions=None)
    data = gather(workspace, MARCH, "en", today=TODAY)
    rows = {row.code: (row.paid, row.organic) for row in data.paid_vs_organic}
    assert rows["cost"] == ("40.00 EUR", "—") and rows["clicks"][0] == "80"
    assert rows["impressions"][0] == "—" and rows["cpc"][0] == "0.50 EUR"
    page = html.render_document(data)
    assert 'id="r-paid"' in page and "Paid and organic" in page
