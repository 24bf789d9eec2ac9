"""Platform affinity: the targets x networks matrix and the choice it supports.

The matrix (each cell scored 0-100 with its sources) is computed in
:mod:`mostra.strategy.checks.matrix` and re-exported here. Evidence, strongest first:
the account's own metrics (a hook, not fed yet), the user's notes on the target's
behaviour, then survey data (the mean of the segment marginals, or the figure for
everyone flagged "low evidence"). Nothing is imputed: no evidence, no score.

:func:`recommend` then "makes real choices": the best one to three networks for each
priority target, a focused set, the platforms kept for no priority target, and the
classic alternatives (Dailymotion or YouTube, Viadeo or LinkedIn, Instagram or
Snapchat) side by side with the data to decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from mostra.strategy import catalogue
from mostra.strategy.checks import CheckContext
from mostra.strategy.checks import text as t
from mostra.strategy.checks.matrix import (
    HIGH,
    MEDIUM,
    AffinityCell,
    AffinityMatrix,
    Level,
    affinity_cell,
    affinity_matrix,
    level_of,
    own_metrics_score,
)
from mostra.strategy.checks.survey import Basis, CellSource
from mostra.strategy.document import StrategyDocument

__all__ = [
    "HIGH",
    "MEDIUM",
    "AffinityCell",
    "AffinityMatrix",
    "AlternativeComparison",
    "AlternativeRow",
    "CellSource",
    "Level",
    "Pick",
    "Recommendation",
    "affinity_cell",
    "affinity_matrix",
    "best_networks",
    "level_of",
    "own_metrics_score",
    "recommend",
]

#: A network is recommended for a target from this score on (the "medium" level).
RECOMMEND_MIN = MEDIUM
#: The next best network is kept while it is within this many points of the previous one.
RECOMMEND_GAP = 15.0
MAX_PER_TARGET = 3
#: The focused set holds at most this many networks.
MAX_FOCUSED = 4
#: Two sides of an alternative are "close" below this difference of mean scores.
CLEAR_DIFFERENCE = 10.0
IN_USE = ("launching", "established")


#: Strength of evidence, strongest first (see :mod:`.matrix`).
EVIDENCE_RANK: dict[Basis, int] = {
    "own-metrics": 0,
    "own-notes": 1,
    "segments": 2,
    "overall": 3,
    "none": 4,
}


@dataclass(frozen=True)
class Pick:
    network: str
    score: float
    level: Level
    basis: Basis


@dataclass
class AlternativeRow:
    target_id: str
    a: AffinityCell
    b: AffinityCell


@dataclass
class AlternativeComparison:
    a: str
    b: str
    rows: list[AlternativeRow]
    verdict: str
    preferred: str | None = None


@dataclass
class Recommendation:
    #: Priority target id -> its best one to three networks, best first.
    per_target: dict[str, list[Pick]]
    #: The networks to focus on, most needed first.
    focused: list[str]
    #: Platforms in use (launching or established) that no priority target needs.
    unused: list[str]
    alternatives: list[AlternativeComparison]
    notes: list[str] = field(default_factory=list)


def best_networks(matrix: AffinityMatrix, target_id: str) -> list[Pick]:
    """The best one to three networks for a target.

    Steps:
    1. Networks scoring at least RECOMMEND_MIN.
    2. Order them by strength of evidence first (the account's metrics, then the
       user's notes, then survey figures for the target's segments, then the figure for
       everyone), then by score, then in catalogue order: own evidence outranks survey
       data, and a low-evidence figure never pushes out what the user has seen.
    3. Keep the first; keep the next while it is not more than RECOMMEND_GAP points
       below the one before it, up to MAX_PER_TARGET. A clear leader thus stands alone.
    """
    candidates = sorted(
        (
            (EVIDENCE_RANK[cell.basis], -cell.score, i, cell)
            for i, network in enumerate(matrix.networks)
            if (cell := matrix.cell(target_id, network)).score is not None
            and cell.score >= RECOMMEND_MIN
        ),
        key=lambda c: c[:3],
    )
    picks: list[Pick] = []
    for *_rank, cell in candidates:
        score = cell.score or 0.0
        if picks and (len(picks) == MAX_PER_TARGET or picks[-1].score - score > RECOMMEND_GAP):
            break
        picks.append(Pick(cell.network, score, level_of(score), cell.basis))
    return picks


def _focused(per_target: dict[str, list[Pick]]) -> list[str]:
    """Each priority target's first network (in priority order), then the networks
    chosen by the most targets (then by best score), up to MAX_FOCUSED."""
    chosen: list[str] = []
    for picks in per_target.values():
        if picks and picks[0].network not in chosen:
            chosen.append(picks[0].network)
    counts: dict[str, tuple[int, float]] = {}
    for picks in per_target.values():
        for pick in picks:
            count, best = counts.get(pick.network, (0, 0.0))
            counts[pick.network] = (count + 1, max(best, pick.score))
    rest = sorted(
        (n for n in counts if n not in chosen), key=lambda n: (-counts[n][0], -counts[n][1])
    )
    return (chosen + rest)[:MAX_FOCUSED]


def _mean(cells: list[AffinityCell]) -> float | None:
    scores = [c.score for c in cells if c.score is not None]
    return sum(scores) / len(scores) if scores else None


def _compare(
    doc: StrategyDocument, matrix: AffinityMatrix, a: str, b: str, target_ids: list[str]
) -> AlternativeComparison:
    """One alternative side by side, and a verdict that says what the data allow.

    Steps: the two cells for each target; the mean score of each side over the targets
    it has a score for; no targets, no data on either side, no data on one side (say
    so), a clear difference (CLEAR_DIFFERENCE points: prefer the higher) or close.
    A note is added when both are platforms in use.
    """
    rows = [AlternativeRow(tid, matrix.cell(tid, a), matrix.cell(tid, b)) for tid in target_ids]
    mean_a, mean_b = _mean([r.a for r in rows]), _mean([r.b for r in rows])
    names = {"a": t.network(a), "b": t.network(b)}
    preferred = None
    if not rows:
        verdict = _("Add targets to compare %(a)s and %(b)s.") % names
    elif mean_a is None and mean_b is None:
        verdict = (
            _(
                "No data for %(a)s or %(b)s for your targets: note how your targets behave "
                "there to decide."
            )
            % names
        )
    elif mean_a is None or mean_b is None:
        known, unknown = (b, a) if mean_a is None else (a, b)
        verdict = _(
            "No data for %(unknown)s for your targets; %(known)s averages %(score)s. Add "
            "what you know of your targets on %(unknown)s before choosing."
        ) % {
            "unknown": t.network(unknown),
            "known": t.network(known),
            "score": t.num(mean_a if mean_a is not None else mean_b or 0),
        }
    elif abs(mean_a - mean_b) >= CLEAR_DIFFERENCE:
        preferred = a if mean_a > mean_b else b
        verdict = _("%(better)s fits your targets better: %(high)s against %(low)s.") % {
            "better": t.network(preferred),
            "high": t.num(max(mean_a, mean_b)),
            "low": t.num(min(mean_a, mean_b)),
        }
    else:
        verdict = _(
            "%(a)s (%(score_a)s) and %(b)s (%(score_b)s) are close for your targets: "
            "choose by the formats you can produce, rather than doing both."
        ) % {**names, "score_a": t.num(mean_a), "score_b": t.num(mean_b)}
    in_use = {p.network for p in doc.platforms if p.stage in IN_USE}
    if a in in_use and b in in_use:
        verdict += " " + _("You use both: make a choice.")
    return AlternativeComparison(a=a, b=b, rows=rows, verdict=verdict, preferred=preferred)


def recommend(doc: StrategyDocument, ctx: CheckContext) -> Recommendation:
    """The platforms to choose, from the affinity matrix.

    Steps:
    1. For each priority target, its best networks (:func:`best_networks`).
    2. The focused set (:func:`_focused`), capped at MAX_FOCUSED.
    3. Unused: platforms in use that are among no priority target's best networks.
    4. The catalogue's alternatives, compared over the priority targets (all the
       targets when none is ranked).
    """
    matrix = affinity_matrix(doc, ctx)
    priority = [x.id for x in doc.priority_targets()]
    per_target = {tid: best_networks(matrix, tid) for tid in priority}
    notes: list[str] = []
    if not priority:
        notes.append(_("No target is ranked as a priority: rank your targets to get a choice."))
    for tid, picks in per_target.items():
        if not picks:
            target = doc.target(tid)
            notes.append(
                _(
                    "No network reaches %(min)s for %(target)s: describe its segments or "
                    "note how it behaves on each network."
                )
                % {"min": t.num(RECOMMEND_MIN), "target": target.name if target else tid}
            )
    wanted = {pick.network for picks in per_target.values() for pick in picks}
    focused = _focused(per_target)
    if len(wanted) > MAX_FOCUSED:
        notes.append(
            _("Your priority targets need more than %(max)s networks: narrow your targets.")
            % {"max": MAX_FOCUSED}
        )
    unused = [
        p.network
        for p in doc.platforms
        if priority and p.stage in IN_USE and p.network not in wanted
    ]
    compared = priority or matrix.targets
    alternatives = [_compare(doc, matrix, a, b, compared) for a, b in catalogue.ALTERNATIVES]
    return Recommendation(
        per_target=per_target,
        focused=focused,
        unused=unused,
        alternatives=alternatives,
        notes=notes,
    )
