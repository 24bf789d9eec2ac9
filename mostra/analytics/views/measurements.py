"""The values of the KPIs a team records: the list of those KPIs, and each one's page.

A KPI's page (``analytics:kpi_values``) shows its values with their unit, source and
note, the objectives it measures, and, for the members who may record them (owners,
managers, and the owner of an objective it measures), a form for one value and one for
a file of dates and values. Every member reads; the others get 404 on a change, as an
outsider does. Changes go through :mod:`mostra.analytics.measurements.services`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from mostra.analytics.importers.base import ImportRefused
from mostra.analytics.measurements import services
from mostra.analytics.measurements.files import read_upload
from mostra.analytics.measurements.forms import ValueForm, ValuesFileForm
from mostra.analytics.models import Measurement
from mostra.analytics.progress import local_today
from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.services.workspaces import workspace_language
from mostra.core.views.base import workspace_view
from mostra.strategy import catalogue
from mostra.strategy.kpis.objective import ObjectiveKpi, recorded_kpis
from mostra.strategy.kpis.units import format_measure, unit_name
from mostra.strategy.models import Objective

#: How many values the page lists, latest first.
VALUES_SHOWN = 400


def _kpi(membership: Membership, code: str) -> ObjectiveKpi:
    try:
        return services.recordable_kpi(membership.workspace, code)
    except services.NotRecorded as exc:
        raise Http404 from exc


def _page(
    request: HttpRequest,
    membership: Membership,
    kpi: ObjectiveKpi,
    *,
    form: ValueForm | None = None,
    file_form: ValuesFileForm | None = None,
    status: int = 200,
) -> HttpResponse:
    workspace = membership.workspace
    today = local_today(workspace)
    language = workspace_language(workspace)
    can_record = services.may_record(membership, kpi.code)
    rows = list(
        Measurement.objects.filter(workspace=workspace, kpi=kpi.code)
        .select_related("recorded_by")
        .order_by("-date")[:VALUES_SHOWN]
    )
    for row in rows:
        row.text = format_measure(row.value, kpi.unit)  # type: ignore[attr-defined]
    objectives = Objective.objects.filter(workspace=workspace, kpi=kpi.code).select_related(
        "owner__user"
    )
    context: dict[str, Any] = {
        "workspace": workspace,
        "kpi": kpi,
        "unit": unit_name(kpi.unit),
        "axis": catalogue.AXES.get(kpi.axis, kpi.axis),
        "direction": catalogue.DIRECTIONS.get(kpi.direction, kpi.direction),
        "collection": catalogue.COLLECTIONS.get(kpi.collection, ""),
        "rows": rows,
        "total": Measurement.objects.filter(workspace=workspace, kpi=kpi.code).count(),
        "objectives": objectives,
        "can_record": can_record,
        "form": form
        or (ValueForm(initial={"date": today}, language=language) if can_record else None),
        "file_form": file_form or (ValuesFileForm() if can_record else None),
        "objectives_url": reverse("analytics:objectives", args=[workspace.slug]),
        "list_url": reverse("analytics:kpi_values_list", args=[workspace.slug]),
    }
    return render(request, "analytics/kpi_values.html", context, status=status)


@workspace_view()
def kpi_values_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Every KPI the team records, with how many values and the latest."""
    workspace = membership.workspace
    kpis = recorded_kpis(workspace)
    latest: dict[str, Measurement] = {}
    counts: dict[str, int] = {}
    for m in Measurement.objects.filter(workspace=workspace).order_by("kpi", "date"):
        latest[m.kpi] = m
        counts[m.kpi] = counts.get(m.kpi, 0) + 1
    measured = set(
        Objective.objects.filter(workspace=workspace).values_list("kpi", flat=True).distinct()
    )
    rows = [
        {
            "kpi": kpi,
            "count": counts.get(kpi.code, 0),
            "latest": latest.get(kpi.code),
            "latest_text": format_measure(latest[kpi.code].value, kpi.unit)
            if kpi.code in latest
            else "",
            "measures_objective": kpi.code in measured,
        }
        for kpi in kpis
    ]
    rows.sort(key=lambda r: (not r["measures_objective"], not r["count"]))
    return render(
        request,
        "analytics/kpi_values_list.html",
        {
            "workspace": workspace,
            "rows": rows,
            "strategy_url": reverse("strategy:overview", args=[workspace.slug]) + "#kpis",
        },
    )


