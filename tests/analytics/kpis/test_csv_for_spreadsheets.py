"""The KPI CSV in the style of its reader's spreadsheets: ";" and decimal commas in
French, "," and points in English; on the page (by its language) and on the command line
(by the command's, or --delimiter). Alice owns the workspace, Bob is on her team."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from mostra.analytics.cli_kpi import kpi_command
from mostra.core.csv_export import UTF8_BOM
from tests.analytics.kpis.test_cli import OCTOBER, accounts  # noqa: F401 - a fixture

PAGE = "/w/fromagerie/analytics/compare/"
QUERY = {"format": "csv", "kpi": "repost_ratio", "period": "custom"}
QUERY |= {"from": "2026-10-01", "to": "2026-10-31"}


def ratio_of(rows: list[dict[str, str]], handle: str) -> str:
    return next(r["value"] for r in rows if r["handle"] == handle and r["kpi"] == "repost_ratio")


def rows_of(data: bytes, delimiter: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


@pytest.mark.usefixtures("accounts")
def test_the_page_s_download_in_french_and_in_english(owner_client, teammate_client):
    french = teammate_client.get(PAGE, QUERY, HTTP_ACCEPT_LANGUAGE="fr").content
    assert french.startswith(UTF8_BOM)
    assert french[3:].splitlines()[0].startswith(b"handle;network;competitor;")
    assert ratio_of(rows_of(french, ";"), "fromagerie") == "0,4"
    english = owner_client.get(PAGE, QUERY, HTTP_ACCEPT_LANGUAGE="en").content
    assert english.startswith(UTF8_BOM)
    assert ratio_of(rows_of(english, ","), "fromagerie") == "0.4"


def kpi(*args: str, language: str):
    runner = CliRunner(env={"MOSTRA_LANGUAGE": language})
    return runner.invoke(kpi_command, ["--workspace", "fromagerie", *OCTOBER, *args])


@pytest.mark.usefixtures("accounts")
def test_the_command_follows_its_language_and_delimiter_chooses(tmp_path):
    french = kpi("--format", "csv", "--kpi", "repost_ratio", language="fr")
    assert french.exit_code == 0, french.output
    assert not french.stdout_bytes.startswith(UTF8_BOM)  # the standard output is for scripts
    assert ratio_of(rows_of(french.stdout_bytes, ";"), "fromagerie") == "0,4"

    chosen = kpi("--format", "csv", "--kpi", "repost_ratio", "--delimiter", ",", language="fr")
    assert ratio_of(rows_of(chosen.stdout_bytes, ","), "fromagerie") == "0.4"

    english = kpi("--format", "csv", "--kpi", "repost_ratio", language="en")
    assert ratio_of(rows_of(english.stdout_bytes, ","), "fromagerie") == "0.4"

    out = tmp_path / "kpis.csv"
    written = kpi("--format", "csv", "--delimiter", ";", "-o", str(out), language="en")
    assert written.exit_code == 0, written.output
    data = out.read_bytes()
    assert data.startswith(UTF8_BOM)  # a file is for a spreadsheet: accents read right
    assert ratio_of(rows_of(data, ";"), "fromagerie") == "0,4"
