"""The ambassadors and influencers programme over a period: the dashboard's card and the
monthly report's section.

The figures come from :mod:`mostra.analytics.programme_kpis` (the same as the Programme
figures page, the API and ``mostra kpi programme``), written in the active language.
Left out (None) when the workspace has no programme: no member and no campaign; one
query then (none when the caller knows it: the report asks :func:`presence` once for
its paid and programme sections), four otherwise, whatever the number of members,
campaigns and posts.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from mostra.ambassadors.models import InfluenceCampaign, Member
from mostra.analytics.kpis import Period
from mostra.analytics.programme_kpis import gather
from mostra.analytics.programme_kpis.display import Line, line
from mostra.core.models import Workspace
from mostra.paid.models import Campaign


@dataclass(frozen=True)
class ProgrammeBoard:
    #: The whole programme's figures, written ("2,000", "50 %", "1 of 2").
    total: Line
    #: One line per campaign with a post, a click or a collaboration in the period.
    campaigns: list[Line]
    #: The paid or gifted posts of the period found without the disclosure.
    non_compliant: int


@dataclass(frozen=True)
class Presence:
    """Whether the workspace has paid campaigns and a programme (the report's sections)."""

    paid: bool
    programme: bool


def presence(workspace: Workspace) -> Presence:
    """Both answers in one query."""
    found = (
        Workspace.objects.filter(pk=workspace.pk)
        .annotate(
            has_paid=Exists(Campaign.objects.filter(workspace=OuterRef("pk"))),
            has_members=Exists(Member.objects.filter(workspace=OuterRef("pk"))),
            has_campaigns=Exists(InfluenceCampaign.objects.filter(workspace=OuterRef("pk"))),
        )
        .values_list("has_paid", "has_members", "has_campaigns")
        .first()
    )
    if found is None:
        return Presence(False, False)
    return Presence(bool(found[0]), bool(found[1] or found[2]))


def programme_board(
    workspace: Workspace, period: Period, *, present: bool | None = None
) -> ProgrammeBoard | None:
    """The programme's card for ``period``, or None when the workspace has none
    (``present``: already known by the caller, no query to ask)."""
    if present is None:
        present = presence(workspace).programme
    if not present:
        return None
    figures = gather(workspace, period)
    return ProgrammeBoard(
        total=line(figures.total),
        campaigns=[line(c) for c in figures.campaigns],
        non_compliant=figures.total.non_compliant,
    )
