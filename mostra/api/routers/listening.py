"""Listening: the sources of a workspace (list, add, change, remove, read now).

Every member lists them with their health; owners and managers add, remove and read
them (:mod:`mostra.listening.services`, the same services as the Sources page and
``mostra listen source``). A value a kind refuses answers 422 naming it.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Status

from mostra.api.access import member
from mostra.api.schemas.common import INVALID, NOT_FOUND
from mostra.api.schemas.listening import (
    ListeningSourceIn,
    ListeningSourceOut,
    ListeningSourcePatch,
    PollOut,
)
from mostra.core.permissions import Perm
from mostra.listening.models import Source
from mostra.listening.services import polling
from mostra.listening.services import sources as service

router = Router(tags=["listening"])
BASE = "/workspaces/{slug}/listening/sources"


def _out(source: Source) -> dict[str, Any]:
    return {
        "id": source.pk,
        "kind": source.kind,
        "name": source.name,
        "url": source.url,
        "parameters": {k: str(v) for k, v in (source.parameters or {}).items()},
        "enabled": source.enabled,
        "interval_minutes": source.interval_minutes,
        "last_fetch_at": source.last_fetch_at,
        "last_success_at": source.last_success_at,
        "last_error": source.last_error,
        "last_error_text": source.error_text,
        "consecutive_failures": source.consecutive_failures,
        "next_poll_at": source.next_poll_at,
        "items_stored": source.items_stored,
    }


@router.get(BASE, response={200: list[ListeningSourceOut], **NOT_FOUND})
def list_listening_sources(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """The workspace's sources with their health (last reading, last failure in words,
    next reading)."""
    workspace = member(request, slug).workspace
    return [_out(s) for s in Source.objects.filter(workspace=workspace).order_by("name", "id")]


@router.post(BASE, response={201: ListeningSourceOut, **INVALID})
def create_listening_source(request: HttpRequest, slug: str, payload: ListeningSourceIn) -> Status:
    """Add a source (owners and managers); read at the worker's next round. Audited."""
    membership = member(request, slug, Perm.EDIT_STRATEGY)
    source = service.add_source(
        membership,
        payload.kind,
        payload.values,
        name=payload.name,
        interval_minutes=payload.interval_minutes,
    )
    return Status(201, _out(source))


@router.patch(f"{BASE}/{{source_id}}", response={200: ListeningSourceOut, **INVALID})
def update_listening_source(
    request: HttpRequest, slug: str, source_id: int, payload: ListeningSourcePatch
) -> dict[str, Any]:
    """Rename a source or change its interval (owners and managers); its mentions stay.
    Audited."""
    membership = member(request, slug, Perm.EDIT_STRATEGY)
    fields = payload.changes()
    try:
        source = service.update_source(
            membership,
            source_id,
            name=fields.get("name"),
            interval_minutes=fields.get("interval_minutes"),
        )
    except service.SourceNotFound as exc:
        raise Http404 from exc
    return _out(source)


@router.delete(f"{BASE}/{{source_id}}", response={204: None, **INVALID})
def delete_listening_source(request: HttpRequest, slug: str, source_id: int) -> Status:
    """Remove a source and the mentions it found (owners and managers). Audited."""
    membership = member(request, slug, Perm.EDIT_STRATEGY)
    try:
        service.delete_source(membership, source_id)
    except service.SourceNotFound as exc:
        raise Http404 from exc
    return Status(204, None)


@router.post(f"{BASE}/{{source_id}}/poll", response={200: PollOut, **INVALID})
def poll_listening_source(request: HttpRequest, slug: str, source_id: int) -> dict[str, Any]:
    """Read a source now (owners and managers): a failure is answered 200 with its code
    and words, as it is recorded on the source. Audited."""
    membership = member(request, slug, Perm.EDIT_STRATEGY)
    try:
        result = polling.poll_now(membership, source_id, now=timezone.now())
    except service.SourceNotFound as exc:
        raise Http404 from exc
    return {
        "stored": result.stored,
        "not_modified": result.not_modified,
        "error": result.error,
        "error_text": result.error_text,
    }
