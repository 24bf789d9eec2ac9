"""The report's default period is the last full month of the workspace's calendar: on
the page and for ``mostra report`` without --period. At 1 a.m. on 1 November in Paris
(the server's zone), October is not over in Montréal: it was offered all the same."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from click.testing import CliRunner

from mostra.core.models import Workspace
from mostra.reports.cli import report_command

pytestmark = pytest.mark.django_db

#: 1 November, 01:00 in Paris; 31 October, 20:00 in Montréal; 09:00 in Tokyo.
MIDNIGHT_IN_PARIS = dt.datetime(2026, 11, 1, 0, 0, tzinfo=dt.UTC)


def in_zone(workspace: Workspace, zone: str) -> None:
    Workspace.objects.filter(pk=workspace.pk).update(timezone=zone)


def default_period(client) -> str:
    page = client.get("/w/fromagerie/reports/report/").content.decode()
    return re.search(r'<option value="([\d-]+)" selected', page).group(1)


@pytest.mark.parametrize(
    ("zone", "month"),
    [("America/Montreal", "2026-09"), ("Asia/Tokyo", "2026-10"), ("Europe/Paris", "2026-10")],
)
def test_the_page_offers_the_last_month_over_in_the_workspace(
    owner_client, teammate_client, workspace, zone, month
):
    in_zone(workspace, zone)
    with time_machine.travel(MIDNIGHT_IN_PARIS, tick=False):
        assert default_period(owner_client) == month
        assert default_period(teammate_client) == month


def test_the_command_without_a_period_writes_the_last_month_over(workspace, tmp_path):
    in_zone(workspace, "America/Montreal")
    target = tmp_path / "report.html"
    with time_machine.travel(MIDNIGHT_IN_PARIS, tick=False):
        result = CliRunner(env={"MOSTRA_LANGUAGE": "en"}).invoke(
            report_command,
            ["--workspace", "fromagerie", "--lang", "en", "--format", "html", "-o", str(target)],
        )
    assert result.exit_code == 0, result.output
    assert "Report for September 2026 written to" in result.output
    assert "September 2026" in target.read_text()
