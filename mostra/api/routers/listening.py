"""Listening: the sources of a workspace (list, add, change, remove, read now), and its
stored queries (list, add, change, remove).

Every member lists them with their health; owners and managers add, remove and read
them (:mod:`mostra.listening.services`, the same services as the Sources page and
``mostra listen source``). A value a kind refuses answers 422 naming it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Status

from mostra.api.access import member
from mostra.api.schemas.common import INVALID, NOT_FOUND
from mostra.api.schemas.listening import (
    ListeningQueryIn,
    ListeningQueryOut,
    ListeningQueryPatch,
    ListeningQuerySaved,
    ListeningSourceIn,
    ListeningSourceOut,
    ListeningSourcePatch,
    PollOut,
)
from mostra.core.permissions import Perm
from mostra.listening.models import ListeningQuery, Source
from mostra.listening.services import polling
from mostra.listening.services import queries as query_service
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


QUERIES = "/workspaces/{slug}/listening/queries"


def _query_out(query: ListeningQuery, mentions: int) -> dict[str, Any]:
    return {
        "id": query.pk,
        "name": query.name,
        "group": query.group,
        "text": query.text,
        "mentions": mentions,
        "created_at": query.created_at,
        "updated_at": query.updated_at,
    }


def _saved(saved: query_service.Saved) -> dict[str, Any]:
    return {
        **_query_out(saved.query, saved.query.mentions.count()),
        "warnings": [w.as_dict() for w in saved.warnings],
        "matched_recent": saved.matched,
    }


@router.get(QUERIES, response={200: list[ListeningQueryOut], **NOT_FOUND})
def list_listening_queries(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """The workspace's stored queries by group and name, with how many mentions each
    matched."""
    workspace = member(request, slug).workspace
    rows = ListeningQuery.objects.filter(workspace=workspace).annotate(n=Count("mentions"))
    return [_query_out(q, q.n) for q in rows.order_by("group", "name")]


@router.post(QUERIES, response={201: ListeningQuerySaved, **INVALID})
def create_listening_query(request: HttpRequest, slug: str, payload: ListeningQueryIn) -> Status:
    """Store a query (owners and managers): new mentions are matched against it, and the
    last 30 days' at once. A query that does not read answers 422 with its line and
    column; warnings come back with it and do not stop it. Audited."""
    membership = member(request, slug, Perm.EDIT_STRATEGY)
    saved = query_service.add_query(
        membership, name=payload.name, text=payload.text, group=payload.group
    )
    return Status(201, _saved(saved))


@router.patch(f"{QUERIES}/{{query_id}}", response={200: ListeningQuerySaved, **INVALID})
def update_listening_query(
    request: HttpRequest, slug: str, query_id: int, payload: ListeningQueryPatch
) -> dict[str, Any]:
    """Rename a query, change its group or its text (owners and managers); a new text is
    matched again against the last 30 days of mentions. Audited."""
    membership = member(request, slug, Perm.EDIT_STRATEGY)
    fields = payload.changes()
    try:
        saved = query_service.update_query(
            membership,
            query_id,
            name=fields.get("name"),
            group=fields.get("group"),
            text=fields.get("text"),
        )
    except query_service.QueryNotFound as exc:
        raise Http404 from exc
    return _saved(saved)


@router.delete(f"{QUERIES}/{{query_id}}", response={204: None, **INVALID})
def delete_listening_query(request: HttpRequest, slug: str, query_id: int) -> Status:
    """Remove a query (owners and managers); the mentions stay, without its matches.
    Audited."""
    membership = member(request, slug, Perm.EDIT_STRATEGY)
    try:
        query_service.delete_query(membership, query_id)
    except query_service.QueryNotFound as exc:
        raise Http404 from exc
    return Status(204, None)
