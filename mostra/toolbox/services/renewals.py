"""Renewals coming: the warnings on the Toolbox and home pages, and the notices the
periodic job sends once per renewal (the notification centre names the recipients)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F

from mostra.core.models import Membership, Workspace
from mostra.toolbox.models import Tool

#: The longest warning a tool may ask for (days): the widest window read.
LONGEST_WARNING = 365


@dataclass(frozen=True)
class Renewal:
    tool: Tool
    days_left: int


def _near(tools: list[Tool], today: dt.date) -> list[Renewal]:
    out = [
        Renewal(t, (t.renews_on - today).days)
        for t in tools
        if t.renews_on is not None and t.renewal_near(today)
    ]
    return sorted(out, key=lambda r: (r.days_left, r.tool.name))


def coming(workspace: Workspace, today: dt.date) -> list[Renewal]:
    """The workspace's tools renewing within their warning (one query)."""
    tools = Tool.objects.filter(
        workspace=workspace,
        renews_on__gte=today,
        renews_on__lte=today + dt.timedelta(days=LONGEST_WARNING),
    ).select_related("owner")
    return _near(list(tools), today)


def coming_for(membership: Membership, today: dt.date) -> list[Renewal]:
    """The member's own tools renewing within their warning (the home page's)."""
    tools = Tool.objects.filter(
        workspace_id=membership.workspace_id,
        owner_id=membership.user_id,
        renews_on__gte=today,
        renews_on__lte=today + dt.timedelta(days=LONGEST_WARNING),
    )
    return _near(list(tools), today)


@transaction.atomic
def claim_due(today: dt.date) -> list[Tool]:
    """The tools whose owner is to be warned now, marked as warned of this renewal (each
    renewal is claimed once, whatever the number of runs)."""
    due = list(
        Tool.objects.select_for_update(skip_locked=True)
        .filter(owner__isnull=False, renews_on__gte=today)
        .exclude(warned_for=F("renews_on"))
        .select_related("workspace")
        .filter(renews_on__lte=today + dt.timedelta(days=LONGEST_WARNING))
    )
    due = [t for t in due if t.renewal_near(today)]
    for tool in due:
        tool.warned_for = tool.renews_on
    Tool.objects.bulk_update(due, ["warned_for"])
    return due