@workspace_view()
def kpi_values(request: HttpRequest, membership: Membership, code: str) -> HttpResponse:
    """GET: the KPI's values; POST: record one (members who may record)."""
    kpi = _kpi(membership, code)
    if request.method != "POST":
        return _page(request, membership, kpi)
    if not services.may_record(membership, kpi.code):
        raise Http404
    form = ValueForm(request.POST, language=workspace_language(membership.workspace))
    if form.is_valid():
        try:
            services.record_value(
                membership, kpi.code, today=local_today(membership.workspace), **form.values()
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _("%(kpi)s: %(value)s recorded on %(date)s.")
                % {
                    "kpi": kpi.label,
                    "value": format_measure(form.cleaned_data["value"], kpi.unit),
                    "date": form.cleaned_data["date"].isoformat(),
                },
            )
            return redirect("analytics:kpi_values", membership.workspace.slug, kpi.code)
    return _page(request, membership, kpi, form=form, status=400)


@workspace_view()
def kpi_values_import(request: HttpRequest, membership: Membership, code: str) -> HttpResponse:
    """POST: import a file of dates and values, all or nothing; GET: the KPI's page."""
    kpi = _kpi(membership, code)
    if request.method != "POST":
        return redirect("analytics:kpi_values", membership.workspace.slug, kpi.code)
    if not services.may_record(membership, kpi.code):
        raise Http404
    file_form = ValuesFileForm(request.POST, request.FILES)
    if file_form.is_valid():
        workspace = membership.workspace
        upload = file_form.cleaned_data["file"]
        try:
            values = read_upload(
                upload,
                kpi,
                time_zone=workspace.timezone,
                language=workspace_language(workspace),
                today=local_today(workspace),
            )
            summary = services.import_values(
                membership, kpi, values, source=file_form.cleaned_data["source"] or upload.name
            )
        except (ImportRefused, DomainError) as exc:
            file_form.add_error("file", exc.message)
        else:
            messages.success(request, " ".join([summary.describe(), *summary.notices]))
            return redirect("analytics:kpi_values", workspace.slug, kpi.code)
    return _page(request, membership, kpi, file_form=file_form, status=400)


def _measurement(membership: Membership, code: str, pk: int) -> tuple[ObjectiveKpi, Measurement]:
    kpi = _kpi(membership, code)
    measurement = Measurement.objects.filter(
        workspace=membership.workspace, kpi=kpi.code, pk=pk
    ).first()
    if measurement is None or not services.may_record(membership, kpi.code):
        raise Http404
    return kpi, measurement


@workspace_view()
def kpi_value_edit(
    request: HttpRequest, membership: Membership, code: str, pk: int
) -> HttpResponse:
    """Change one recorded value (members who may record)."""
    kpi, measurement = _measurement(membership, code, pk)
    back = reverse("analytics:kpi_values", args=[membership.workspace.slug, kpi.code])
    language = workspace_language(membership.workspace)
    if request.method == "POST":
        form = ValueForm(request.POST, language=language)
        if form.is_valid():
            try:
                services.change_value(
                    membership,
                    measurement,
                    today=local_today(membership.workspace),
                    **form.values(),
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Value saved."))
                return redirect(back)
        status = 400
    else:
        form = ValueForm(
            initial={
                "date": measurement.date,
                "value": measurement.value,
                "source": measurement.source,
                "note": measurement.note,
            },
            language=language,
        )
        status = 200
    return render(
        request,
        "analytics/kpi_value_form.html",
        {
            "workspace": membership.workspace,
            "kpi": kpi,
            "unit": unit_name(kpi.unit),
            "form": form,
            "measurement": measurement,
            "back": back,
        },
        status=status,
    )


@workspace_view()
def kpi_value_delete(
    request: HttpRequest, membership: Membership, code: str, pk: int
) -> HttpResponse:
    """GET: confirm; POST: delete one recorded value (members who may record)."""
    kpi, measurement = _measurement(membership, code, pk)
    back = reverse("analytics:kpi_values", args=[membership.workspace.slug, kpi.code])
    if request.method == "POST":
        services.delete_value(membership, measurement)
        messages.success(
            request,
            _("The value of %(date)s was deleted.") % {"date": measurement.date.isoformat()},
        )
        return redirect(back)
    return render(
        request,
        "analytics/kpi_value_delete.html",
        {
            "workspace": membership.workspace,
            "kpi": kpi,
            "measurement": measurement,
            "text": format_measure(measurement.value, kpi.unit),
            "back": back,
        },
    )
