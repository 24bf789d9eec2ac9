"""Importing an ad manager's export into the workspace's campaigns: web, API and CLI.

Rows are matched to the workspace's campaigns by name (case aside) and day. A name no
campaign has is refused, naming it, unless ``create_missing``: then the campaign is
created (always-on, budget 0 to fill in, dates spanning its rows, the network's).
All or nothing; the same file twice changes nothing (its days are replaced).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from mostra.analytics.paid_imports.reader import NETWORKS, AdsRefused, read_export
from mostra.core import audit
from mostra.core.models import AuditAction, Membership
from mostra.paid.models import Campaign
from mostra.paid.services.campaigns import (
    CampaignInput,
    create_campaign,
    require_editor,
    workspace_currency,
)
from mostra.paid.services.days import store_days
from mostra.strategy import networks

#: The networks a campaign created by an import runs on.
CAMPAIGN_NETWORKS = {
    "meta": list(networks.where(oauth_provider="meta")),
    "linkedin": list(networks.where(oauth_provider="linkedin")),
}


@dataclass
class AdsOutcome:
    tool: str
    rows: int
    days: int
    campaigns: list[str]
    created: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)


def import_ads(
    actor: Membership,
    path: Path,
    network: str,
    *,
    filename: str | None = None,
    create_missing: bool = False,
    ip_address: str | None = None,
) -> AdsOutcome:
    """Store the days of an export of ``network`` ("meta" or "linkedin"); AdsRefused
    (nothing stored) with what to do."""
    require_editor(actor)
    workspace = actor.workspace
    export = read_export(path, network, currency=workspace_currency(workspace), filename=filename)
    known = {c.name.casefold(): c for c in Campaign.objects.filter(workspace=workspace)}
    missing = sorted(name for name in export.campaigns if name.casefold() not in known)
    if missing and not create_missing:
        raise AdsRefused(
            _(
                "No campaign of the workspace is named %(names)s: create them in Paid "
                "campaigns with these exact names (or import with “create the missing "
                "campaigns”). Nothing was imported."
            )
            % {"names": ", ".join(f"“{n}”" for n in missing[:10])}
        )
    with transaction.atomic():
        for name in missing:
            days = export.campaigns[name]
            known[name.casefold()] = create_campaign(
                actor,
                CampaignInput(
                    name=name,
                    start=min(days),
                    end=max(days),
                    networks=CAMPAIGN_NETWORKS[network],
                ),
                ip_address=ip_address,
            )
        by_campaign = {
            known[name.casefold()].pk: list(days.values())
            for name, days in export.campaigns.items()
        }
        written = store_days(by_campaign, network)
        audit.record(
            AuditAction.CREATE,
            actor=actor.user,
            workspace=workspace,
            label=filename or path.name,
            changes={
                "import": [None, filename or path.name],
                "tool": [None, network],
                "rows": [None, export.rows],
                "days": [None, written],
            },
            ip_address=ip_address,
        )
    return AdsOutcome(
        NETWORKS[network],
        export.rows,
        written,
        sorted(export.campaigns),
        missing,
        export.unread,
    )
