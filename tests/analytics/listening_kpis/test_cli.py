"""``mostra kpi listening``: the workspace's listening KPIs in a table and in JSON;
missing figures say why; bad input exits 2."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from mostra.analytics.cli_kpi import kpi_command
from tests.analytics.listening_kpis.builders import many, query

pytestmark = pytest.mark.django_db
OCTOBER = ["--from", "2026-10-01", "--to", "2026-10-31"]


def listening(*args: str, language: str = "en"):
    runner = CliRunner(env={"MOSTRA_LANGUAGE": language})
    return runner.invoke(kpi_command, ["listening", "--workspace", "fromagerie", *args])


@pytest.fixture
def listened(workspace):
    brand = query(workspace, "Fromagerie du Lac", "brand")
    rival = query(workspace, "Laiterie Martin", "competitor")
    many(workspace, brand, dt.date(2026, 10, 8), 3, sentiment=0.6, lang="fr")
    many(workspace, brand, dt.date(2026, 10, 9), 1, sentiment=-0.6, lang="fr")
    many(workspace, rival, dt.date(2026, 10, 9), 12)
    return workspace


def test_the_table(listened):
    result = listening(*OCTOBER)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Period: 2026-10-01 to 2026-10-31 (Europe/Paris)"
    assert any(line.startswith("Mentions ") and line.endswith(" 4") for line in lines)
    assert any(line.startswith("Share of voice") and "25.0%" in line for line in lines)
    reach = next(line for line in lines if line.startswith("Mention reach"))
    assert "—  No author's audience is known" in reach
    assert "  Laiterie Martin: 75.0% (12)" in lines


def test_json_for_scripts(listened):
    result = listening(*OCTOBER, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["period"] == {"from": "2026-10-01", "to": "2026-10-31"}
    assert data["kpis"]["share_of_voice"] == {
        "value": 0.25,
        "numerator": 4,
        "denominator": 16,
        "missing": "",
        "note": "",
    }
    assert data["kpis"]["net_sentiment_ns1"]["value"] == 0.5
    assert data["kpis"]["mention_reach"]["value"] is None
    assert data["voices"][1] == {
        "name": "Laiterie Martin",
        "own": False,
        "mentions": 12,
        "share": 0.75,
    }


def test_french(listened):
    result = listening(*OCTOBER, language="fr")
    assert result.exit_code == 0, result.output
    assert "25,0\u00a0%" in result.output


def test_bad_input_exits_2(listened):
    assert listening("--from", "2026-13-01").exit_code == 2
    assert listening("--from", "2026-10-31", "--to", "2026-10-01").exit_code == 2
    runner = CliRunner(env={"MOSTRA_LANGUAGE": "en"})
    unknown = runner.invoke(kpi_command, ["listening", "--workspace", "nowhere"])
    assert unknown.exit_code == 2
