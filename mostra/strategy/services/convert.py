"""One strategy object as its part of the document: what the API returns and the audit compares.

export_document builds the whole document from these functions, one object at
a time. The ones reading relations expect them loaded (see the docstrings)
so that lists cost a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

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


def number(value: float | None) -> float | int | None:
    """1200.0 -> 1200, so that files stay as people wrote them."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def mission_network_doc(m: MissionNetwork) -> d.MissionNetwork:
    return d.MissionNetwork(
        network=m.network,
        why=m.why,
        audience_present=m.audience_present,
        competitors_present=m.competitors_present,
        partners_present=m.partners_present,
        behaviour=m.behaviour,
        active=m.active,
    )


def target_doc(t: Target) -> d.Target:
    return d.Target(
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


def platform_doc(p: Platform) -> d.Platform:
    return d.Platform(
        network=p.network, handle=p.handle, present_since=p.present_since, stage=p.stage
    )


def kpi_doc(k: CustomKpi) -> d.Kpi:
    return d.Kpi(
        id=k.key,
        names=d.KpiNames(fr=k.name_fr, en=k.name_en),
        unit=k.unit,
        direction=k.direction,
        axis=k.axis,
        collection=k.collection,
    )


def objective_doc(o: Objective) -> d.Objective:
    """Expects ``owner__user`` selected and ``targets`` prefetched (or costs two queries).

    ``owner`` is the member's address, or the address of the owner who is not a member
    yet (as the file named them), so that the file comes back as it was imported.
    """
    return d.Objective(
        id=o.key,
        title=o.title,
        description=o.description,
        axis=o.axis,
        networks=o.networks,
        kpi=o.kpi or None,
        baseline=d.Baseline(
            value=number(o.baseline_value), date=o.baseline_date, source=o.baseline_source
        )
        if o.baseline_value is not None and o.baseline_date is not None
        else None,
        target=number(o.target_value),
        start=o.start,
        deadline=o.deadline,
        owner=o.owner.user.email if o.owner else (o.owner_email or None),
        targets=[t.key for t in o.targets.all()],
        alignment=o.alignment,
    )


def strategy_doc(s: Strategy) -> d.Strategy:
    """Expects ``objective`` selected."""
    return d.Strategy(
        id=s.key,
        objective=s.objective.key,
        title=s.title,
        plan=s.plan,
        owned_channels=s.owned_channels,
        paid=s.paid,
    )


def tactic_doc(t: Tactic) -> d.Tactic:
    """Expects ``strategy`` selected and ``targets`` prefetched."""
    return d.Tactic(
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


def profile_state(p: StrategyProfile | None) -> dict[str, Any]:
    """The mission's settings as plain values (vision, capacity, check settings)."""
    if p is None:
        defaults = d.Checks()
        return {
            "vision": "",
            "posts_per_week": None,
            "new_account_months": defaults.new_account_months,
            "default_monthly_growth_max": defaults.default_monthly_growth_max,
        }
    return {
        "vision": p.vision,
        "posts_per_week": number(p.posts_per_week),
        "new_account_months": p.new_account_months,
        "default_monthly_growth_max": p.default_monthly_growth_max,
    }


def state(obj: Any) -> dict[str, Any]:
    """Any strategy object as JSON values, for the audit log's before/after."""
    converters: dict[type[Any], Callable[[Any], BaseModel]] = {
        MissionNetwork: mission_network_doc,
        Target: target_doc,
        Platform: platform_doc,
        CustomKpi: kpi_doc,
        Objective: objective_doc,
        Strategy: strategy_doc,
        Tactic: tactic_doc,
    }
    if isinstance(obj, StrategyProfile):
        return profile_state(obj)
    return converters[type(obj)](obj).model_dump(mode="json")
