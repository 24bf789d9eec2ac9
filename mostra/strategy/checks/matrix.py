"""Affinity between targets and networks, scored 0-100, each cell with its sources.

Evidence, strongest first (a stronger kind overrides a weaker one):

1. The account's own metrics for the target on the network: a hook,
   :func:`own_metrics_score`, which returns nothing until the account's history is
   collected (a later issue); when it returns a score, that score is the cell's.
2. The user's own notes on the target: behaviour listed for the network raises the
   score to at least 65 / 75 / 85 / 90 (one to four behaviours); the network listed as
   "present but inactive" caps it at 15.
3. Survey data (:mod:`mostra.strategy.checks.audience`): the mean of the marginals
   matching the target's segments, or the figure for everyone, flagged "low evidence".

A cell without any evidence has no score and the level "unknown": nothing is imputed.

The recommendation built on the matrix is in :mod:`mostra.strategy.checks.affinity`,
which is also the public entry point of both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from django.utils.translation import gettext as _

from mostra.strategy import catalogue
from mostra.strategy.checks import CheckContext
from mostra.strategy.checks import audience as data
from mostra.strategy.checks import text as t
from mostra.strategy.checks.survey import Basis, CellSource, cell_source, survey, target_country
from mostra.strategy.document import StrategyDocument, Target

Level = Literal["high", "medium", "low", "unknown"]

#: Level thresholds on the 0-100 score.
HIGH = 60.0
MEDIUM = 35.0
#: The lowest score a network gets when the user's notes list 1, 2, 3, 4+ behaviours.
NOTES_FLOOR = {1: 65.0, 2: 75.0, 3: 85.0, 4: 90.0}
#: The highest score of a network where the target is present but inactive.
INACTIVE_CAP = 15.0


@dataclass
class AffinityCell:
    target_id: str
    network: str
    score: float | None
    level: Level
    sources: list[CellSource] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    explanation: str = ""
    basis: Basis = "none"
    #: Figures from another country, shown for reference; they do not score the cell.
    reference: list[CellSource] = field(default_factory=list)


@dataclass
class AffinityMatrix:
    targets: list[str]
    networks: list[str]
    cells: dict[tuple[str, str], AffinityCell]

    def cell(self, target_id: str, network: str) -> AffinityCell:
        return self.cells[(target_id, network)]


def level_of(score: float | None) -> Level:
    if score is None:
        return "unknown"
    if score >= HIGH:
        return "high"
    if score >= MEDIUM:
        return "medium"
    return "low"


def own_metrics_score(target: Target, network: str, ctx: CheckContext) -> tuple[float, str] | None:
    """HOOK: the account's own metrics for this target on this network, as (score, why).

    The account's own metrics outrank the user's notes and the survey data. ``ctx``
    has no per-target audience metrics yet (its ``history`` holds KPI series per
    network); when the insights collection lands, compute the score here (for
    instance the share of the account's engaged audience that matches the target's
    segments) and it will take precedence over everything below. Until then: None.
    """
    return None


def affinity_cell(
    doc: StrategyDocument, ctx: CheckContext, target: Target, network: str
) -> AffinityCell:
    """One cell of the matrix, with where its score comes from.

    Steps:
    1. The country whose data describe the target (its own, or assumed and said so).
    2. The survey figure (:func:`~.survey.survey`): segments, else everyone (low
       evidence), else none; with no figure outside the US, the US figure is attached
       for reference, unscored.
    3. The user's notes: inactive caps the score at INACTIVE_CAP; listed behaviour
       raises it to at least NOTES_FLOOR[number of behaviours] (even with no survey
       figure).
    4. The account's own metrics (:func:`own_metrics_score`), when they exist, replace
       the score.
    5. The level follows the score: high >= HIGH, medium >= MEDIUM, else low; unknown
       without a score.
    """
    country, assumed = target_country(doc, target)
    figure = survey(target, network, country)
    score, basis, evidence = figure.score, figure.basis, figure.evidence
    if assumed:
        evidence.insert(0, assumed)
    reference: list[CellSource] = []
    if score is None and country != "US" and (row := data.overall_row("US", network)):
        reference.append(cell_source(row))
        evidence.append(
            _("For reference only (not scored): %(label)s.") % {"label": reference[0].label}
        )
    parts = [figure.explanation]
    behaviours = target.behaviour.get(network, [])
    if network in target.inactive:
        capped = min(score, INACTIVE_CAP) if score is not None else INACTIVE_CAP
        parts.append(
            _(
                "Your notes say this target is on %(network)s but not active there: the "
                "score is capped at %(cap)s."
            )
            % {"network": t.network(network), "cap": t.num(INACTIVE_CAP)}
        )
        if behaviours:
            evidence.append(_("Your notes also list behaviour there; inactive prevails."))
        score, basis = capped, "own-notes"
    elif behaviours:
        floor = NOTES_FLOOR[min(len(behaviours), 4)]
        parts.append(
            _(
                "Your notes say this target does this on %(network)s: %(behaviours)s. Your "
                "own evidence outranks survey data: the score is at least %(floor)s."
            )
            % {
                "network": t.network(network),
                "behaviours": ", ".join(str(catalogue.BEHAVIOURS[b]) for b in behaviours),
                "floor": t.num(floor),
            }
        )
        score, basis = max(score or 0.0, floor), "own-notes"
    own = own_metrics_score(target, network, ctx)
    if own is not None:
        score, basis = own[0], "own-metrics"
        parts.append(own[1])
    if target.evidence.strip() and basis == "own-notes":
        evidence.append(_("Your evidence: %(text)s") % {"text": target.evidence.strip()})
    return AffinityCell(
        target_id=target.id,
        network=network,
        score=score,
        level=level_of(score),
        sources=figure.sources,
        evidence=evidence,
        explanation=" ".join(parts),
        basis=basis,
        reference=reference,
    )


def ordered_targets(doc: StrategyDocument) -> list[Target]:
    """Priority targets by rank, then the others in file order."""
    ranked = doc.priority_targets()
    return ranked + [x for x in doc.targets if x not in ranked]


def affinity_matrix(doc: StrategyDocument, ctx: CheckContext) -> AffinityMatrix:
    """Every target (priority first) against every network of the catalogue.

    All the catalogue's networks are shown, not only the ones in use: the point of the
    matrix is to choose platforms, so candidates must be visible, and a network with no
    data shows as unknown rather than disappearing.
    """
    targets = ordered_targets(doc)
    networks = list(catalogue.NETWORKS)
    cells = {
        (target.id, network): affinity_cell(doc, ctx, target, network)
        for target in targets
        for network in networks
    }
    return AffinityMatrix(targets=[x.id for x in targets], networks=networks, cells=cells)
