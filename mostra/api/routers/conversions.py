"""Conversions in the API: web-analytics exports imported, their rows matched to links,
posts and campaigns, goals mapped to KPIs, and an objective's funnel.

Every member reads. Owners and managers import and map goals; for anyone else those
answer 404, as for an outsider. The rules and the audit log are in
:mod:`mostra.analytics.conversions.services`; a refused file answers 422 saying what to
fix (each bad line with its place), nothing imported. Mounted by the analytics router.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from mostra.analytics.conversions import services
from mostra.analytics.conversions.exports import MAX_BYTES, read_export
from mostra.analytics.conversions.funnel import objective_funnel
from mostra.analytics.conversions.matching import match
from mostra.analytics.importers.base import ImportRefused
from mostra.analytics.models import GoalMapping
from mostra.analytics.progress import local_today
from mostra.api.access import member
from mostra.api.schemas.common import INVALID, NOT_FOUND
from mostra.core.permissions import Perm
from mostra.core.services.workspaces import workspace_language
from mostra.strategy.models import Objective

router = Router(tags=["analytics"])
BASE = "/workspaces/{slug}/conversions"


class TrafficRowOut(Schema):
    tool: str
    #: The row's first and last day (the same day for an export by day).
    start: dt.date
    end: dt.date
    utm_campaign: str
    utm_source: str
    utm_medium: str
    utm_content: str
    #: None when the export does not give them (unknown, not 0).
    visits: int | None
    #: {goal: conversions}.
    conversions: dict[str, int]
    #: The tracked links with the same tags, the post they were made for, the paid
    #: campaign whose utm_campaign the row carries.
    links: list[int]
    post: int | None
    campaign: int | None


class ImportOut(Schema):
    tool: str
    start: dt.date | None
    end: dt.date | None
    rows: int
    replaced: int
    visits: int
    conversions: int


class GoalMappingIn(Schema):
    goal: str
    #: "" stops counting the goal as a KPI.
    kpi: Literal["registrations", "sales", "leads", ""]


class GoalMappingOut(Schema):
    goal: str
    kpi: str


class FunnelStepOut(Schema):
    #: reach, clicks, visits or conversions.
    step: str
    #: None when nothing measures it (unknown, never 0).
    value: int | None
    #: This step over the previous one (0.25 for 25 %), None when unknown.
    rate: float | None


class FunnelOut(Schema):
    objective: str
    start: dt.date
    end: dt.date
    steps: list[FunnelStepOut]
    spend: float | None
    cost_per_conversion: float | None
    #: The utm_campaign tags counted.
    tags: list[str]


@router.get(BASE, response={200: list[TrafficRowOut], **NOT_FOUND})
def list_conversions(
    request: HttpRequest, slug: str, start: dt.date | None = None, end: dt.date | None = None
) -> list[dict[str, Any]]:
    """The imported rows overlapping ``start``..``end``, each matched by its UTM tags."""
    membership = member(request, slug)
    return [
        {
            "tool": m.row.tool,
            "start": m.row.start,
            "end": m.row.end,
            "utm_campaign": m.row.utm_campaign,
            "utm_source": m.row.utm_source,
            "utm_medium": m.row.utm_medium,
            "utm_content": m.row.utm_content,
            "visits": m.row.visits,
            "conversions": m.goals,
            "links": m.link_ids,
            "post": m.post_id,
            "campaign": m.campaign_id,
        }
        for m in match(membership.workspace, start, end)
    ]


@router.post(f"{BASE}/import", response={200: ImportOut, **INVALID})
def import_conversions(
    request: HttpRequest,
    slug: str,
    file: File[UploadedFile],
    source: Form[Literal["matomo", "plausible", "ga4"]],
    start: Form[dt.date | None] = None,
    end: Form[dt.date | None] = None,
) -> dict[str, Any]:
    """Import a campaigns export (CSV or XLSX, ``multipart/form-data`` in ``file``) from
    ``source``, all or nothing; ``start`` and ``end`` give the period of an export
    without dates. Importing the same period from the same tool again replaces it."""
    membership = member(request, slug, Perm.EDIT_STRATEGY)
    workspace = membership.workspace
    if (start is None) != (end is None):
        raise ImportRefused(_both())
    name = Path(file.name or "export.csv").name
    if (file.size or 0) > MAX_BYTES:
        raise ImportRefused(_too_large())
    with tempfile.NamedTemporaryFile(suffix=Path(name).suffix[:10] or ".csv") as handle:
        for chunk in file.chunks():
            handle.write(chunk)
        handle.flush()
        traffic = read_export(
            Path(handle.name),
            source,
            filename=name,
            period=(start, end) if start and end else None,
            language=workspace_language(workspace),
            today=local_today(workspace),
        )
    summary = services.import_traffic(membership, traffic, filename=name)
    return {**summary.as_dict(), "start": summary.first, "end": summary.last}


def _too_large() -> str:
    from django.utils.translation import gettext as _

    return _(
        "The file is over %(max)s MB: a campaigns export is much smaller. Export the "
        "campaigns report only, for a shorter period."
    ) % {"max": MAX_BYTES // 1024**2}


def _both() -> str:
    from django.utils.translation import gettext as _

    return _("Give both start and end, or neither.")


@router.get(f"{BASE}/goals", response={200: list[GoalMappingOut], **NOT_FOUND})
def list_conversion_goals(request: HttpRequest, slug: str) -> list[GoalMapping]:
    """The goals counted as a KPI's values."""
    membership = member(request, slug)
    return list(GoalMapping.objects.filter(workspace=membership.workspace))


@router.post(f"{BASE}/goals", response={200: GoalMappingOut, **INVALID})
def map_conversion_goal(request: HttpRequest, slug: str, payload: GoalMappingIn) -> dict[str, str]:
    """Count a goal's conversions as registrations, sales or leads ("" to stop); a value
    the team records for a day still wins over the imported ones."""
    membership = member(request, slug, Perm.EDIT_STRATEGY)
    services.map_goal(membership, payload.goal, payload.kpi)
    return {"goal": payload.goal.strip(), "kpi": payload.kpi}


@router.get(
    "/workspaces/{slug}/strategy/objectives/{key}/funnel", response={200: FunnelOut, **NOT_FOUND}
)
def get_objective_funnel(
    request: HttpRequest,
    slug: str,
    key: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> dict[str, Any]:
    """Reach → clicks → visits → conversions for the objective over ``start``..``end``
    (default: its start, or 30 days ago, to today), each step's rate, and the cost per
    conversion where the paid campaigns' spend is known."""
    membership = member(request, slug)
    objective = get_object_or_404(Objective, workspace=membership.workspace, key=key)
    today = local_today(membership.workspace)
    end = end or today
    start = start or objective.start or end - dt.timedelta(days=29)
    funnel = objective_funnel(objective, start, end)
    return {
        "objective": objective.key,
        "start": start,
        "end": end,
        "steps": [{"step": s.code, "value": s.value, "rate": s.rate} for s in funnel.steps],
        "spend": None if funnel.spend is None else float(funnel.spend),
        "cost_per_conversion": None
        if funnel.cost_per_conversion is None
        else float(funnel.cost_per_conversion),
        "tags": funnel.tags,
    }
