"""The Incidents pages: the list, one incident with its timeline and its actions, and
the one-click pause and resume of the workspace's scheduled publishing.

Every member sees the incidents; acknowledging and notes need ``Perm.EDIT_CONTENT``,
closing, pausing and resuming ``Perm.EDIT_ORGANISATION`` (owners and managers), as in
the services.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mostra.core.errors import DomainError
from mostra.core.models import Incident, Membership
from mostra.core.permissions import Perm, has_perm
from mostra.core.views.base import client_ip, workspace_view
from mostra.listening.services import incidents as service
from mostra.publishing.services import pause as publishing_pause

#: The figures' names on the timeline.
FIGURES = {
    "count": gettext_lazy("mentions in the last hour"),
    "median": gettext_lazy("usual (median)"),
    "mad": gettext_lazy("usual spread (MAD)"),
    "limit": gettext_lazy("spike above"),
    "negative": gettext_lazy("negative mentions"),
    "total": gettext_lazy("mentions"),
    "share": gettext_lazy("negative share"),
    "usual": gettext_lazy("usual negative share"),
    "author": gettext_lazy("author"),
    "followers": gettext_lazy("followers"),
    "issue": gettext_lazy("issue (query)"),
    "people": gettext_lazy("people"),
    "reposts": gettext_lazy("reposts"),
    "hours": gettext_lazy("hours"),
    "query": gettext_lazy("query"),
    "requests": gettext_lazy("press requests"),
    "latest": gettext_lazy("latest requester"),
}


def figures(values: dict[str, object]) -> list[tuple[str, object]]:
    """The figures as (name in the active language, value) pairs."""
    return [(str(FIGURES.get(key, key)), value) for key, value in values.items()]


def _incident(membership: Membership, pk: int) -> Incident:
    incident = service.incident_of(membership.workspace, pk)
    if incident is None:
        raise Http404
    return incident


def _rights(membership: Membership) -> dict[str, bool]:
    return {
        "can_act": has_perm(membership, Perm.EDIT_CONTENT),
        "can_manage": has_perm(membership, Perm.EDIT_ORGANISATION),
    }


@workspace_view()
def incidents(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    rows = list(service.incidents_of(workspace)[:200])
    context = {"workspace": workspace, "incidents": rows, **_rights(membership)}
    return render(request, "listening/incidents.html", context)


@workspace_view()
def incident(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    found = _incident(membership, pk)
    events = service.timeline(found)
    context = {
        "workspace": membership.workspace,
        "incident": found,
        # In the reader's language while the playbook still has them.
        "level_name": found.level.name if found.level else found.level_name,
        "trigger_text": found.trigger.describe() if found.trigger else found.trigger_text,
        "figures": figures(found.figures),
        "events": [(event, figures(event.figures)) for event in events],
        **_rights(membership),
    }
    return render(request, "listening/incident.html", context)


def _back(request: HttpRequest, membership: Membership, pk: int | None = None) -> HttpResponse:
    if pk is not None:
        return redirect("listening:incident", membership.workspace.slug, pk)
    return redirect("listening:incidents", membership.workspace.slug)


@require_POST
@workspace_view(Perm.EDIT_CONTENT)
def incident_acknowledge(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    try:
        service.acknowledge(membership, _incident(membership, pk))
        messages.success(request, _("Incident acknowledged."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(request, membership, pk)


@require_POST
@workspace_view(Perm.EDIT_CONTENT)
def incident_note(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    try:
        service.add_note(membership, _incident(membership, pk), request.POST.get("note", ""))
        messages.success(request, _("Note added to the timeline."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(request, membership, pk)


@require_POST
@workspace_view(Perm.EDIT_ORGANISATION)
def incident_close(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    resume = request.POST.get("resume") == "1"
    try:
        service.close(
            membership, _incident(membership, pk), resume=resume, ip_address=client_ip(request)
        )
        if resume:
            messages.success(
                request, _("Incident closed; scheduled publishing resumed, in its order.")
            )
        else:
            messages.success(request, _("Incident closed."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(request, membership, pk)


def _pk(request: HttpRequest) -> int | None:
    value = request.POST.get("incident", "")
    return int(value) if value.isdigit() else None


@require_POST
@workspace_view(Perm.EDIT_ORGANISATION)
def publishing_paused(request: HttpRequest, membership: Membership) -> HttpResponse:
    publishing_pause.pause(membership, ip_address=client_ip(request))
    messages.success(
        request,
        _("Scheduled publishing is paused: nothing goes out until you resume it."),
    )
    return _back(request, membership, _pk(request))


@require_POST
@workspace_view(Perm.EDIT_ORGANISATION)
def publishing_resumed(request: HttpRequest, membership: Membership) -> HttpResponse:
    publishing_pause.resume(membership, ip_address=client_ip(request))
    messages.success(
        request, _("Scheduled publishing resumed: the held posts go out in their order.")
    )
    return _back(request, membership, _pk(request))
