"""Read a workspace's strategy from the database as a :class:`StrategyDocument`."""

from __future__ import annotations

from mostra.core.models import Workspace
from mostra.strategy import document as d
from mostra.strategy.models import (
    MissionNetwork,
    Objective,
    Platform,
    Strategy,
    StrategyProfile,
    Tactic,
    Target,
)


def number(value: float | None) -> float | int | None:
    """1200.0 -> 1200, so that files stay as people wrote them."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def export_document(workspace: Workspace) -> d.StrategyDocument:
    """The whole strategy of a workspace, in file order. Six queries whatever its size."""
    profile = StrategyProfile.objects.filter(workspace=workspace).first()
    targets = list(Target.objects.filter(workspace=workspace))
    objectives = list(
        Objective.objects.filter(workspace=workspace)
        .select_related("owner__user")
        .prefetch_related("targets")
    )
    strategies = list(Strategy.objects.filter(workspace=workspace).select_related("objective"))
    tactics = list(
        Tactic.objects.filter(workspace=workspace)
        .select_related("strategy")
        .prefetch_related("targets")
    )
    language = (
        "fr" if (workspace.country or "FR").upper() in {"FR", "BE", "CH", "LU", "MC"} else "en"
    )
    return d.StrategyDocument(
        version=1,
        workspace=d.WorkspaceInfo(
            name=workspace.name, slug=workspace.slug, timezone=workspace.timezone, language=language
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
                d.MissionNetwork(
                    network=m.network,
                    why=m.why,
                    audience_present=m.audience_present,
                    competitors_present=m.competitors_present,
                    partners_present=m.partners_present,
                    behaviour=m.behaviour,
                    active=m.active,
                )
                for m in MissionNetwork.objects.filter(workspace=workspace)
            ],
        ),
        targets=[
            d.Target(
                id=t.key,
                name=t.name,
                kind=t.kind,
                priority=t.priority,
                typology=t.typology,
                segments=d.Segments(**t.segments),
                behaviour=t.behaviour,
                inactive=t.inactive,
                evidence=t.evidence,
            )
            for t in targets
        ],
        platforms=[
            d.Platform(
                network=p.network, handle=p.handle, present_since=p.present_since, stage=p.stage
            )
            for p in Platform.objects.filter(workspace=workspace)
        ],
        objectives=[
            d.Objective(
                id=o.key,
                title=o.title,
                description=o.description,
                axis=o.axis,
                networks=o.networks,
                kpi=o.kpi or None,
                baseline=d.Baseline(
                    value=number(o.baseline_value),
                    date=o.baseline_date,
                    source=o.baseline_source,
                )
                if o.baseline_value is not None and o.baseline_date is not None
                else None,
                target=number(o.target_value),
                start=o.start,
                deadline=o.deadline,
                owner=o.owner.user.email if o.owner else None,
                targets=[t.key for t in o.targets.all()],
                alignment=o.alignment,
            )
            for o in objectives
        ],
        strategies=[
            d.Strategy(
                id=s.key,
                objective=s.objective.key,
                title=s.title,
                plan=s.plan,
                owned_channels=s.owned_channels,
                paid=s.paid,
            )
            for s in strategies
        ],
        tactics=[
            d.Tactic(
                id=t.key,
                strategy=t.strategy.key,
                title=t.title,
                networks=t.networks,
                content_types=t.content_types,
                formats=t.formats,
                slots=[d.Slot(**slot) for slot in t.slots],
                per_week=number(t.per_week),
                targets=[x.key for x in t.targets.all()],
            )
            for t in tactics
        ],
    )
