"""Incidents: the crisis playbook's incidents of a workspace, their timeline and actions,
and the pause of its scheduled publishing.

Every member reads them; acknowledging and notes need ``Perm.EDIT_CONTENT``, closing,
pausing and resuming owners and managers (:mod:`mostra.listening.services.incidents`,
:mod:`mostra.publishing.services.pause`: the same services as the pages and
``mostra incident``).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router

from mostra.api.access import member
from mostra.api.schemas.common import INVALID, NOT_FOUND
from mostra.api.schemas.incidents import CloseIn, IncidentOut, NoteIn, PublishingPauseOut
from mostra.core.models import Incident, Workspace
from mostra.core.models.membership import Membership
from mostra.core.permissions import Perm
from mostra.listening.services import incidents as service
from mostra.listening.services.incidents import incident_data
from mostra.publishing.services import pause

router = Router(tags=["incidents"])
BASE = "/workspaces/{slug}/incidents"


def _found(membership: Membership, incident_id: int) -> Incident:
    found = service.incident_of(membership.workspace, incident_id)
    if found is None:
        raise Http404
    return found


def _detail(incident: Incident) -> dict[str, Any]:
    return incident_data(incident, service.timeline(incident))


def _paused(workspace: Workspace) -> dict[str, Any]:
    return {"paused": workspace.is_publishing_paused, "paused_at": workspace.publishing_paused_at}


@router.get(BASE, response={200: list[IncidentOut], **NOT_FOUND})
def list_incidents(request: HttpRequest, slug: str, open: bool = False) -> list[dict[str, Any]]:  # noqa: A002
    """The workspace's incidents, newest first (``?open=true``: the open ones only)."""
    workspace = member(request, slug).workspace
    return [incident_data(i) for i in service.incidents_of(workspace, open_only=open)]


@router.get(f"{BASE}/{{incident_id}}", response={200: IncidentOut, **NOT_FOUND})
def get_incident(request: HttpRequest, slug: str, incident_id: int) -> dict[str, Any]:
    """One incident with its timeline: what triggered (with its figures), who did what."""
    return _detail(_found(member(request, slug), incident_id))


@router.post(f"{BASE}/{{incident_id}}/acknowledge", response={200: IncidentOut, **INVALID})
def acknowledge_incident(request: HttpRequest, slug: str, incident_id: int) -> dict[str, Any]:
    """Say someone is on it (owners, managers, editors)."""
    membership = member(request, slug, Perm.EDIT_CONTENT)
    return _detail(service.acknowledge(membership, _found(membership, incident_id)))


@router.post(f"{BASE}/{{incident_id}}/notes", response={200: IncidentOut, **INVALID})
def note_incident(
    request: HttpRequest, slug: str, incident_id: int, payload: NoteIn
) -> dict[str, Any]:
    """Add a note to the timeline (owners, managers, editors)."""
    membership = member(request, slug, Perm.EDIT_CONTENT)
    return _detail(service.add_note(membership, _found(membership, incident_id), payload.note))


@router.post(f"{BASE}/{{incident_id}}/close", response={200: IncidentOut, **INVALID})
def close_incident(
    request: HttpRequest, slug: str, incident_id: int, payload: CloseIn
) -> dict[str, Any]:
    """Close the incident (owners and managers); ``resume``: resume publishing too."""
    membership = member(request, slug, Perm.EDIT_ORGANISATION)
    found = _found(membership, incident_id)
    return _detail(service.close(membership, found, resume=payload.resume))


@router.post("/workspaces/{slug}/publishing/pause", response={200: PublishingPauseOut, **INVALID})
def pause_publishing(request: HttpRequest, slug: str) -> dict[str, Any]:
    """Pause all of the workspace's scheduled publishing (owners and managers). Audited."""
    return _paused(pause.pause(member(request, slug, Perm.EDIT_ORGANISATION)))


@router.post("/workspaces/{slug}/publishing/resume", response={200: PublishingPauseOut, **INVALID})
def resume_publishing(request: HttpRequest, slug: str) -> dict[str, Any]:
    """Resume it: the held publications go in their order. Audited."""
    return _paused(pause.resume(member(request, slug, Perm.EDIT_ORGANISATION)))
