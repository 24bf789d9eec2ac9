"""Read a workspace's strategy from the database as a :class:`StrategyDocument`."""

from __future__ import annotations

from mostra.core.models import Workspace
from mostra.core.services.workspaces import workspace_language
from mostra.strategy import document as d
from mostra.strategy.models import (
    CustomKpi,
    MissionNetwork,
    Objective,
    Platform,
    Strategy,
    StrategyProfile,
    Tactic,
    Target,
)
from mostra.strategy.services.convert import (
    kpi_doc,
    mission_network_doc,
    number,
    objective_doc,
    platform_doc,
    strategy_doc,
    tactic_doc,
    target_doc,
)


def export_document(workspace: Workspace) -> d.StrategyDocument:
    """The whole strategy of a workspace, in file order, in a fixed number of queries."""
    profile = StrategyProfile.objects.filter(workspace=workspace).first()
    objectives = (
        Objective.objects.filter(workspace=workspace)
        .select_related("owner__user")
        .prefetch_related("targets")
    )
    strategies = Strategy.objects.filter(workspace=workspace).select_related("objective")
    tactics = (
        Tactic.objects.filter(workspace=workspace)
        .select_related("strategy")
        .prefetch_related("targets")
    )
    return d.StrategyDocument(
        version=1,
        workspace=d.WorkspaceInfo(
            name=workspace.name,
            slug=workspace.slug,
            timezone=workspace.timezone,
            language=workspace_language(workspace),
        ),
        capacity=d.Capacity(posts_per_week=number(profile.posts_per_week) if profile else None),
        checks=d.Checks(
            new_account_months=profile.new_account_months,
            default_monthly_growth_max=profile.default_monthly_growth_max,
        )
        if profile
        else d.Checks(),
        mission=d.Mission(
            vision=profile.vision if profile else "",
            networks=[
                mission_network_doc(m) for m in MissionNetwork.objects.filter(workspace=workspace)
            ],
        ),
        targets=[target_doc(t) for t in Target.objects.filter(workspace=workspace)],
        platforms=[platform_doc(p) for p in Platform.objects.filter(workspace=workspace)],
        kpis=[kpi_doc(k) for k in CustomKpi.objects.filter(workspace=workspace)],
        objectives=[objective_doc(o) for o in objectives],
        strategies=[strategy_doc(s) for s in strategies],
        tactics=[tactic_doc(t) for t in tactics],
    )
