"""``mostra kpi values add|import`` and ``mostra objectives``: what a script or a person
at a terminal reads; bad input exits with status 2 and records nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from click.testing import CliRunner

from mostra.analytics.models import Measurement
from mostra.cli import mostra
from tests.analytics.measurements.builders import (
    START,
    TODAY,
    daily_csv,
    growing,
    registrations_objective,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_18_november():
    with time_machine.travel(dt.datetime(2026, 11, 18, 15, tzinfo=dt.UTC), tick=False):
        yield


def run(*args: str, language: str = "en"):
    return CliRunner(env={"MOSTRA_LANGUAGE": language}).invoke(mostra, list(args))


ADD = ["kpi", "values", "add", "--workspace", "fromagerie", "--kpi", "registrations"]


def test_add_a_value_then_replace_it(workspace):
    result = run(*ADD, "--date", "2026-10-05", "--value", "12", "--source", "HelloAsso")
    assert result.exit_code == 0, result.output
    assert result.output == "Registrations: 12 people recorded on 2026-10-05.\n"
    m = Measurement.objects.get()
    assert (m.value, m.source, m.recorded_by.email) == (12, "HelloAsso", "alice@example.org")
    again = run(*ADD, "--date", "2026-10-05", "--value", "13")
    assert again.exit_code == 2 and "already has a value" in again.output
    replaced = run(*ADD, "--date", "2026-10-05", "--value", "13,5", "--replace")
    assert replaced.exit_code == 0 and Measurement.objects.get().value == 13.5


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--date", "2026-10-05", "--value", "1,234"], "could mean"),
        (["--date", "2026-10-05", "--value", "douze"], "is not a number"),
        (["--date", "5 octobre", "--value", "12"], "is not a date"),
        (["--date", "2027-01-05", "--value", "12"], "after today"),
        (["--date", "2026-10-05", "--value", "12", "--as", "zoe@example.org"], "not a member"),
    ],
)
def test_bad_input_exits_2_and_records_nothing(workspace, args, words):
    result = run(*ADD, *args)
    assert result.exit_code == 2 and words in result.output, result.output
    assert not Measurement.objects.exists()


def test_a_kpi_mostra_computes_or_an_archived_workspace_is_refused(workspace):
    result = run(*ADD[:-1], "reach", "--date", "2026-10-05", "--value", "3")
    assert result.exit_code == 2 and "import their history or connect them" in result.output
    from django.utils import timezone

    workspace.archived_at = timezone.now()
    workspace.save()
    result = run(*ADD, "--date", "2026-10-05", "--value", "3")
    assert result.exit_code == 2 and "archived" in result.output
    assert not Measurement.objects.exists()


def test_import_a_csv_all_or_nothing(workspace, tmp_path):
    path = tmp_path / "inscriptions.csv"
    path.write_text("date,value\n2026-10-05,3\n2026-10-06,x\n2026-10-32,1\n", encoding="utf-8")
    command = ["kpi", "values", "import", str(path), "--workspace", "fromagerie"]
    result = run(*command, "--kpi", "registrations")
    assert result.exit_code == 2
    assert "line 3: x is not a number" in result.output and "line 4:" in result.output
    assert not Measurement.objects.exists()
    path.write_text(daily_csv(START, TODAY, growing), encoding="utf-8")
    result = run(*command, "--kpi", "registrations", "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert (summary["days"], summary["added"], summary["first"], summary["last"]) == (
        141,
        141,
        "2026-07-01",
        "2026-11-18",
    )
    result = run(*command, "--kpi", "registrations")
    assert "141 unchanged" in result.output
    assert Measurement.objects.get(date=dt.date(2026, 11, 18)).source == "inscriptions.csv"


def test_objectives_in_a_table_and_in_json(workspace, tmp_path):
    registrations_objective(workspace)
    registrations_objective(workspace, key="o-leads", title="Des devis", kpi="leads")
    path = tmp_path / "inscriptions.csv"
    path.write_text(daily_csv(START, TODAY, growing), encoding="utf-8")
    run("kpi", "values", "import", str(path), "--workspace", "fromagerie", "--kpi", "registrations")

    table = run("objectives", "--workspace", "fromagerie")
    assert table.exit_code == 0, table.output
    line = next(row for row in table.output.splitlines() if row.startswith("o-inscriptions"))
    assert "Registrations" in line and "40 people" in line and "300 people" in line
    assert "138 people (as of 11/18/2026)" in line and "38 %" in line
    assert "on 03/31/2027 (" in line
    assert "No value of Leads is recorded yet" in table.output  # a numbered note

    data = json.loads(run("objectives", "--workspace", "fromagerie", "--format", "json").output)
    first = data[0]
    assert {key: first[key] for key in ("id", "kpi", "unit", "baseline", "current", "target")} == {
        "id": "o-inscriptions",
        "kpi": "registrations",
        "unit": "people",
        "baseline": 40,
        "current": 138,
        "target": 300,
    }
    assert first["current_as_of"] == "2026-11-18" and round(first["progress"], 3) == 0.377
    assert first["forecast"]["at"] == "2027-03-31" and first["status"] in {"at_risk", "off_track"}
    assert data[1]["status"] == "missing_data" and data[1]["current"] is None


def test_mostra_kpi_still_shows_the_kpis_and_wants_a_workspace(workspace):
    assert run("kpi", "--workspace", "fromagerie").exit_code == 0
    result = run("kpi")
    assert result.exit_code == 2 and "--workspace" in result.output
