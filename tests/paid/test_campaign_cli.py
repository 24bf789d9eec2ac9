"""``mostra campaign import`` and ``mostra campaign list``: the same service as the
page, exit status 2 and nothing imported when refused, JSON for scripts."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from mostra.analytics.cli_campaign import campaign_group
from mostra.paid.models import Campaign, CampaignDay

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"


def run(*args: str):
    return CliRunner().invoke(campaign_group, list(args), catch_exceptions=False)


def test_import_then_list(workspace, monkeypatch):
    Campaign.objects.create(
        workspace=workspace,
        name="Recruiting engineers",
        start=dt.date(2026, 3, 1),
        end=dt.date(2026, 3, 31),
        budget=Decimal(3100),
    )
    path = str(DATA / "linkedin_en.csv")
    result = run("import", path, "--network", "linkedin", "--workspace", "fromagerie")
    assert result.exit_code == 0, result.output
    assert "3 campaign days (Recruiting engineers)" in result.output
    assert "Columns not read: Account Name, Campaign Group Name, Campaign ID" in result.output
    assert CampaignDay.objects.count() == 3

    monkeypatch.setattr("django.utils.timezone.localdate", lambda: dt.date(2026, 3, 3))
    listed = run("list", "--workspace", "fromagerie", "--format", "json")
    (row,) = json.loads(listed.output)
    assert (row["name"], row["budget"], row["currency"]) == (
        "Recruiting engineers",
        "3100.00",
        "EUR",
    )
    # 3 days of 100 € planned, 2,000.50 € spent: far over plan.
    assert row["pacing"]["state"] == "over" and row["pacing"]["spent"] == "2000.50"
    table = run("list", "--workspace", "fromagerie")
    assert "Recruiting engineers" in table.output and "over plan by" in table.output


def test_a_refused_file_exits_2_naming_each_problem(workspace, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "Campaign name,Day,Amount spent (EUR)\nFair,2026-03-02,abc\nFair,someday,1\n",
        encoding="utf-8",
    )
    Campaign.objects.create(
        workspace=workspace, name="Fair", start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 9)
    )
    result = run("import", str(bad), "--network", "meta", "--workspace", "fromagerie")
    assert result.exit_code == 2
    assert "line 2: the amount spent “abc” is not an amount" in result.output
    assert "line 3: “someday” is not a date" in result.output
    assert not CampaignDay.objects.exists()


def test_unknown_campaigns_are_created_with_create(workspace):
    path = str(DATA / "meta_ads_fr.csv")
    refused = run("import", path, "--network", "meta", "--workspace", "fromagerie")
    assert refused.exit_code == 2 and "Salon du livre 2026" in refused.output
    done = run("import", path, "--network", "meta", "--workspace", "fromagerie", "--create")
    assert done.exit_code == 0, done.output
    assert "Campaigns created (set their budget)" in done.output
    assert Campaign.objects.filter(workspace=workspace).count() == 2


def test_an_unknown_workspace_is_a_usage_error(db):
    result = run("list", "--workspace", "nope")
    assert result.exit_code == 2 and "nope" in result.output
