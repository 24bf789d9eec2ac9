"""``mostra kpi programme``: the programme's figures as a table or JSON."""

from __future__ import annotations

import json

from click.testing import CliRunner

from mostra.analytics.cli_kpi import kpi_command
from tests.ambassadors.measure_world import build_brand_posts, build_programme


def run(*args: str):
    return CliRunner().invoke(kpi_command, ["programme", *args], catch_exceptions=False)


def test_the_table_shows_the_programme_s_figures(workspace):
    build_programme(workspace)
    build_brand_posts(workspace)

    result = run("--workspace", "fromagerie", "--period", "2026-10")

    assert result.exit_code == 0, result.output
    assert "2,000" in result.output or "2\u00a0000" in result.output
    assert "Léa <Fromages>" in result.output
    assert "2.50\u00a0EUR" in result.output or "2,50\u00a0EUR" in result.output


def test_json_gives_the_kpis_and_rows(workspace):
    build_programme(workspace)

    result = run("--workspace", "fromagerie", "--period", "2026-10", "--format", "json")

    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["kpis"]["programme_reach"]["value"] == 2000
    assert data["kpis"]["programme_compliance_rate"]["value"] == 0.5
    assert [m["name"] for m in data["members"]] == ["Léa <Fromages>", "Marc Petit"]
    assert data["members"][0]["cost_per_engagement"] == "2.50"


def test_a_bad_month_exits_2_saying_how_to_write_it(workspace):
    result = CliRunner().invoke(
        kpi_command, ["programme", "--workspace", "fromagerie", "--period", "10/2026"]
    )

    assert result.exit_code == 2
    assert "YYYY-MM" in result.output


def test_without_a_programme_every_kpi_says_why(workspace):
    result = run("--workspace", "fromagerie", "--format", "json")

    data = json.loads(result.output)
    assert all(k["value"] is None and k["missing"] for k in data["kpis"].values())
