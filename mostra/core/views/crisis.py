"""The crisis playbook: escalation levels, triggers, responders, first actions."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from mostra.core.errors import DomainError
from mostra.core.models import CrisisLevel, Membership, TriggerKind
from mostra.core.models.crisis import WINDOWED_KINDS
from mostra.core.permissions import Perm, has_perm
from mostra.core.services import organisation
from mostra.core.views.base import workspace_view

EMPTY_TRIGGER_ROWS = 2


@workspace_view()
def playbook(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    levels = workspace.crisis_levels.prefetch_related("triggers", "responders__user")
    template = "core/crisis_print.html" if request.GET.get("print") else "core/crisis.html"
    return render(
        request,
        template,
        {
            "workspace": workspace,
            "levels": levels,
            "can_edit": has_perm(membership, Perm.EDIT_ORGANISATION),
        },
    )


def _trigger_rows(request: HttpRequest) -> list[tuple[str, str, str]]:
    kinds = request.POST.getlist("trigger_kind")
    thresholds = request.POST.getlist("trigger_threshold")
    windows = request.POST.getlist("trigger_window")
    rows = []
    for i, kind in enumerate(kinds):
        threshold = thresholds[i] if i < len(thresholds) else ""
        window = windows[i] if i < len(windows) else ""
        if not kind and not threshold.strip():
            continue
        rows.append((kind, threshold, window))
    return rows


@workspace_view(Perm.EDIT_ORGANISATION)
def edit_level(request: HttpRequest, membership: Membership, level_id: int) -> HttpResponse:
    workspace = membership.workspace
    level = get_object_or_404(CrisisLevel, pk=level_id, workspace=workspace)
    team = workspace.memberships.select_related("user")
    error: DomainError | None = None
    if request.method == "POST":
        rows = _trigger_rows(request)
        try:
            organisation.update_level(
                membership,
                level,
                name=request.POST.get("name", ""),
                response_minutes=request.POST.get("response_minutes", ""),
                first_actions=request.POST.get("first_actions", ""),
                responder_ids=[int(x) for x in request.POST.getlist("responders") if x.isdigit()],
                triggers=rows,
            )
        except DomainError as exc:
            error = exc
            level.refresh_from_db()
            values = {
                "name": request.POST.get("name", ""),
                "response_minutes": request.POST.get("response_minutes", ""),
                "first_actions": request.POST.get("first_actions", ""),
                "responders": {int(x) for x in request.POST.getlist("responders") if x.isdigit()},
                "triggers": rows,
            }
        else:
            messages.success(request, _("%(level)s saved.") % {"level": level.name})
            return redirect("core:crisis", slug=workspace.slug)
    else:
        values = {
            "name": level.name,
            "response_minutes": str(level.response_minutes),
            "first_actions": level.first_actions,
            "responders": set(level.responders.values_list("pk", flat=True)),
            "triggers": [
                (t.kind, str(t.threshold), str(t.window_hours or "")) for t in level.triggers.all()
            ],
        }
    trigger_rows = list(values["triggers"]) + [("", "", "")] * EMPTY_TRIGGER_ROWS
    return render(
        request,
        "core/crisis_level_form.html",
        {
            "workspace": workspace,
            "level": level,
            "team": team,
            "values": values,
            "trigger_rows": trigger_rows,
            "kinds": TriggerKind.choices,
            "windowed": [str(k) for k in WINDOWED_KINDS],
            "error": error,
        },
        status=400 if error else 200,
    )
