"""The values a team records for the KPIs mostra does not compute (registrations, sales,
leads, the workspace's own KPIs…): list, add, change, delete, import a file.

Every member reads them. Owners, managers and the owner of an objective the KPI
measures change them; for anyone else a change answers 404, as for an outsider. A KPI
mostra computes, or unknown, answers 404 too (its values come from the accounts). The
rules and the audit log are in :mod:`mostra.analytics.measurements.services`; a refused
value or file answers 422 saying what to fix, nothing changed. Mounted by the analytics
router.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from mostra.analytics.measurements import services
from mostra.analytics.measurements.files import read_upload
from mostra.analytics.models import Measurement
from mostra.analytics.progress import local_today
from mostra.api.access import member
from mostra.api.schemas.common import INVALID, NOT_FOUND, Id
from mostra.api.schemas.measurements import MeasurementIn, MeasurementOut, ValuesImportOut
from mostra.core.models import Membership
from mostra.core.services.workspaces import workspace_language
from mostra.strategy.kpis.objective import ObjectiveKpi
from mostra.strategy.kpis.units import format_measure

router = Router(tags=["analytics"])
VALUES = "/workspaces/{slug}/kpis/{code}/values"


def _kpi(membership: Membership, code: str) -> ObjectiveKpi:
    try:
        return services.recordable_kpi(membership.workspace, code)
    except services.NotRecorded as exc:
        raise Http404 from exc


def _recorder(request: HttpRequest, slug: str, code: str) -> tuple[Membership, ObjectiveKpi]:
    membership = member(request, slug)
    kpi = _kpi(membership, code)
    if not services.may_record(membership, kpi.code):
        raise Http404
    return membership, kpi


def _out(m: Measurement, kpi: ObjectiveKpi) -> dict[str, Any]:
    return {
        "id": m.pk,
        "kpi": m.kpi,
        "date": m.date,
        "value": m.value,
        "text": format_measure(m.value, kpi.unit),
        "source": m.source,
        "note": m.note,
        "recorded_by": m.recorded_by.email if m.recorded_by else "",
        "recorded_at": m.recorded_at,
    }


@router.get(VALUES, response={200: list[MeasurementOut], **NOT_FOUND})
def list_kpi_recorded_values(request: HttpRequest, slug: str, code: str) -> list[dict[str, Any]]:
    """The values recorded for a KPI, oldest first, each with its unit."""
    membership = member(request, slug)
    kpi = _kpi(membership, code)
    rows = Measurement.objects.filter(workspace=membership.workspace, kpi=kpi.code).select_related(
        "recorded_by"
    )
    return [_out(m, kpi) for m in rows.order_by("date")]


@router.post(VALUES, response={201: MeasurementOut, **INVALID})
def add_kpi_recorded_value(
    request: HttpRequest, slug: str, code: str, payload: MeasurementIn
) -> Status:
    """Record the KPI's value on a day that has none yet (to change one, PUT it)."""
    membership, kpi = _recorder(request, slug, code)
    measurement = services.record_value(
        membership,
        kpi.code,
        day=payload.date,
        value=payload.value,
        source=payload.source,
        note=payload.note,
        today=local_today(membership.workspace),
    )
    return Status(201, _out(measurement, kpi))


def _measurement(membership: Membership, kpi: ObjectiveKpi, value_id: int) -> Measurement:
    found = Measurement.objects.filter(
        workspace=membership.workspace, kpi=kpi.code, pk=value_id
    ).first()
    if found is None:
        raise Http404
    return found


# Before the routes of one value: /values/import is not a value's id.
@router.post(f"{VALUES}/import", response={200: ValuesImportOut, **INVALID})
def import_kpi_recorded_values(
    request: HttpRequest,
    slug: str,
    code: str,
    file: File[UploadedFile],
    source: Form[str] = "",
) -> dict[str, Any]:
    """Import a CSV (``,`` or ``;``) or XLSX file of dates and values, sent as
    ``multipart/form-data`` in ``file``, all or nothing: headers in French or English
    (``date;valeur``, ``date,value``…), decimal commas or points. Each day of the file
    gets its value (replacing the one recorded); every line that cannot be read is
    listed in the 422's message with its number, and nothing is imported."""
    membership, kpi = _recorder(request, slug, code)
    workspace = membership.workspace
    values = read_upload(
        file,
        kpi,
        time_zone=workspace.timezone,
        language=workspace_language(workspace),
        today=local_today(workspace),
    )
    summary = services.import_values(membership, kpi, values, source=source or file.name or "")
    return summary.as_dict()


@router.put(f"{VALUES}/{{value_id}}", response={200: MeasurementOut, **INVALID})
def change_kpi_recorded_value(
    request: HttpRequest, slug: str, code: str, value_id: Id, payload: MeasurementIn
) -> dict[str, Any]:
    """Change a recorded value: its day, value, source and note."""
    membership, kpi = _recorder(request, slug, code)
    measurement = services.change_value(
        membership,
        _measurement(membership, kpi, value_id),
        day=payload.date,
        value=payload.value,
        source=payload.source,
        note=payload.note,
        today=local_today(membership.workspace),
    )
    return _out(measurement, kpi)


@router.delete(f"{VALUES}/{{value_id}}", response={204: None, **INVALID})
def delete_kpi_recorded_value(request: HttpRequest, slug: str, code: str, value_id: Id) -> Status:
    """Delete a recorded value (the audit log keeps it)."""
    membership, kpi = _recorder(request, slug, code)
    services.delete_value(membership, _measurement(membership, kpi, value_id))
    return Status(204, None)
