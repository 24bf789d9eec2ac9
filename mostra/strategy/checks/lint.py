"""The lint: a coherence check of the whole strategy, with stable rule codes.

Each :class:`~mostra.strategy.checks.Finding` has a code from :data:`RULES` (stable:
files, scripts and the docs rely on them), the rule's severity, a message that says
what to do, and ``ref``: the id of the element concerned (objective, target, strategy
or tactic id; the network code for a platform; None for the workspace as a whole:
capacity and the RACI matrix).

The objective rules come from the SMART check (:mod:`.smart`), so the SMART letters
and the lint never disagree; the structural rules are here.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mostra.strategy.checks import CheckContext, Finding, Severity
from mostra.strategy.checks import text as t
from mostra.strategy.checks.affinity import (
    MEDIUM,
    AffinityMatrix,
    affinity_matrix,
    best_networks,
)
from mostra.strategy.checks.links import platforms_in_use, tactic_objective, tactic_targets
from mostra.strategy.checks.smart import planned_volume, smart_summary
from mostra.strategy.document import StrategyDocument

#: Every rule: code -> (severity, what it checks). Codes are stable; add, never rename.
RULES: dict[str, tuple[Severity, Promise]] = {
    # Objectives: Specific
    "objective-no-title": ("error", gettext_lazy("An objective has no title.")),
    "objective-no-description": (
        "warning",
        gettext_lazy("An objective has no description or alignment."),
    ),
    "objective-no-axis": ("error", gettext_lazy("An objective has no axis.")),
    "objective-no-network": ("error", gettext_lazy("An objective names no network.")),
    "objective-serves-no-target": ("warning", gettext_lazy("An objective serves no target.")),
    # Objectives: Measurable
    "objective-no-kpi": ("error", gettext_lazy("An objective has no KPI.")),
    "objective-no-baseline": ("error", gettext_lazy("An objective has no baseline.")),
    "objective-no-target-value": ("error", gettext_lazy("An objective has no target value.")),
    "objective-wrong-direction": (
        "error",
        gettext_lazy("The target value does not move in the KPI's direction."),
    ),
    "objective-baseline-old": ("warning", gettext_lazy("The baseline is more than 90 days old.")),
    "objective-baseline-no-source": (
        "info",
        gettext_lazy("The baseline does not say where it comes from."),
    ),
    "objective-kpi-axis": ("info", gettext_lazy("The KPI usually measures another axis.")),
    "objective-kpi-not-fed": (
        "warning",
        gettext_lazy("No source feeds an objective's KPI yet (no value, no tracked account)."),
    ),
    # Objectives: Achievable
    "objective-growth-above-history": (
        "warning",
        gettext_lazy("The implied monthly growth is above the account's own 90th percentile."),
    ),
    "objective-growth-above-default": (
        "warning",
        gettext_lazy("The implied monthly growth is above the default band (no history)."),
    ),
    # Objectives: Realistic
    "objective-no-owner": ("error", gettext_lazy("An objective has no owner.")),
    "objective-owner-not-member": ("error", gettext_lazy("An objective's owner is not a member.")),
    "objective-no-strategy": ("error", gettext_lazy("No strategy serves an objective.")),
    "objective-no-tactic": ("error", gettext_lazy("No tactic serves an objective.")),
    # Objectives: Time-bound
    "objective-no-start": ("error", gettext_lazy("An objective has no start date.")),
    "objective-no-deadline": ("error", gettext_lazy("An objective has no deadline.")),
    "objective-deadline-before-start": (
        "error",
        gettext_lazy("The deadline is not after the start."),
    ),
    "objective-deadline-past": ("warning", gettext_lazy("The deadline has passed.")),
    "objective-deadline-far": (
        "warning",
        gettext_lazy("The deadline is more than 18 months away."),
    ),
    # Objectives: advice and platforms
    "objective-action-new-account": (
        "warning",
        gettext_lazy("An action objective on a new account (aim at awareness first)."),
    ),
    "objective-network-not-in-platforms": (
        "error",
        gettext_lazy("An objective is on a network that is not in the platforms."),
    ),
    "objective-network-abandoned": (
        "warning",
        gettext_lazy("An objective is on an abandoned platform."),
    ),
    # Targets
    "target-priority-no-platform": (
        "error",
        gettext_lazy("A priority target is reached by no platform in use."),
    ),
    "target-priority-no-tactic": ("error", gettext_lazy("No tactic is for a priority target.")),
    # Strategies and tactics
    "strategy-no-tactic": ("warning", gettext_lazy("A strategy has no tactic.")),
    "tactic-no-objective": ("error", gettext_lazy("A tactic serves no objective.")),
    "tactic-network-not-in-platforms": (
        "warning",
        gettext_lazy("A tactic is on a network that is not in the platforms."),
    ),
    "tactic-low-affinity": (
        "warning",
        gettext_lazy("A tactic is on a network of low affinity with a target."),
    ),
    # Platforms
    "platform-no-tactic": ("warning", gettext_lazy("A platform in use has no tactic.")),
    # Workspace
    "capacity-exceeded": (
        "warning",
        gettext_lazy("The tactics plan more posts than the team's capacity."),
    ),
    "capacity-not-declared": ("info", gettext_lazy("The team's capacity is not declared.")),
    "strategy-no-accountable": (
        "error",
        gettext_lazy("The strategy activity has no Accountable in the RACI matrix."),
    ),
}

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def _finding(code: str, message: str, ref: str | None) -> Finding:
    return Finding(code=code, severity=RULES[code][0], message=message, ref=ref)


def _objective_findings(doc: StrategyDocument, ctx: CheckContext) -> list[Finding]:
    """SMART issues of each objective, and its networks against the platforms."""
    found: list[Finding] = []
    for objective_id, result in smart_summary(doc, ctx).items():
        found += [_finding(i.code, i.message, objective_id) for i in result.issues()]
    for o in doc.objectives:
        for code in o.networks:
            platform = doc.platform(code)
            values = {"network": t.network(code)}
            if platform is None:
                message = _(
                    "%(network)s is not in your platforms: add it (even as a candidate) "
                    "or take it off the objective."
                )
                found.append(_finding("objective-network-not-in-platforms", message % values, o.id))
            elif platform.stage == "abandoned":
                message = _(
                    "%(network)s is marked abandoned: take it off the objective, or change "
                    "the platform's stage."
                )
                found.append(_finding("objective-network-abandoned", message % values, o.id))
    return found


def _plan_findings(doc: StrategyDocument) -> list[Finding]:
    """Strategies without tactics; tactics without an objective or on unlisted networks;
    platforms in use without a tactic."""
    found: list[Finding] = []
    for s in doc.strategies:
        if not any(x.strategy == s.id for x in doc.tactics):
            message = _("This strategy has no tactic: say how it is carried out, or remove it.")
            found.append(_finding("strategy-no-tactic", message, s.id))
    for tactic in doc.tactics:
        if tactic_objective(doc, tactic) is None:
            message = _("This tactic serves no objective: link it to a strategy that serves one.")
            found.append(_finding("tactic-no-objective", message, tactic.id))
        for code in tactic.networks:
            if doc.platform(code) is None:
                message = _("%(network)s is not in your platforms: add it, or change the tactic.")
                found.append(
                    _finding(
                        "tactic-network-not-in-platforms",
                        message % {"network": t.network(code)},
                        tactic.id,
                    )
                )
    for platform in platforms_in_use(doc):
        if not any(platform.network in x.networks for x in doc.tactics):
            message = _(
                "%(network)s is in use but no tactic publishes there: add a tactic, or mark "
                "the platform as abandoned."
            )
            found.append(
                _finding(
                    "platform-no-tactic",
                    message % {"network": t.network(platform.network)},
                    platform.network,
                )
            )
    return found


def _target_findings(doc: StrategyDocument, matrix: AffinityMatrix) -> list[Finding]:
    """Priority targets reached by no platform in use (no network with an affinity of
    at least MEDIUM, which includes the user's notes) or by no tactic; tactics on a
    network of low affinity with one of their targets."""
    found: list[Finding] = []
    in_use = [p.network for p in platforms_in_use(doc)]
    for target in doc.priority_targets():
        cells = [matrix.cell(target.id, code) for code in in_use]
        if not any(c.score is not None and c.score >= MEDIUM for c in cells):
            best = [t.network(p.network) for p in best_networks(matrix, target.id)]
            message = _(
                "No platform in use reaches %(target)s (none where it is active or with an "
                "affinity of at least %(min)s). %(advice)s"
            ) % {
                "target": target.name,
                "min": t.num(MEDIUM),
                "advice": _("Consider %(networks)s.") % {"networks": ", ".join(best)}
                if best
                else _("Note how this target behaves on each network."),
            }
            found.append(_finding("target-priority-no-platform", message, target.id))
        if not any(target.id in tactic_targets(doc, x) for x in doc.tactics):
            message = _("No tactic is for %(target)s: add one, or lower its priority.") % {
                "target": target.name
            }
            found.append(_finding("target-priority-no-tactic", message, target.id))
    for tactic in doc.tactics:
        for target_id in tactic_targets(doc, tactic):
            served = doc.target(target_id)
            for code in tactic.networks:
                if served is None or (target_id, code) not in matrix.cells:
                    continue
                cell = matrix.cell(target_id, code)
                if cell.level != "low":
                    continue
                message = _(
                    "%(target)s has a low affinity with %(network)s (%(score)s out of 100): "
                    "check the choice, or note what this target does there. %(why)s"
                ) % {
                    "target": served.name,
                    "network": t.network(code),
                    "score": t.num(cell.score or 0),
                    "why": cell.explanation,
                }
                found.append(_finding("tactic-low-affinity", message, tactic.id))
    return found


def _workspace_findings(doc: StrategyDocument, ctx: CheckContext) -> list[Finding]:
    """Capacity against the planned volume; the RACI matrix's Accountable."""
    found: list[Finding] = []
    volume, capacity = planned_volume(doc), doc.capacity.posts_per_week
    if capacity is None and doc.tactics:
        message = _(
            "Declare how many posts a week the team can produce, so that the planned "
            "volume (%(volume)s a week) can be checked."
        ) % {"volume": t.num(volume)}
        found.append(_finding("capacity-not-declared", message, None))
    elif capacity is not None and volume > capacity:
        message = _(
            "The tactics plan %(volume)s posts a week, more than the team's capacity of "
            "%(capacity)s: lower the rhythm, drop a tactic or add capacity."
        ) % {"volume": t.num(volume), "capacity": t.num(capacity)}
        found.append(_finding("capacity-exceeded", message, None))
    if ctx.strategy_accountable is False:
        message = _(
            "Nobody is Accountable for the strategy in the RACI matrix: give one member the "
            "A on the Strategy line (Organisation page)."
        )
        found.append(_finding("strategy-no-accountable", message, None))
    return found


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then warnings, then infos; by code, then ref, then message."""
    return sorted(
        findings,
        key=lambda f: (SEVERITY_ORDER[f.severity], f.code, f.ref or "", f.message),
    )


def lint(
    doc: StrategyDocument, ctx: CheckContext, matrix: AffinityMatrix | None = None
) -> list[Finding]:
    """Every finding of the strategy, sorted by severity, code, then ref.

    Steps:
    1. Objectives: the SMART issues (failures and warnings with codes) and the
       axis-versus-seniority advice, then each objective's networks against the
       platforms.
    2. Plan: strategies without tactics, tactics without objective or on unlisted
       networks, platforms in use without a tactic.
    3. Targets: priority targets reached by no platform in use or no tactic; tactics
       on a network of low affinity with their targets (affinity matrix, computed
       once; pass ``matrix`` to reuse one).
    4. Workspace: capacity; the RACI matrix's Accountable for the strategy (skipped
       when unknown, i.e. for a file checked without its workspace).
    """
    matrix = matrix or affinity_matrix(doc, ctx)
    findings = (
        _objective_findings(doc, ctx)
        + _plan_findings(doc)
        + _target_findings(doc, matrix)
        + _workspace_findings(doc, ctx)
    )
    return sort_findings(findings)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)
