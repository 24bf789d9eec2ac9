"""The report's appendix lists what the team's tools cost a month, per category and
currency (never converted), and says nothing of tools when the workspace lists none."""

from __future__ import annotations

import datetime as dt

import pytest

from mostra.reports.report import html
from mostra.reports.report.figures import gather
from mostra.reports.report.period import parse_period
from mostra.toolbox.services import tools

pytestmark = pytest.mark.django_db

OCTOBER = parse_period("2026-10")
TODAY = dt.date(2026, 11, 15)


def appendix(page: str) -> str:
    return page.split('id="r-appendix"')[1]


def test_the_appendix_has_the_monthly_cost_per_category_and_currency(workspace, owner_membership):
    tools.add_tool(owner_membership, {"name": "Canva", "category": "content", "monthly_cost": "12"})
    tools.add_tool(
        owner_membership,
        {"name": "Brandwatch", "category": "monitoring", "monthly_cost": "800", "currency": "USD"},
    )
    tools.add_tool(
        owner_membership, {"name": "Mention", "category": "monitoring", "monthly_cost": "49"}
    )
    page = appendix(html.render_document(gather(workspace, OCTOBER, "en", today=TODAY)))
    assert "The team's tools: monthly cost" in page
    monitoring = page.split("Monitoring")[1].split("</tr>")[0]
    assert "49.00 EUR" in monitoring and "800.00 USD" in monitoring
    everything = page.split("All tools")[1].split("</tr>")[0]
    assert "61.00 EUR" in everything and "800.00 USD" in everything


def test_no_tool_no_toolbox_lines(workspace):
    page = appendix(html.render_document(gather(workspace, OCTOBER, "en", today=TODAY)))
    assert "The team's tools" not in page
