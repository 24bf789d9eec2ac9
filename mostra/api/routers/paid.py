"""Paid campaigns: list, create, change, delete, and import an ad manager's export.

Every member lists them; owners and managers change them and import, through the same
services as the pages and ``mostra campaign`` (:mod:`mostra.paid.services.campaigns`,
:mod:`mostra.analytics.paid_imports.service`). A value or a file refused answers 422
saying what to do, nothing written.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status, UploadedFile

from mostra.analytics.paid_imports.reader import AdsRefused
from mostra.analytics.paid_imports.service import import_ads
from mostra.api.access import member
from mostra.api.schemas.common import INVALID, NOT_FOUND
from mostra.api.schemas.paid import CampaignIn, CampaignOut, ImportOut
from mostra.core.errors import DomainError
from mostra.core.permissions import Perm
from mostra.core.views.base import client_ip
from mostra.paid.models import Campaign
from mostra.paid.services import campaigns as service
from mostra.paid.services.figures import pacing
from mostra.paid.services.listing import CampaignRow, campaign_rows

router = Router(tags=["paid"])
BASE = "/workspaces/{slug}/campaigns"


def _input(payload: CampaignIn) -> service.CampaignInput:
    try:
        budget = Decimal(payload.budget.replace(",", "."))
    except InvalidOperation as exc:
        raise DomainError(_("The budget is not an amount: write it as 310.00."), "budget") from exc
    return service.CampaignInput(
        name=payload.name,
        kind=payload.kind,
        start=payload.start,
        end=payload.end,
        budget=budget,
        currency=payload.currency,
        networks=payload.networks,
        audience=payload.audience,
        utm_campaign=payload.utm_campaign,
        objective_id=payload.objective,
        strategy_id=payload.strategy,
        post_ids=payload.promoted_posts,
        pacing_threshold=payload.pacing_threshold,
    )


def _out(campaign: Campaign) -> dict[str, Any]:
    return CampaignRow(campaign, pacing(campaign, timezone.localdate())).as_data()


@router.get(BASE, response={200: list[CampaignOut], **NOT_FOUND})
def list_campaigns(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """The workspace's campaigns with their pacing as of today (three queries)."""
    workspace = member(request, slug).workspace
    return [row.as_data() for row in campaign_rows(workspace, timezone.localdate())]


@router.post(BASE, response={201: CampaignOut, **INVALID})
def create_campaign(request: HttpRequest, slug: str, payload: CampaignIn) -> Status:
    """Create a campaign (owners and managers). Audited."""
    membership = member(request, slug, Perm.EDIT_STRATEGY)
    campaign = service.create_campaign(membership, _input(payload))
    return Status(201, _out(campaign))


@router.post(f"{BASE}/import", response={200: ImportOut, **INVALID})
def import_campaign_days(
    request: HttpRequest,
    slug: str,
    file: File[UploadedFile],
    network: Form[Literal["meta", "linkedin"]],
    create_missing: Form[bool] = False,
) -> dict[str, Any]:
    """Import a Meta Ads Manager or LinkedIn Campaign Manager report by day (CSV or
    XLSX, ``multipart/form-data`` in ``file``) into the campaigns' days, all or nothing
    (owners and managers). The 422 lists each problem with its line."""
    membership = member(request, slug, Perm.EDIT_STRATEGY)
    name = Path(file.name or "export.csv").name
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export"
        with path.open("wb") as out:
            for chunk in file.chunks():
                out.write(chunk)
        try:
            outcome = import_ads(
                membership, path, network, filename=name, create_missing=create_missing
            )
        except AdsRefused as exc:
            raise DomainError(" ".join([exc.message, *exc.problems])) from exc
    return {
        "tool": outcome.tool,
        "rows": outcome.rows,
        "days": outcome.days,
        "campaigns": outcome.campaigns,
        "created": outcome.created,
        "unread": outcome.unread,
    }


@router.put(f"{BASE}/{{campaign_id}}", response={200: CampaignOut, **INVALID})
def update_campaign(
    request: HttpRequest, slug: str, campaign_id: int, payload: CampaignIn
) -> dict[str, Any]:
    """Change a campaign, every field given (owners and managers). Audited."""
    membership = member(request, slug, Perm.EDIT_STRATEGY)
    campaign = Campaign.objects.filter(workspace=membership.workspace, pk=campaign_id).first()
    if campaign is None:
        raise Http404
    service.update_campaign(membership, campaign, _input(payload))
    return _out(campaign)


@router.delete(f"{BASE}/{{campaign_id}}", response={204: None, **INVALID})
def delete_campaign(request: HttpRequest, slug: str, campaign_id: int) -> Status:
    """Delete a campaign and its days (owners and managers); the promoted posts stay.
    Audited with the days and the spend it held."""
    membership = member(request, slug, Perm.EDIT_STRATEGY)
    campaign = Campaign.objects.filter(workspace=membership.workspace, pk=campaign_id).first()
    if campaign is None:
        raise Http404
    service.delete_campaign(membership, campaign, ip_address=client_ip(request))
    return Status(204, None)
