"""Recording values: who may (owners, managers, the objective's owner), the checks, the
audit log, the archive, and importing a file again without counting anything twice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mostra.analytics.measurements import services
from mostra.analytics.measurements.files import read_values
from mostra.analytics.models import Measurement
from mostra.core.errors import DomainError
from mostra.core.models import AuditEvent, Role
from mostra.core.services.archive import WorkspaceArchived
from mostra.strategy.kpis.objective import catalogue_kpi
from tests.analytics.measurements.builders import TODAY, make_owner_of, registrations_objective

pytestmark = pytest.mark.django_db
OCT_5 = dt.date(2026, 10, 5)


def add(actor, day=OCT_5, value=12.0, **kwargs):
    return services.record_value(
        actor, "registrations", day=day, value=value, today=TODAY, **kwargs
    )


def test_an_owner_records_a_value_with_its_source_and_the_audit_log_says_so(owner_membership):
    m = add(owner_membership, source="HelloAsso", note="soirée portes ouvertes")
    assert (m.kpi, m.date, m.value, m.source, m.recorded_by.email) == (
        "registrations",
        OCT_5,
        12.0,
        "HelloAsso",
        "alice@example.org",
    )
    event = AuditEvent.objects.get(object_type="measurement", action="create")
    assert event.actor.email == "alice@example.org"
    assert event.object_label == "Registrations on 2026-10-05"
    services.change_value(owner_membership, m, day=OCT_5, value=14, source="HelloAsso", today=TODAY)
    assert AuditEvent.objects.get(object_type="measurement", action="update").changes == {
        "value": [12.0, 14],
        "note": ["soirée portes ouvertes", ""],
    }
    services.delete_value(owner_membership, m)
    assert not Measurement.objects.exists()
    assert AuditEvent.objects.filter(object_type="measurement", action="delete").exists()


def test_an_editor_records_only_for_an_objective_they_own(workspace, teammate_membership):
    assert teammate_membership.role == Role.EDITOR
    with pytest.raises(services.MayNotRecord):
        add(teammate_membership)
    objective = registrations_objective(workspace)
    make_owner_of(objective, teammate_membership)
    assert add(teammate_membership).recorded_by.email == "bob@example.org"
    # ... and not for another KPI.
    with pytest.raises(services.MayNotRecord):
        services.record_value(teammate_membership, "sales", day=OCT_5, value=1, today=TODAY)


def test_a_manager_records_any_kpi(teammate_membership):
    teammate_membership.role = Role.MANAGER
    teammate_membership.save()
    assert add(teammate_membership).value == 12


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"day": dt.date(2026, 12, 1)}, "date", "after today"),
        ({"value": -1.0}, "value", "cannot be negative"),
        ({"value": float("nan")}, "value", "as a number"),
        ({"source": "x" * 301}, "source", "shorten it to 300"),
    ],
)
def test_bad_values_are_refused_naming_the_field(owner_membership, change, field, words):
    with pytest.raises(DomainError) as caught:
        add(owner_membership, **change)
    assert caught.value.field == field and words in caught.value.message
    assert not Measurement.objects.exists()


def test_a_day_has_one_value_unless_it_is_replaced(owner_membership):
    add(owner_membership)
    with pytest.raises(DomainError) as caught:
        add(owner_membership, value=20)
    assert "already has a value on 5 October 2026 (12 people)" in caught.value.message
    add(owner_membership, value=20, replace=True)
    assert Measurement.objects.get().value == 20


def test_a_kpi_mostra_computes_or_does_not_know_takes_no_value(owner_membership):
    with pytest.raises(services.NotRecorded) as caught:
        services.record_value(owner_membership, "reach", day=OCT_5, value=1, today=TODAY)
    assert "import their history or connect them" in caught.value.message
    with pytest.raises(services.NotRecorded) as caught:
        services.record_value(owner_membership, "inscritos", day=OCT_5, value=1, today=TODAY)
    assert "No KPI has the code “inscritos”" in caught.value.message


def test_an_archived_workspace_takes_no_value(workspace, owner_membership):
    from django.utils import timezone

    workspace.archived_at = timezone.now()
    workspace.save()
    with pytest.raises(WorkspaceArchived):
        add(owner_membership)


def test_importing_a_file_again_replaces_its_days_and_counts_nothing_twice(
    tmp_path: Path, owner_membership
):
    kpi = catalogue_kpi("registrations")
    path = tmp_path / "inscriptions.csv"

    def imported(text: str):
        path.write_text(text, encoding="utf-8")
        values = read_values(path, kpi, time_zone="Europe/Paris", language="fr", today=TODAY)
        return services.import_values(owner_membership, kpi, values, source="Weezevent")

    first = imported("date;valeur\n2026-10-05;3\n2026-10-06;4\n")
    assert (first.added, first.replaced, first.unchanged) == (2, 0, 0)
    again = imported("date;valeur\n2026-10-05;3\n2026-10-06;5\n2026-10-07;1\n")
    assert (again.added, again.replaced, again.unchanged) == (1, 1, 1)
    assert again.describe() == (
        "Registrations: 3 lines read, 3 days from 2026-10-05 to 2026-10-07 "
        "(1 added, 1 replaced, 1 unchanged)."
    )
    assert sorted(Measurement.objects.values_list("date", "value")) == [
        (dt.date(2026, 10, 5), 3.0),
        (dt.date(2026, 10, 6), 5.0),
        (dt.date(2026, 10, 7), 1.0),
    ]
    event = AuditEvent.objects.filter(object_label="Registrations: values imported").latest("pk")
    assert event.changes["added"] == 1 and event.changes["source"] == "Weezevent"
