"""Readiness: has every MOST question an answer for a network, before the first post?

"All these questions must have answers before the first post." For one network:

* Mission: the platform is listed (and not abandoned); why we are there; who is there
  (our ideal customer, competitors, partners: present or not); what they do there.
* Objectives: at least one objective on the network with a KPI, a baseline, a target
  value and a deadline.
* Strategy: a strategy serves an objective on the network.
* Tactics: a tactic on the network says what (content types and formats), when
  (time slots for that network), at what rhythm (posts per week) and for whom
  (targets: its own, or its objective's).

The editorial calendar calls :func:`~mostra.strategy.checks.context.readiness_for_workspace`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mostra.strategy import catalogue
from mostra.strategy.checks import CheckContext, Finding, NotKnownYet, Override
from mostra.strategy.checks import text as t
from mostra.strategy.checks.links import tactic_targets
from mostra.strategy.document import Objective, StrategyDocument, Tactic

#: Every readiness code -> the question it stands for. All are errors (they block posting).
READINESS_RULES: dict[str, Promise] = {
    "ready-no-platform": gettext_lazy("The network is not in the platforms."),
    "ready-platform-abandoned": gettext_lazy("The platform is marked abandoned."),
    "ready-no-mission": gettext_lazy("The mission does not cover the network."),
    "ready-mission-no-why": gettext_lazy("Why are we there?"),
    "ready-mission-who": gettext_lazy("Are our ideal customer, competitors and partners there?"),
    "ready-mission-behaviour": gettext_lazy("What do those people do there?"),
    "ready-no-objective": gettext_lazy("No objective on the network."),
    "ready-objective-incomplete": gettext_lazy(
        "No objective on the network is measurable and dated."
    ),
    "ready-no-strategy": gettext_lazy("No strategy serves an objective on the network."),
    "ready-no-tactic": gettext_lazy("No tactic on the network."),
    "ready-tactic-incomplete": gettext_lazy("No tactic says what, when, how often and for whom."),
}

#: The questions that may be answered "not known yet" (with a note saying what is awaited):
#: facts about the network one may have to find out (who is there, what they do) and the
#: figures and dates of an objective (a baseline not measured yet, a deadline to agree).
#: Not the decisions the team makes itself: being on the network, why, the objective, the
#: strategy and the tactic.
UNKNOWN_ALLOWED: frozenset[str] = frozenset(
    {"ready-mission-who", "ready-mission-behaviour", "ready-objective-incomplete"}
)


def allows_unknown(code: str) -> bool:
    """Whether the readiness question ``code`` accepts "not known yet" as an answer."""
    return code in UNKNOWN_ALLOWED


@dataclass
class Readiness:
    network: str
    ready: bool
    missing: list[Finding] = field(default_factory=list)
    #: Questions answered "not known yet" (they count as answered).
    not_known: list[NotKnownYet] = field(default_factory=list)
    #: The owner's override in force: the gate passes whatever is missing.
    override: Override | None = None


def _missing(code: str, message: str, ref: str | None) -> Finding:
    return Finding(code=code, severity="error", message=message, ref=ref)


def _mission(doc: StrategyDocument, network: str) -> list[Finding]:
    """Steps: the platform listed and not abandoned; a mission entry with why, who
    (three yes/no answers) and what they do (behaviour listed, or "not active")."""
    found: list[Finding] = []
    name = {"network": t.network(network)}
    platform = doc.platform(network)
    if platform is None:
        message = _("Add %(network)s to your platforms, with its handle and stage.") % name
        found.append(_missing("ready-no-platform", message, network))
    elif platform.stage == "abandoned":
        message = _("%(network)s is marked abandoned: change its stage to post there.") % name
        found.append(_missing("ready-platform-abandoned", message, network))
    entry = next((m for m in doc.mission.networks if m.network == network), None)
    if entry is None:
        message = _("Say in the mission why you are on %(network)s and who is there.") % name
        found.append(_missing("ready-no-mission", message, network))
        return found
    if not entry.why.strip():
        message = _("Say why you are on %(network)s.") % name
        found.append(_missing("ready-mission-no-why", message, network))
    unanswered = [
        str(label)
        for label, value in (
            (_("your ideal customer"), entry.audience_present),
            (_("your competitors"), entry.competitors_present),
            (_("your partners"), entry.partners_present),
        )
        if value is None
    ]
    if unanswered:
        message = _("Say whether %(who)s are on %(network)s.") % {
            **name,
            "who": ", ".join(unanswered),
        }
        found.append(_missing("ready-mission-who", message, network))
    if not entry.behaviour and entry.active is not False:
        message = (
            _(
                "Say what people do on %(network)s (post, share, give opinions, sell), or that "
                "they are not active there."
            )
            % name
        )
        found.append(_missing("ready-mission-behaviour", message, network))
    return found


def objective_gaps(o: Objective) -> list[str]:
    """What an objective lacks to be measurable and dated."""
    return [
        str(label)
        for label, value in (
            (_("a KPI"), o.kpi),
            (_("a baseline"), o.baseline),
            (_("a target value"), o.target),
            (_("a deadline"), o.deadline),
        )
        if value is None
    ]


def tactic_gaps(doc: StrategyDocument, tactic: Tactic, network: str) -> list[str]:
    """What a tactic lacks on a network: what, when, how often, for whom."""
    slots = [s for s in tactic.slots if s.network in (None, network)]
    return [
        str(label)
        for label, ok in (
            (_("content types"), tactic.content_types),
            (_("formats"), tactic.formats),
            (_("time slots"), slots),
            (_("a rhythm (posts per week)"), tactic.per_week),
            (_("targets"), tactic_targets(doc, tactic)),
        )
        if not ok
    ]


def _plan(doc: StrategyDocument, network: str) -> list[Finding]:
    """Steps: an objective on the network; one of them complete; a strategy serving one;
    a tactic on the network; one of them complete (see :func:`tactic_gaps`)."""
    found: list[Finding] = []
    name = {"network": t.network(network)}
    objectives = [o for o in doc.objectives if network in o.networks]
    if not objectives:
        message = _("Set an objective on %(network)s.") % name
        found.append(_missing("ready-no-objective", message, network))
    elif not any(not objective_gaps(o) for o in objectives):
        for o in objectives:
            message = _("Give the objective %(title)s %(gaps)s.") % {
                "title": o.title,
                "gaps": ", ".join(objective_gaps(o)),
            }
            found.append(_missing("ready-objective-incomplete", message, o.id))
    if objectives and not any(doc.strategies_of(o.id) for o in objectives):
        message = _("Describe a strategy for an objective on %(network)s.") % name
        found.append(_missing("ready-no-strategy", message, objectives[0].id))
    tactics = [x for x in doc.tactics if network in x.networks]
    if not tactics:
        message = _("Add a tactic on %(network)s: what, when, how often, for whom.") % name
        found.append(_missing("ready-no-tactic", message, network))
    elif not any(not tactic_gaps(doc, x, network) for x in tactics):
        for tactic in tactics:
            message = _("Give the tactic %(title)s %(gaps)s for %(network)s.") % {
                **name,
                "title": tactic.title or tactic.id,
                "gaps": ", ".join(tactic_gaps(doc, tactic, network)),
            }
            found.append(_missing("ready-tactic-incomplete", message, tactic.id))
    return found


def readiness(doc: StrategyDocument, ctx: CheckContext, network: str) -> Readiness:
    """Whether every MOST question has an answer for ``network``; what is missing if not.

    Steps:
    1. Mission (:func:`_mission`): the platform listed and not abandoned; why; who is
       there; what they do there.
    2. Objectives, strategy and tactics (:func:`_plan`): an objective on the network,
       one with a KPI, baseline, target value and deadline; a strategy for one of them;
       a tactic on the network that says what, when, how often and for whom.
    3. Ready when nothing is missing; every missing answer is an error-severity
       :class:`Finding` whose ``ref`` is the network or the element to complete.

    4. A question answered "not known yet" (``ctx.not_known``, where the question
       allows it: :data:`UNKNOWN_ALLOWED`) counts as answered: its findings leave
       ``missing`` and the answer is listed in ``not_known``.
    5. An owner's override in force (``ctx.overrides``) makes the network ready whatever
       is still missing (listed all the same).
    """
    missing: list[Finding] = []
    not_known: dict[str, NotKnownYet] = {}
    for finding in _mission(doc, network) + _plan(doc, network):
        answer = ctx.not_known.get((network, finding.code))
        if answer is not None and allows_unknown(finding.code):
            not_known.setdefault(finding.code, answer)
        else:
            missing.append(finding)
    override = ctx.overrides.get(network)
    return Readiness(
        network=network,
        ready=not missing or override is not None,
        missing=missing,
        not_known=list(not_known.values()),
        override=override,
    )


def readiness_all(doc: StrategyDocument, ctx: CheckContext) -> dict[str, Readiness]:
    """Readiness of every network in the platforms or the mission, in catalogue order."""
    listed = {p.network for p in doc.platforms} | {m.network for m in doc.mission.networks}
    listed |= set(ctx.overrides)
    return {code: readiness(doc, ctx, code) for code in catalogue.NETWORKS if code in listed}
