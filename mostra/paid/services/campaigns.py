"""Creating, changing and deleting paid campaigns: the one path for web, API and CLI
(audited)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mostra.core import audit, figures_cache
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership, Workspace
from mostra.core.permissions import Perm, has_perm
from mostra.paid.models import Campaign, CampaignDay, Kind
from mostra.paid.services.figures import totals_of
from mostra.strategy import networks as known_networks

#: The currency mostra keeps amounts in (KPIs and strategy budgets are in euros).
WORKSPACE_CURRENCY = "EUR"
_TAG = re.compile(r"^[A-Za-z0-9_.\-]*$")


def workspace_currency(workspace: Workspace) -> str:
    """The currency the workspace's amounts are in."""
    return WORKSPACE_CURRENCY


@dataclass
class CampaignInput:
    name: str
    start: dt.date
    end: dt.date
    kind: str = Kind.ALWAYS_ON
    budget: Decimal = Decimal(0)
    currency: str = ""
    networks: list[str] = field(default_factory=list)
    audience: str = ""
    utm_campaign: str = ""
    objective_id: int | None = None
    strategy_id: int | None = None
    post_ids: list[int] = field(default_factory=list)
    pacing_threshold: int = 20


def require_editor(actor: Membership) -> None:
    if not has_perm(actor, Perm.EDIT_STRATEGY):
        raise DomainError(_("Only owners and managers can change paid campaigns."))


def _clean(workspace: Workspace, data: CampaignInput, campaign: Campaign | None) -> dict[str, Any]:
    name = data.name.strip()
    if not name:
        raise DomainError(_("Give the campaign a name."), field="name")
    clash = Campaign.objects.filter(workspace=workspace, name__iexact=name)
    if campaign is not None:
        clash = clash.exclude(pk=campaign.pk)
    if clash.exists():
        raise DomainError(
            _("A campaign is already named “%(name)s”: choose another name.") % {"name": name},
            field="name",
        )
    if data.end < data.start:
        raise DomainError(_("The campaign ends before it starts: fix the dates."), field="end")
    if data.kind not in Kind.values:
        raise DomainError(_("Choose always-on or event as the campaign's kind."), field="kind")
    if data.budget < 0:
        raise DomainError(_("The budget cannot be negative."), field="budget")
    currency = (data.currency or workspace_currency(workspace)).upper()
    if currency != workspace_currency(workspace):
        raise DomainError(
            _("This workspace keeps its amounts in %(currency)s: enter the budget in it.")
            % {"currency": workspace_currency(workspace)},
            field="currency",
        )
    unknown = [n for n in data.networks if n not in known_networks.NETWORKS]
    if unknown:
        raise DomainError(
            _("Unknown networks: %(names)s.") % {"names": ", ".join(unknown)}, field="networks"
        )
    tag = data.utm_campaign.strip()
    if not _TAG.match(tag):
        raise DomainError(
            _("The campaign tag takes letters, digits, dots, dashes and underscores only."),
            field="utm_campaign",
        )
    if not 1 <= data.pacing_threshold <= 500:
        raise DomainError(
            _("The pacing threshold is a percentage between 1 and 500."), field="pacing_threshold"
        )
    objective_id = _own(workspace.objectives, data.objective_id, _("objective"))
    strategy_id = _own(workspace.strategies, data.strategy_id, _("strategy"))
    return {
        "name": name,
        "kind": data.kind,
        "start": data.start,
        "end": data.end,
        "budget": data.budget,
        "currency": currency,
        "networks": sorted(set(data.networks)),
        "audience": data.audience.strip(),
        "utm_campaign": tag,
        "objective_id": objective_id,
        "strategy_id": strategy_id,
        "pacing_threshold": data.pacing_threshold,
    }


def _own(manager: Any, pk: int | None, what: str) -> int | None:
    if pk is None:
        return None
    if not manager.filter(pk=pk).exists():
        raise DomainError(_("This %(what)s is not one of the workspace's.") % {"what": what})
    return pk


def _posts(workspace: Workspace, ids: list[int]) -> list[int]:
    found = set(workspace.posts.filter(pk__in=ids).values_list("pk", flat=True))
    missing = sorted(set(ids) - found)
    if missing:
        raise DomainError(
            _("These posts are not the workspace's: %(ids)s.")
            % {"ids": ", ".join(map(str, missing))},
            field="promoted_posts",
        )
    return sorted(found)


def create_campaign(
    actor: Membership, data: CampaignInput, *, ip_address: str | None = None
) -> Campaign:
    require_editor(actor)
    workspace = actor.workspace
    values = _clean(workspace, data, None)
    posts = _posts(workspace, data.post_ids)
    with transaction.atomic():
        campaign = Campaign.objects.create(workspace=workspace, created_by=actor.user, **values)
        campaign.promoted_posts.set(posts)
        audit.record(
            AuditAction.CREATE,
            actor=actor.user,
            workspace=workspace,
            obj=campaign,
            changes={"name": [None, campaign.name], "budget": [None, str(campaign.budget)]},
            ip_address=ip_address,
        )
        figures_cache.changed([workspace.pk])
    return campaign


def update_campaign(
    actor: Membership, campaign: Campaign, data: CampaignInput, *, ip_address: str | None = None
) -> Campaign:
    require_editor(actor)
    workspace = actor.workspace
    if campaign.workspace_id != workspace.pk:
        raise DomainError(_("This campaign is not the workspace's."))
    values = _clean(workspace, data, campaign)
    posts = _posts(workspace, data.post_ids)
    before = {k: str(getattr(campaign, k)) for k in values}
    with transaction.atomic():
        for key, value in values.items():
            setattr(campaign, key, value)
        campaign.save()
        campaign.promoted_posts.set(posts)
        after = {k: str(getattr(campaign, k)) for k in values}
        audit.record(
            AuditAction.UPDATE,
            actor=actor.user,
            workspace=workspace,
            obj=campaign,
            changes=audit.diff(before, after),
            ip_address=ip_address,
        )
        figures_cache.changed([workspace.pk])
    return campaign


def delete_campaign(actor: Membership, campaign: Campaign, *, ip_address: str | None = None) -> int:
    """Delete the campaign and its days (the promoted posts stay); the days deleted.
    Audited with what it held, so the log says what was lost."""
    require_editor(actor)
    workspace = actor.workspace
    if campaign.workspace_id != workspace.pk:
        raise DomainError(_("This campaign is not the workspace's."))
    with transaction.atomic():
        held = totals_of(CampaignDay.objects.filter(campaign=campaign))
        audit.record(
            AuditAction.DELETE,
            actor=actor.user,
            workspace=workspace,
            obj=campaign,
            label=campaign.name,
            changes={
                "name": [campaign.name, None],
                "budget": [str(campaign.budget), None],
                "days": [held.days, 0],
                "spend": [f"{held.spend or 0:.2f}", None],
            },
            ip_address=ip_address,
        )
        campaign.delete()  # its days go with it (on_delete=CASCADE)
        figures_cache.changed([workspace.pk])
    return held.days
