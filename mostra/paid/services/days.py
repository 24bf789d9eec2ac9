"""A campaign's days: typed by hand (one day or a period) or brought by an import.

Unknown is not zero: a figure left empty stays ``None``. A period typed by hand is
spread evenly over its days (the amounts to the cent, the counts to the unit, the
remainder on the last day), so that pacing and the KPIs read days whatever the entry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from mostra.core import audit, figures_cache
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership
from mostra.paid.models import Campaign, CampaignDay, Origin
from mostra.paid.services.campaigns import require_editor

COUNTS = ("impressions", "reach", "clicks", "results")
#: A period typed by hand covers at most this many days.
MAX_PERIOD_DAYS = 366


@dataclass
class DayFigures:
    day: dt.date
    spend: Decimal | None = None
    impressions: int | None = None
    reach: int | None = None
    clicks: int | None = None
    results: int | None = None


def _check(figures: DayFigures) -> None:
    if figures.spend is not None and figures.spend < 0:
        raise DomainError(_("Spend cannot be negative."), field="spend")
    for name in COUNTS:
        value = getattr(figures, name)
        if value is not None and value < 0:
            raise DomainError(_("Counts cannot be negative."), field=name)


def _spread_amount(total: Decimal | None, days: int) -> list[Decimal | None]:
    if total is None:
        return [None] * days
    share = (total / days).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    shares: list[Decimal | None] = [share] * (days - 1)
    return [*shares, total - share * (days - 1)]


def _spread_count(total: int | None, days: int) -> list[int | None]:
    if total is None:
        return [None] * days
    share = total // days
    shares: list[int | None] = [share] * (days - 1)
    return [*shares, total - share * (days - 1)]


def spread(figures: DayFigures, end: dt.date) -> list[DayFigures]:
    """A period's totals as one DayFigures per day, from ``figures.day`` to ``end``."""
    count = (end - figures.day).days + 1
    spends = _spread_amount(figures.spend, count)
    counts = {name: _spread_count(getattr(figures, name), count) for name in COUNTS}
    return [
        DayFigures(
            figures.day + dt.timedelta(days=i),
            spends[i],
            *(counts[name][i] for name in COUNTS),
        )
        for i in range(count)
    ]


def record_figures(
    actor: Membership,
    campaign: Campaign,
    figures: DayFigures,
    *,
    end: dt.date | None = None,
    ip_address: str | None = None,
) -> int:
    """Record a day's (or, with ``end``, a period's) figures typed by hand; the days
    written. Replaces what those days held."""
    require_editor(actor)
    if campaign.workspace_id != actor.workspace_id:
        raise DomainError(_("This campaign is not the workspace's."))
    _check(figures)
    end = end or figures.day
    if end < figures.day:
        raise DomainError(_("The period ends before it starts: fix the dates."), field="end")
    if (end - figures.day).days + 1 > MAX_PERIOD_DAYS:
        raise DomainError(
            _("A period covers at most %(n)s days: enter it in several parts.")
            % {"n": MAX_PERIOD_DAYS},
            field="end",
        )
    days = spread(figures, end)
    with transaction.atomic():
        written = store_days({campaign.pk: days}, Origin.HAND)
        audit.record(
            AuditAction.UPDATE,
            actor=actor.user,
            workspace=campaign.workspace,
            obj=campaign,
            changes={
                "days": [None, f"{figures.day.isoformat()}..{end.isoformat()}"],
                "spend": [None, None if figures.spend is None else str(figures.spend)],
            },
            ip_address=ip_address,
        )
    return written


def store_days(by_campaign: dict[int, list[DayFigures]], origin: str) -> int:
    """Write the days (replacing the same campaign's same days); the rows written.

    Callers check rights and hold the transaction; the workspaces' figures change."""
    rows = [
        CampaignDay(
            campaign_id=campaign_id,
            day=f.day,
            spend=f.spend,
            impressions=f.impressions,
            reach=f.reach,
            clicks=f.clicks,
            results=f.results,
            origin=origin,
        )
        for campaign_id, days in by_campaign.items()
        for f in days
    ]
    if not rows:
        return 0
    CampaignDay.objects.bulk_create(
        rows,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["campaign", "day"],
        update_fields=[
            "spend",
            "impressions",
            "reach",
            "clicks",
            "results",
            "origin",
            "updated_at",
        ],
    )
    workspaces = set(
        Campaign.objects.filter(pk__in=by_campaign).values_list("workspace_id", flat=True)
    )
    figures_cache.changed(sorted(workspaces))
    return len(rows)
