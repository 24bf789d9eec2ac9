"""Conversions in the API: importing an export (owners and managers), the rows matched,
goals mapped to KPIs, an objective's funnel; an outsider gets 404."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from mostra.analytics.models import TrafficRow
from tests.analytics.conversions.builders import campaign, link
from tests.analytics.conversions.conftest import DATA
from tests.analytics.measurements.builders import registrations_objective

pytestmark = pytest.mark.django_db
BASE = "/workspaces/fromagerie/conversions"


@pytest.fixture(autouse=True)
def on_18_november():
    with time_machine.travel(dt.datetime(2026, 11, 18, 15, tzinfo=dt.UTC), tick=False):
        yield


def upload(api, name: str, source: str, **extra):
    content = (DATA / name).read_bytes() if (DATA / name).exists() else name.encode()
    return api.client.post(
        "/api" + BASE + "/import",
        {"file": SimpleUploadedFile("export.csv", content), "source": source, **extra},
    )


def test_import_list_map_and_funnel(workspace, alice, bob, charlie):
    objective = registrations_objective(workspace)
    campaign(workspace, objective=objective)
    flyer = link(workspace, "flyer01", utm_source="flyer", utm_medium="offline")
    assert upload(bob, "matomo_campaigns.csv", "matomo").status_code == 404
    assert upload(charlie, "matomo_campaigns.csv", "matomo").status_code == 404
    response = upload(alice, "matomo_campaigns.csv", "matomo")
    assert response.status_code == 200, response.content
    assert response.json() | {} == {
        "tool": "matomo",
        "start": "2026-10-05",
        "end": "2026-10-06",
        "rows": 5,
        "replaced": 0,
        "visits": 610,
        "conversions": 24,
    }
    rows = bob.get(BASE, start="2026-10-06").json()
    assert len(rows) == 3
    offline = next(r for r in rows if r["utm_source"] == "flyer")
    assert (offline["links"], offline["visits"], offline["conversions"]) == (
        [flyer.pk],
        15,
        {"Inscription": 2},
    )
    assert charlie.get(BASE).status_code == 404
    assert (
        bob.post(BASE + "/goals", {"goal": "Inscription", "kpi": "registrations"}).status_code
        == 404
    )
    mapped = alice.post(BASE + "/goals", {"goal": "Inscription", "kpi": "registrations"})
    assert mapped.json() == {"goal": "Inscription", "kpi": "registrations"}
    assert bob.get(BASE + "/goals").json() == [{"goal": "Inscription", "kpi": "registrations"}]
    funnel = bob.get(
        f"/workspaces/fromagerie/strategy/objectives/{objective.key}/funnel",
        start="2026-10-01",
        end="2026-10-31",
    ).json()
    assert [(s["step"], s["value"]) for s in funnel["steps"]] == [
        ("reach", None),
        ("clicks", 0),  # the flyer's link exists but was not scanned
        ("visits", 555),  # not the newsletter's 55: another campaign
        ("conversions", 20),  # its goal Inscription only, not "Don"
    ]
    assert funnel["cost_per_conversion"] is None and funnel["tags"] == ["atelier-octobre"]


def test_a_bad_file_answers_422_naming_the_columns(workspace, alice):
    response = upload(alice, "Page,Pageviews\n/,12\n", "plausible")
    assert response.status_code == 422
    assert "Session campaign" in response.content.decode()
    assert not TrafficRow.objects.exists()
    half = upload(alice, "Campaign,Visits\na,1\n", "matomo", start="2026-10-01")
    assert half.status_code == 422 and "both start and end" in half.content.decode()
