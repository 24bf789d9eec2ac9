"""A KPI's values page: Alice (owner) records and imports, Bob (editor) reads unless he
owns the objective, Charlie (outsider) gets 404; bad input says what to do, never a 500."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mostra.analytics.models import Measurement
from tests.analytics.measurements.builders import TODAY, make_owner_of, registrations_objective

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with mock.patch("mostra.analytics.views.measurements.local_today", return_value=TODAY):
        yield


def url(name: str, *args) -> str:
    return reverse(f"analytics:{name}", args=["fromagerie", *args])


def test_owner_teammate_and_outsider_on_the_page(
    workspace, owner_client, teammate_client, outsider_client
):
    registrations_objective(workspace)
    Measurement.objects.create(workspace=workspace, kpi="registrations", date=TODAY, value=12)
    html = owner_client.get(url("kpi_values", "registrations")).content.decode()
    assert "Enter a value" in html and "Import a file" in html
    assert "12 people" in html and "Remplir les ateliers de dégustation" in html
    html = teammate_client.get(url("kpi_values", "registrations")).content.decode()
    assert "12 people" in html and "Enter a value" not in html
    assert outsider_client.get(url("kpi_values", "registrations")).status_code == 404
    # A KPI mostra computes, or unknown, has no values page.
    assert owner_client.get(url("kpi_values", "reach")).status_code == 404
    assert owner_client.get(url("kpi_values", "nope")).status_code == 404


def test_the_owner_enters_a_value_in_the_workspaces_language(workspace, owner_client):
    response = owner_client.post(
        url("kpi_values", "registrations"),
        {"date": "2026-10-05", "value": "12", "source": "à la porte"},
    )
    assert response.status_code == 302
    assert Measurement.objects.get().value == 12
    page = owner_client.get(response["Location"]).content.decode()
    assert "12 people recorded on 2026-10-05" in page
    # The workspace writes French: "3,5" is 3.5; "1,234" could be either, and is refused.
    owner_client.post(url("kpi_values", "sales"), {"date": "2026-10-05", "value": "3,5"})
    assert Measurement.objects.get(kpi="sales").value == 3.5
    response = owner_client.post(
        url("kpi_values", "sales"), {"date": "2026-10-06", "value": "1,234"}
    )
    assert response.status_code == 400
    assert "could mean" in response.content.decode()
    response = owner_client.post(
        url("kpi_values", "registrations"), {"date": "2026-10-05", "value": "13"}
    )
    assert response.status_code == 400 and "already has a value" in response.content.decode()
    assert Measurement.objects.filter(kpi="sales").count() == 1


def test_the_teammate_records_once_he_owns_the_objective(
    workspace, teammate_client, teammate_membership
):
    data = {"date": "2026-10-05", "value": "4"}
    assert teammate_client.post(url("kpi_values", "registrations"), data).status_code == 404
    make_owner_of(registrations_objective(workspace), teammate_membership)
    assert teammate_client.post(url("kpi_values", "registrations"), data).status_code == 302
    assert Measurement.objects.get().recorded_by.email == "bob@example.org"


def test_outsider_records_nothing(workspace, outsider_client):
    response = outsider_client.post(
        url("kpi_values", "registrations"), {"date": "2026-10-05", "value": "4"}
    )
    assert response.status_code == 404 and not Measurement.objects.exists()


def csv_upload(text: str, name: str = "inscriptions.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_an_import_with_bad_lines_lists_them_and_imports_nothing(workspace, owner_client):
    text = "date;valeur\n2026-10-05;3\n2026-10-06;trois\n2026-10-40;2\n"
    response = owner_client.post(
        url("kpi_values_import", "registrations"), {"file": csv_upload(text)}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "line 3: trois is not a number" in page and "line 4: 2026-10-40 is not a date" in page
    assert not Measurement.objects.exists()


def test_an_import_says_what_it_did(workspace, owner_client):
    text = "date;valeur\n2026-10-05;3\n2026-10-06;4,0\n"
    response = owner_client.post(
        url("kpi_values_import", "registrations"), {"file": csv_upload(text), "source": ""}
    )
    assert response.status_code == 302
    page = owner_client.get(response["Location"]).content.decode()
    assert "2 lines read, 2 days from 2026-10-05 to 2026-10-06 (2 added" in page
    assert set(Measurement.objects.values_list("source", flat=True)) == {"inscriptions.csv"}


def test_a_value_is_changed_and_deleted(workspace, owner_client, teammate_client):
    m = Measurement.objects.create(workspace=workspace, kpi="registrations", date=TODAY, value=12)
    edit = url("kpi_value_edit", "registrations", m.pk)
    assert teammate_client.get(edit).status_code == 404
    assert 'value="12"' in owner_client.get(edit).content.decode()
    response = owner_client.post(edit, {"date": "2026-11-17", "value": "15", "note": "corrigé"})
    assert response.status_code == 302
    m.refresh_from_db()
    assert (m.date, m.value, m.note) == (dt.date(2026, 11, 17), 15, "corrigé")
    delete = url("kpi_value_delete", "registrations", m.pk)
    assert "15 people" in owner_client.get(delete).content.decode()
    assert teammate_client.post(delete).status_code == 404
    assert owner_client.post(delete).status_code == 302
    assert not Measurement.objects.exists()


def test_an_archived_workspace_takes_no_value(workspace, owner_client):
    from django.utils import timezone

    workspace.archived_at = timezone.now()
    workspace.save()
    response = owner_client.post(
        url("kpi_values", "registrations"), {"date": "2026-10-05", "value": "4"}
    )
    assert response.status_code == 302 and not Measurement.objects.exists()


def test_the_list_of_recorded_kpis(workspace, owner_client, teammate_client, outsider_client):
    registrations_objective(workspace)
    Measurement.objects.create(workspace=workspace, kpi="registrations", date=TODAY, value=12)
    html = teammate_client.get(url("kpi_values_list")).content.decode()
    row = html.split('data-kpi="registrations"')[1].split("</tr>")[0]
    assert "12 people" in row and ">1<" in row and "yes" in row
    assert 'data-kpi="leads"' in html
    assert outsider_client.get(url("kpi_values_list")).status_code == 404
