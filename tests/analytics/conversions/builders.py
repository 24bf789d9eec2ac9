"""Tracked links, paid campaigns and imported traffic built by hand for the tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from mostra.analytics.models import GoalCount, TrafficRow
from mostra.core.models import Workspace
from mostra.links.models import ClickDay, TrackedLink
from mostra.paid.models import Campaign, CampaignDay


def link(workspace: Workspace, code: str, **tags) -> TrackedLink:
    values = {
        "workspace": workspace,
        "code": code,
        "target": "https://atelier.example/inscription",
        "utm_campaign": "atelier-octobre",
        "utm_source": "instagram",
        "utm_medium": "organic",
    }
    values.update(tags)
    return TrackedLink.objects.create(**values)


def campaign(workspace: Workspace, **changes) -> Campaign:
    values = {
        "workspace": workspace,
        "name": "Ateliers d'octobre",
        "start": dt.date(2026, 10, 1),
        "end": dt.date(2026, 10, 31),
        "budget": Decimal(500),
        "utm_campaign": "atelier-octobre",
    }
    values.update(changes)
    return Campaign.objects.create(**values)


def ad_day(campaign: Campaign, day: dt.date, **figures) -> CampaignDay:
    return CampaignDay.objects.create(campaign=campaign, day=day, **figures)


def clicks(link: TrackedLink, day: dt.date, count: int) -> ClickDay:
    return ClickDay.objects.create(link=link, day=day, clicks=count, uniques=count)


def traffic(
    workspace: Workspace, day: dt.date, visits: int | None, goals: dict[str, int], **tags
) -> TrafficRow:
    values = {
        "utm_campaign": "atelier-octobre",
        "utm_source": "instagram",
        "utm_medium": "organic",
    }
    values.update(tags)
    row = TrafficRow.objects.create(
        workspace=workspace, tool="matomo", start=day, end=day, visits=visits, **values
    )
    for goal, count in goals.items():
        GoalCount.objects.create(row=row, goal=goal, conversions=count)
    return row
