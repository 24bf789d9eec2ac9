"""Paid beside organic on the dashboard: the campaigns' figures over the period, "—"
where a side does not know, and no block for a workspace without campaigns."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from mostra.analytics.kpis import Period
from mostra.paid.models import Campaign
from mostra.reports.paid_board import paid_vs_organic

pytestmark = pytest.mark.django_db
MARCH = {"period": "custom", "from": "2026-03-01", "to": "2026-03-31"}


def url(workspace) -> str:
    return f"/w/{workspace.slug}/reports/dashboard/"


def cells(html: str) -> dict[str, tuple[str, str]]:
    found = html.split('id="dash-paid-title"')[1].split("</section>")[0]
    rows = re.findall(
        r'<tr data-row="(\w+)">.*?data-side="paid">(.*?)</td>.*?data-side="organic">(.*?)</td>',
        found,
        re.S,
    )
    return {code: (paid, organic) for code, paid, organic in rows}


def test_the_dashboard_sets_paid_beside_organic(workspace, owner_client, teammate_client):
    assert "dash-paid-title" not in owner_client.get(url(workspace), MARCH).content.decode()
    fair = Campaign.objects.create(
        workspace=workspace, name="Fair", start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31)
    )
    fair.days.create(
        day=dt.date(2026, 3, 2), spend=Decimal("12.50"), impressions=1500, clicks=25, reach=None
    )
    fair.days.create(day=dt.date(2026, 4, 2), spend=Decimal(99), clicks=99)  # out of period
    for client in (owner_client, teammate_client):
        got = cells(client.get(url(workspace), MARCH).content.decode())
        assert got["impressions"][0] == "1,500" and got["clicks"][0] == "25"
        assert got["cost"] == ("12.50 EUR", "—")
        assert got["cpc"][0] == "0.50 EUR"
        assert got["reach"][0] == "—"  # unknown, not zero


def test_no_campaign_no_block(workspace):
    assert paid_vs_organic(workspace, Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))) is None
