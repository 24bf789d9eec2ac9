"""Small builders of strategy documents for the checks' tests.

``coherent()`` is a complete strategy that passes every lint rule (with ``context()``);
each test breaks one thing with ``change_objective``, ``change_target``… and looks for
the rule's code.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from mostra.strategy.checks import CheckContext, HistoryPoint
from mostra.strategy.document import (
    Baseline,
    Capacity,
    Mission,
    MissionNetwork,
    Objective,
    Platform,
    Slot,
    Strategy,
    StrategyDocument,
    Tactic,
    Target,
    WorkspaceInfo,
)

TODAY = dt.date(2026, 11, 2)
OWNER = "alice@example.org"


def context(**changes: Any) -> CheckContext:
    """A context as the workspace gives it: Alice is a member, the strategy has an A."""
    values: dict[str, Any] = {
        "today": TODAY,
        "members": {OWNER, "bob@example.org"},
        "strategy_accountable": True,
    }
    values.update(changes)
    return CheckContext(**values)


def target(id: str = "t-artisans", **changes: Any) -> Target:
    values: dict[str, Any] = {
        "id": id,
        "name": "Artisans du coin",
        "priority": 1,
        "segments": {"age": ["30-49", "50-64"], "country": "FR"},
        "behaviour": {"linkedin": ["opinions"], "instagram": ["shares"]},
    }
    values.update(changes)
    return Target(**values)


def platform(network: str, **changes: Any) -> Platform:
    values: dict[str, Any] = {
        "network": network,
        "handle": "@fromagerie",
        "present_since": dt.date(2023, 3, 1),
        "stage": "established",
    }
    values.update(changes)
    return Platform(**values)


def mission_network(network: str, **changes: Any) -> MissionNetwork:
    values: dict[str, Any] = {
        "network": network,
        "why": "Our customers are there.",
        "audience_present": True,
        "competitors_present": True,
        "partners_present": False,
        "behaviour": ["shares"],
        "active": True,
    }
    values.update(changes)
    return MissionNetwork(**values)


def objective(id: str = "o-notoriete-ig", **changes: Any) -> Objective:
    """An awareness objective on Instagram: 1,200 -> 1,500 followers over 7 months."""
    values: dict[str, Any] = {
        "id": id,
        "title": "Se faire connaître sur Instagram",
        "description": "Show the workshop to local craftspeople.",
        "axis": "awareness",
        "networks": ["instagram"],
        "kpi": "followers",
        "baseline": Baseline(value=1200, date=dt.date(2026, 9, 1), source="Instagram insights"),
        "target": 1500,
        "start": dt.date(2026, 10, 1),
        "deadline": dt.date(2027, 3, 31),
        "owner": OWNER,
        "targets": ["t-artisans"],
        "alignment": "Supports the shop's local growth plan.",
    }
    values.update(changes)
    return Objective(**values)


def strategy(id: str = "s-ig", objective: str = "o-notoriete-ig", **changes: Any) -> Strategy:
    values: dict[str, Any] = {"id": id, "objective": objective, "plan": "Show the craft."}
    values.update(changes)
    return Strategy(**values)


def tactic(
    id: str = "k-reels",
    strategy: str = "s-ig",
    networks: tuple[str, ...] = ("instagram",),
    **changes: Any,
) -> Tactic:
    values: dict[str, Any] = {
        "id": id,
        "strategy": strategy,
        "title": id,
        "networks": list(networks),
        "content_types": ["video"],
        "formats": ["reel"],
        "slots": [Slot(day="tue", time="10:00"), Slot(day="thu", time="18:30")],
        "per_week": 2,
        "targets": ["t-artisans"],
    }
    values.update(changes)
    return Tactic(**values)


def coherent(**changes: Any) -> StrategyDocument:
    """Instagram for awareness, LinkedIn for leads; one priority target; 5 posts a week
    for a capacity of 10. Lint-clean with :func:`context`."""
    values: dict[str, Any] = {
        "workspace": WorkspaceInfo(name="Fromagerie du Lac", slug="fromagerie"),
        "capacity": Capacity(posts_per_week=10),
        "mission": Mission(
            vision="Le fromage du lac, connu de tous les artisans de la vallée.",
            networks=[mission_network("instagram"), mission_network("linkedin")],
        ),
        "targets": [target()],
        "platforms": [platform("instagram"), platform("linkedin")],
        "objectives": [
            objective(),
            objective(
                "o-leads-li",
                title="Des demandes de devis sur LinkedIn",
                axis="action",
                networks=["linkedin"],
                kpi="leads",
                baseline=Baseline(value=10, date=dt.date(2026, 9, 1), source="CRM"),
                target=18,
            ),
        ],
        "strategies": [strategy(), strategy("s-li", "o-leads-li")],
        "tactics": [
            tactic(),
            tactic(
                "k-posts",
                "s-li",
                ("linkedin",),
                content_types=["text"],
                formats=["post"],
                per_week=3,
            ),
        ],
    }
    values.update(changes)
    return StrategyDocument(**values)


def unchecked(
    doc: StrategyDocument, id: str = "o-notoriete-ig", **changes: Any
) -> StrategyDocument:
    """An objective changed without validation, for values the schema would refuse."""
    objectives = [o.model_copy(update=changes) if o.id == id else o for o in doc.objectives]
    return doc.model_copy(update={"objectives": objectives})


def replace(items: list[Any], id: str, **changes: Any) -> list[Any]:
    """The list with the element of that id (or network) updated, validation included."""

    def key(item: Any) -> str:
        return getattr(item, "id", None) or item.network

    return [
        type(item).model_validate({**item.model_dump(), **changes}) if key(item) == id else item
        for item in items
    ]


def change_objective(
    doc: StrategyDocument, id: str = "o-notoriete-ig", **changes: Any
) -> StrategyDocument:
    return doc.model_copy(update={"objectives": replace(doc.objectives, id, **changes)})


def change_target(
    doc: StrategyDocument, id: str = "t-artisans", **changes: Any
) -> StrategyDocument:
    return doc.model_copy(update={"targets": replace(doc.targets, id, **changes)})


def change_tactic(doc: StrategyDocument, id: str = "k-reels", **changes: Any) -> StrategyDocument:
    return doc.model_copy(update={"tactics": replace(doc.tactics, id, **changes)})


def change_platform(doc: StrategyDocument, network: str, **changes: Any) -> StrategyDocument:
    return doc.model_copy(update={"platforms": replace(doc.platforms, network, **changes)})


def monthly_history(start: dt.date, values: list[float]) -> list[HistoryPoint]:
    """One point on the 1st of each month from ``start``."""
    points = []
    year, month = start.year, start.month
    for value in values:
        points.append(HistoryPoint(dt.date(year, month, 1), value))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return points
