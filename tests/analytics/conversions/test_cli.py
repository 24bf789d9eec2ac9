"""``mostra conversions import|list|goal``: what a script or a person at a terminal reads;
bad input exits with status 2 and records nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from click.testing import CliRunner

from mostra.analytics.models import GoalMapping, TrafficRow
from mostra.cli import mostra
from tests.analytics.conversions.builders import link
from tests.analytics.conversions.conftest import DATA

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_18_november():
    with time_machine.travel(dt.datetime(2026, 11, 18, 15, tzinfo=dt.UTC), tick=False):
        yield


def run(*args: str, language: str = "en"):
    return CliRunner(env={"MOSTRA_LANGUAGE": language}).invoke(mostra, list(args))


IMPORT = ["conversions", "import", "--workspace", "fromagerie"]


def test_import_then_again_replaces(workspace):
    path = str(DATA / "matomo_campaigns.csv")
    result = run(*IMPORT, path, "--source", "matomo")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "5 rows imported from matomo, 2026-10-05 to 2026-10-06: 610 visits, 24 conversions "
        "(0 rows of that period replaced).\n"
    )
    again = run(*IMPORT, path, "--source", "matomo", "--format", "json")
    assert json.loads(again.output)["replaced"] == 5
    assert TrafficRow.objects.count() == 5


def test_a_refused_file_exits_2_naming_the_columns_and_records_nothing(workspace, tmp_path):
    bad = tmp_path / "pages.csv"
    bad.write_text("Page,Pageviews\n/,12\n", encoding="utf-8")
    result = run(*IMPORT, str(bad), "--source", "plausible")
    assert result.exit_code == 2
    assert "Session campaign" in result.output
    assert not TrafficRow.objects.exists()


def test_a_period_given_for_an_export_without_dates(workspace, tmp_path):
    path = tmp_path / "september.csv"
    path.write_text("Campaign,Visits,Conversions\natelier,30,2\n", encoding="utf-8")
    only_one = run(*IMPORT, str(path), "--source", "matomo", "--from", "2026-09-01")
    assert only_one.exit_code == 2 and "both --from and --to" in only_one.output
    result = run(
        *IMPORT, str(path), "--source", "matomo", "--from", "2026-09-01", "--to", "2026-09-30"
    )
    assert result.exit_code == 0, result.output
    row = TrafficRow.objects.get()
    assert (row.start, row.end, row.visits) == (dt.date(2026, 9, 1), dt.date(2026, 9, 30), 30)


def test_an_editor_may_not_import(workspace):
    result = run(
        *IMPORT,
        str(DATA / "ga4_traffic_acquisition.csv"),
        "--source",
        "ga4",
        "--as",
        "bob@example.org",
    )
    assert result.exit_code == 2 and "owners and managers" in result.output
    assert not TrafficRow.objects.exists()


def test_list_shows_each_row_and_what_it_is_matched_to(workspace):
    flyer = link(workspace, "flyer01", utm_source="flyer", utm_medium="offline")
    assert run("conversions", "list", "--workspace", "fromagerie").output.startswith(
        "No conversions imported yet"
    )
    run(*IMPORT, str(DATA / "matomo_campaigns.csv"), "--source", "matomo")
    table = run("conversions", "list", "--workspace", "fromagerie", "--from", "2026-10-06")
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert lines[0].split() == [
        "period",
        "campaign",
        "source",
        "/",
        "medium",
        "content",
        "visits",
        "conversions",
        "matched",
    ]
    assert len(lines) == 4  # the 6th's three rows
    flyer_line = next(line for line in lines if "flyer" in line)
    assert f"links {flyer.pk}" in flyer_line and "Inscription: 2" in flyer_line
    data = json.loads(
        run("conversions", "list", "--workspace", "fromagerie", "--format", "json").output
    )
    assert len(data) == 5
    assert {"utm_source": "flyer", "links": [flyer.pk], "visits": 15}.items() <= next(
        d for d in data if d["utm_source"] == "flyer"
    ).items()


def test_goal_maps_and_unmaps(workspace):
    result = run(
        "conversions", "goal", "Inscription", "--kpi", "registrations", "--workspace", "fromagerie"
    )
    assert result.exit_code == 0, result.output
    assert result.output == "Goal “Inscription” counts as registrations.\n"
    assert GoalMapping.objects.get().kpi == "registrations"
    run("conversions", "goal", "Inscription", "--kpi", "none", "--workspace", "fromagerie")
    assert not GoalMapping.objects.exists()
    wrong = run("conversions", "goal", "x", "--kpi", "followers", "--workspace", "fromagerie")
    assert wrong.exit_code == 2
