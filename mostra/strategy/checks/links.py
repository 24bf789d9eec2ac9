"""How the elements of a document hang together, as the checks read it."""

from __future__ import annotations

from mostra.strategy.document import Objective, Platform, StrategyDocument, Tactic

#: Platform stages that count as "in use" (candidates and abandoned ones do not).
IN_USE = ("launching", "established")


def platforms_in_use(doc: StrategyDocument) -> list[Platform]:
    return [p for p in doc.platforms if p.stage in IN_USE]


def tactic_objective(doc: StrategyDocument, tactic: Tactic) -> Objective | None:
    """The objective a tactic serves through its strategy; None if a link is broken."""
    strategy = next((s for s in doc.strategies if s.id == tactic.strategy), None)
    if strategy is None:
        return None
    return next((o for o in doc.objectives if o.id == strategy.objective), None)


def tactic_targets(doc: StrategyDocument, tactic: Tactic) -> list[str]:
    """The targets a tactic is for: its own, or else those of its objective."""
    if tactic.targets:
        return list(tactic.targets)
    objective = tactic_objective(doc, tactic)
    return list(objective.targets) if objective else []
