"""Issue 13's "done when": a "registrations" objective whose values are imported from a
CSV shows its progress and forecast, in its unit, on the objectives page, the dashboard
and the report."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import formats, translation

from mostra.analytics.progress import workspace_progress
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
    with time_machine.travel(dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC), tick=False):
        yield


def page(client, name: str, **query) -> str:
    response = client.get(reverse(name, args=["fromagerie"]), query)
    assert response.status_code == 200
    return response.content.decode()


def test_imported_registrations_show_their_progress_and_forecast_everywhere(
    workspace, owner_client, teammate_client
):
    objective = registrations_objective(workspace)
    # The ticketing export, as a French spreadsheet saves it, imported from the web page.
    export = daily_csv(START, TODAY, growing, delimiter=";")
    response = owner_client.post(
        reverse("analytics:kpi_values_import", args=["fromagerie", "registrations"]),
        {"file": SimpleUploadedFile("inscriptions.csv", export.encode("utf-8"))},
    )
    assert response.status_code == 302

    [now] = workspace_progress(workspace, TODAY)
    assert now.current_value == 138 and now.percent == 38 and now.forecast is not None
    with translation.override("en"):
        forecast = now.format(now.forecast.value)
    assert forecast.endswith(" people")

    # The objectives page (Bob, a teammate, reads it in English).
    html = page(teammate_client, "analytics:objectives")
    block = html.split(f'id="objective-{objective.key}"')[1].split("</article>")[0]
    assert '<dd data-figure="baseline">40 people' in block
    assert '<dd data-figure="current">138 people' in block and "(as of 18 Nov. 2026)" in block
    assert '<dd data-figure="target">300 people' in block
    assert "38 % of the way" in block
    assert f"Forecast for 31 March 2027: <strong>{forecast}</strong>" in block
    assert f'data-status="{now.status}"' in block
    assert "16 weekly values" in block and "<svg" in block

    # The dashboard.
    html = page(teammate_client, "reports:dashboard")
    row = html.split(f'data-objective="{objective.pk}"')[1].split("</tr>")[0]
    assert "Registrations" in row and ">138 people<" in row and ">300 people<" in row
    low, high = now.format(now.forecast.low), now.format(now.forecast.high)
    assert f"{forecast} ({low}–{high}) on 31 March 2027" in row
    assert str(now.status_label) in row

    # The report: October, as of its last day, in the workspace's language (French).
    [october] = workspace_progress(workspace, dt.date(2026, 10, 31))
    assert october.current_value == 120
    with translation.override("fr"):
        expected = [october.format(v) for v in (40, 120, 300)]
        low, value, high = (
            october.format(x)
            for x in (october.forecast.low, october.forecast.value, october.forecast.high)
        )
        deadline = formats.date_format(dt.date(2027, 3, 31), "j F Y")
    assert expected == ["40\u00a0personnes", "120\u00a0personnes", "300\u00a0personnes"]
    html = page(owner_client, "reports:report")
    row = html.split("Remplir les ateliers de dégustation")[1].split("</tr>")[0]
    cells = re.findall(r'<td class="r-num">([^<]*)', row)
    assert cells[:3] == expected
    assert f"{value} ({low}–{high}) le {deadline}" in row
    with translation.override("fr"):
        assert str(october.status_label) in row
