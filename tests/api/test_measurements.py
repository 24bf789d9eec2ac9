"""The API of recorded KPI values and of a workspace's own KPIs: Alice (owner) changes
them, Bob (editor) reads, and records only for the objective he owns, Charlie (outsider)
gets 404 everywhere."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from mostra.analytics.models import Measurement
from mostra.strategy.models import CustomKpi, Objective
from tests.analytics.measurements.builders import make_owner_of, registrations_objective
from tests.api.conftest import error_locs

pytestmark = pytest.mark.django_db
VALUES = "/workspaces/fromagerie/kpis/registrations/values"
KPIS = "/workspaces/fromagerie/strategy/kpis"
DONS = {
    "id": "dons",
    "names": {"fr": "Dons", "en": "Donations"},
    "unit": "euro",
    "direction": "up",
    "axis": "action",
}


@pytest.fixture(autouse=True)
def in_november():
    with time_machine.travel(dt.datetime(2026, 11, 18, 12, tzinfo=dt.UTC), tick=False):
        yield


def test_the_owner_adds_changes_lists_and_deletes_values(workspace, alice, bob, charlie):
    response = alice.post(VALUES, {"date": "2026-10-05", "value": 12, "source": "HelloAsso"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kpi"], body["value"], body["text"], body["recorded_by"]) == (
        "registrations",
        12,
        "12 people",
        "alice@example.org",
    )
    value_id = body["id"]
    response = alice.put(f"{VALUES}/{value_id}", {"date": "2026-10-05", "value": 14})
    assert response.status_code == 200 and response.json()["value"] == 14
    assert [v["value"] for v in bob.get(VALUES).json()] == [14]
    assert charlie.get(VALUES).status_code == 404
    assert alice.delete(f"{VALUES}/{value_id}").status_code == 204
    assert not Measurement.objects.exists()


def test_the_teammate_reads_and_records_only_for_the_objective_he_owns(
    workspace, bob, teammate_membership
):
    assert bob.get(VALUES).status_code == 200
    assert bob.post(VALUES, {"date": "2026-10-05", "value": 3}).status_code == 404
    make_owner_of(registrations_objective(workspace), teammate_membership)
    assert bob.post(VALUES, {"date": "2026-10-05", "value": 3}).status_code == 201
    sales = "/workspaces/fromagerie/kpis/sales/values"
    assert bob.post(sales, {"date": "2026-10-05", "value": 3}).status_code == 404


def test_the_outsider_changes_nothing(workspace, charlie):
    m = Measurement.objects.create(
        workspace=workspace, kpi="registrations", date=dt.date(2026, 10, 5), value=1
    )
    assert charlie.post(VALUES, {"date": "2026-10-06", "value": 3}).status_code == 404
    assert charlie.put(f"{VALUES}/{m.pk}", {"date": "2026-10-06", "value": 3}).status_code == 404
    assert charlie.delete(f"{VALUES}/{m.pk}").status_code == 404
    assert Measurement.objects.get().value == 1


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"date": "2026-12-24", "value": 3}, ["body", "date"]),
        ({"date": "2026-10-05", "value": -3}, ["body", "value"]),
        ({"date": "next monday", "value": 3}, ["body", "payload", "date"]),
        ({"date": "2026-10-05", "value": "three"}, ["body", "payload", "value"]),
    ],
)
def test_bad_values_answer_422_naming_the_field(workspace, alice, body, loc):
    response = alice.post(VALUES, body)
    assert response.status_code == 422 and loc in error_locs(response)
    assert not Measurement.objects.exists()


def test_a_kpi_mostra_computes_has_no_values_route(workspace, alice):
    assert alice.get("/workspaces/fromagerie/kpis/reach/values").status_code == 404


def upload(client, text: str):
    return client.client.post(
        "/api" + VALUES + "/import",
        {"file": SimpleUploadedFile("export.csv", text.encode()), "source": "Weezevent"},
    )


def test_importing_a_file_all_or_nothing(workspace, alice, bob, charlie):
    bad = "date;valeur\n2026-10-05;3\n2026-10-06;trois\n"
    response = upload(alice, bad)
    assert response.status_code == 422
    assert "line 3: trois is not a number" in response.json()["detail"][0]["msg"]
    assert not Measurement.objects.exists()
    response = upload(alice, "date;valeur\n2026-10-05;3\n2026-10-06;4,5\n")
    assert response.status_code == 200, response.content
    assert response.json() | {"notices": []} == {
        "kpi": "registrations",
        "lines": 2,
        "days": 2,
        "added": 2,
        "replaced": 0,
        "unchanged": 0,
        "first": "2026-10-05",
        "last": "2026-10-06",
        "notices": [],
    }
    assert upload(bob, "date;valeur\n2026-10-07;1\n").status_code == 404
    assert upload(charlie, "date;valeur\n2026-10-07;1\n").status_code == 404
    assert Measurement.objects.count() == 2


def test_an_archived_workspace_answers_409(workspace, alice):
    from django.utils import timezone

    workspace.archived_at = timezone.now()
    workspace.save()
    assert alice.post(VALUES, {"date": "2026-10-05", "value": 3}).status_code == 409


def test_custom_kpis_for_owner_teammate_and_outsider(workspace, alice, bob, charlie):
    response = alice.post(KPIS, DONS)
    assert response.status_code == 201, response.content
    assert response.json()["collection"] == "sum"  # an amount adds up, day by day
    assert bob.get(KPIS).json() == [response.json()]
    assert bob.post(KPIS, {**DONS, "id": "autre"}).status_code == 404
    assert charlie.get(KPIS).status_code == 404
    assert charlie.get(f"{KPIS}/dons").status_code == 404
    # An objective names it; its values are recorded; renaming it carries both along.
    objective = {
        "id": "o-dons",
        "title": "Plus de dons",
        "axis": "action",
        "kpi": "dons",
        "networks": ["instagram"],
    }
    assert alice.post("/workspaces/fromagerie/strategy/objectives", objective).status_code == 201
    dons = "/workspaces/fromagerie/kpis/dons/values"
    assert alice.post(dons, {"date": "2026-10-05", "value": 20.5})
    assert alice.get(dons).json()[0]["text"] == "€20.50"
    response = alice.put(f"{KPIS}/dons", {**DONS, "id": "dons-en-ligne"})
    assert response.status_code == 200
    assert Objective.objects.get(key="o-dons").kpi == "dons-en-ligne"
    assert Measurement.objects.get().kpi == "dons-en-ligne"
    # Not deleted while an objective is measured by it.
    response = alice.delete(f"{KPIS}/dons-en-ligne")
    assert response.status_code == 422 and "Plus de dons" in response.json()["detail"][0]["msg"]
    assert bob.delete(f"{KPIS}/dons-en-ligne").status_code == 404


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({**DONS, "id": "reach"}, ["body", "id"]),
        ({**DONS, "names": {}}, ["body", "payload"]),
        ({**DONS, "unit": "percent", "collection": "sum"}, ["body", "payload"]),
        ({**DONS, "unit": "dollar"}, ["body", "payload", "unit"]),
    ],
)
def test_bad_custom_kpis_are_refused(workspace, alice, body, loc):
    response = alice.post(KPIS, body)
    assert response.status_code == 422
    assert any(found[: len(loc)] == loc for found in error_locs(response)), error_locs(response)
    assert not CustomKpi.objects.exists()


def test_an_objective_naming_an_unknown_kpi_is_refused(workspace, alice):
    objective = {"id": "o-x", "title": "X", "axis": "action", "kpi": "dons"}
    response = alice.post("/workspaces/fromagerie/strategy/objectives", objective)
    assert response.status_code == 422 and ["body", "kpi"] in error_locs(response)


def test_the_objectives_progress_names_the_unit_and_the_day_of_the_latest_value(workspace, bob):
    registrations_objective(workspace)
    Measurement.objects.create(
        workspace=workspace, kpi="registrations", date=dt.date(2026, 11, 10), value=45
    )
    [item] = bob.get("/workspaces/fromagerie/objectives/progress").json()
    assert (item["unit"], item["recorded"], item["current"], item["current_as_of"]) == (
        "people",
        True,
        45,
        "2026-11-10",
    )
