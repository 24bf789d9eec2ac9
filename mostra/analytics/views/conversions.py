"""The Conversions page: the web-analytics rows imported, each with the tracked link,
post and paid campaign it is matched to; owners and managers import an export there
and count goals as KPIs (:mod:`mostra.analytics.conversions.services`, as the command
and the API). Every member reads; a change by anyone else answers 404."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mostra.analytics.conversions import services
from mostra.analytics.conversions.exports import MAX_BYTES, read_export
from mostra.analytics.conversions.matching import match
from mostra.analytics.importers.base import ImportRefused
from mostra.analytics.models import GoalMapping
from mostra.analytics.progress import local_today
from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm, has_perm
from mostra.core.services.workspaces import workspace_language
from mostra.core.views.base import workspace_view

#: The rows shown, latest first (the command and the API give them all).
SHOWN = 200


class ExportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Campaigns export (CSV or XLSX)"),
        help_text=gettext_lazy(
            "Matomo's Campaigns report, Plausible's UTM campaigns, or GA4's Traffic "
            "acquisition by session campaign: UTM tags, visits and conversions."
        ),
    )
    source = forms.ChoiceField(
        label=gettext_lazy("Exported by"),
        choices=[("matomo", "Matomo"), ("plausible", "Plausible"), ("ga4", "Google Analytics 4")],
    )
    start = forms.DateField(label=gettext_lazy("From (an export without dates)"), required=False)
    end = forms.DateField(label=gettext_lazy("To"), required=False)


class GoalForm(forms.Form):
    goal = forms.CharField(label=gettext_lazy("Goal, as the export names it"), max_length=200)
    kpi = forms.ChoiceField(
        label=gettext_lazy("Counted as"),
        choices=[
            ("registrations", gettext_lazy("Registrations")),
            ("sales", gettext_lazy("Sales")),
            ("leads", gettext_lazy("Leads")),
            ("", gettext_lazy("Not counted")),
        ],
        required=False,
    )


def _page(
    request: HttpRequest,
    membership: Membership,
    *,
    export_form: ExportForm | None = None,
    goal_form: GoalForm | None = None,
    status: int = 200,
) -> HttpResponse:
    workspace = membership.workspace
    rows = match(workspace)
    rows.sort(key=lambda m: (m.row.start, m.row.pk), reverse=True)
    return render(
        request,
        "analytics/conversions.html",
        {
            "workspace": workspace,
            "rows": rows[:SHOWN],
            "total": len(rows),
            "goals": GoalMapping.objects.filter(workspace=workspace),
            "may_change": has_perm(membership, Perm.EDIT_STRATEGY),
            "export_form": export_form or ExportForm(),
            "goal_form": goal_form or GoalForm(),
        },
        status=status,
    )


@workspace_view()
def conversions(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The rows imported and the goals counted as KPIs."""
    return _page(request, membership)


@workspace_view()
def conversions_import(request: HttpRequest, membership: Membership) -> HttpResponse:
    """POST: import an export, all or nothing; GET: the page."""
    if request.method != "POST":
        return redirect("analytics:conversions", membership.workspace.slug)
    if not has_perm(membership, Perm.EDIT_STRATEGY):
        raise Http404
    form = ExportForm(request.POST, request.FILES)
    if form.is_valid():
        workspace = membership.workspace
        upload = form.cleaned_data["file"]
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        name = Path(upload.name or "export.csv").name
        try:
            if upload.size > MAX_BYTES:
                raise ImportRefused(
                    _(
                        "The file is over %(max)s MB: a campaigns export is much smaller. "
                        "Export the campaigns report only, for a shorter period."
                    )
                    % {"max": MAX_BYTES // 1024**2}
                )
            if (start is None) != (end is None):
                raise ImportRefused(_("Give both dates, or neither."))
            with tempfile.NamedTemporaryFile(suffix=Path(name).suffix[:10] or ".csv") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
                handle.flush()
                traffic = read_export(
                    Path(handle.name),
                    form.cleaned_data["source"],
                    filename=name,
                    period=(start, end) if start and end else None,
                    language=workspace_language(workspace),
                    today=local_today(workspace),
                )
            summary = services.import_traffic(membership, traffic, filename=name)
        except (ImportRefused, DomainError) as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, summary.describe())
            return redirect("analytics:conversions", workspace.slug)
    return _page(request, membership, export_form=form, status=400)


@workspace_view()
def conversion_goal(request: HttpRequest, membership: Membership) -> HttpResponse:
    """POST: count a goal as a KPI (or no longer); GET: the page."""
    if request.method != "POST":
        return redirect("analytics:conversions", membership.workspace.slug)
    if not has_perm(membership, Perm.EDIT_STRATEGY):
        raise Http404
    form = GoalForm(request.POST)
    if form.is_valid():
        try:
            services.map_goal(membership, form.cleaned_data["goal"], form.cleaned_data["kpi"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("analytics:conversions", membership.workspace.slug)
    return _page(request, membership, goal_form=form, status=400)
