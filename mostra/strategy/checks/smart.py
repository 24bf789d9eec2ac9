"""The SMART check: each objective, letter by letter, with the reasons.

A letter is ``ok=True`` (with warnings, if any), ``ok=False`` (something fails) or
``ok=None`` (cannot tell: the reason says what is missing). Every failure and warning
that the lint should report also carries a stable code (an :class:`Issue`), so that the
lint (:mod:`mostra.strategy.checks.lint`) and the SMART panel never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from mostra.strategy import catalogue
from mostra.strategy.checks import CheckContext, KpiSources
from mostra.strategy.checks import text as t
from mostra.strategy.checks.achievable import achievable_letter
from mostra.strategy.checks.letters import Issue, Letter, LetterBuilder
from mostra.strategy.document import Objective, Platform, StrategyDocument
from mostra.strategy.kpis.definitions_other import LISTENING_NEEDS

#: A baseline older than this (at the start, or today if the objective has not started).
BASELINE_MAX_AGE_DAYS = 90
#: A deadline further than this from the start gets a warning.
DEADLINE_MAX_MONTHS = 18
LETTERS = ("S", "M", "A", "R", "T")

__all__ = [
    "LETTERS",
    "Issue",
    "Letter",
    "SmartResult",
    "is_new_account",
    "planned_volume",
    "smart_check",
    "smart_summary",
]


@dataclass
class SmartResult:
    """The five letters of an objective (in S, M, A, R, T order) and the advice."""

    objective_id: str
    letters: dict[str, Letter]
    advice: list[str] = field(default_factory=list)
    advice_issues: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(letter.ok is True for letter in self.letters.values())

    @property
    def passed(self) -> int:
        return sum(1 for letter in self.letters.values() if letter.ok is True)

    def issues(self) -> list[Issue]:
        found = [i for letter in self.letters.values() for i in letter.issues]
        return found + self.advice_issues


def planned_volume(doc: StrategyDocument) -> float:
    """Posts a week planned by all the tactics (a tactic without a rhythm counts 0)."""
    return sum(tactic.per_week or 0 for tactic in doc.tactics)


def _specific(doc: StrategyDocument, o: Objective) -> Letter:
    """Steps: a title; a description or alignment; an axis; a network; a target."""
    b = LetterBuilder()
    if not o.title.strip():
        b.fail(_("Give the objective a title."), "objective-no-title")
    if not (o.description.strip() or o.alignment.strip()):
        b.fail(
            _("Describe the objective, or say how it aligns with the organisation's strategy."),
            "objective-no-description",
            "warning",
        )
    if o.axis not in catalogue.AXES:
        b.fail(_("Choose an axis: awareness, liking or action."), "objective-no-axis")
    if not o.networks:
        b.fail(_("Choose at least one network for the objective."), "objective-no-network")
    if not o.targets:
        b.fail(
            _("Say which targets the objective serves."), "objective-serves-no-target", "warning"
        )
    names = [(found.name if (found := doc.target(i)) else i) for i in o.targets]
    return b.letter(
        _("Clear: %(axis)s, on %(networks)s, for %(targets)s.")
        % {
            "axis": catalogue.AXES.get(o.axis, o.axis),
            "networks": t.networks(o.networks),
            "targets": ", ".join(str(n) for n in names),
        }
    )


def _measurable(doc: StrategyDocument, o: Objective, ctx: CheckContext) -> Letter:
    """Steps: a KPI (the catalogue's or one of the workspace's own), a baseline and a
    target value; the target moves in the KPI's direction; warnings for a stale or
    unsourced baseline and a KPI of another axis; amber while no source feeds the KPI
    (no value recorded, no own account tracked on its networks), saying how to feed it."""
    b = LetterBuilder()
    kpi = doc.kpi(o.kpi)
    if kpi is None:
        b.fail(_("Choose a KPI from the catalogue to measure the objective."), "objective-no-kpi")
    if o.baseline is None:
        b.fail(
            _("Record a baseline: the KPI's current value, its date and its source."),
            "objective-no-baseline",
        )
    if o.target is None:
        b.fail(_("Set the target value the KPI must reach."), "objective-no-target-value")
    units = {k.id: k.unit for k in doc.kpis}
    if kpi and o.baseline is not None and o.target is not None:
        values = {
            "kpi": kpi.label,
            "baseline": t.measure(o.baseline.value, o.kpi, units),
            "target": t.measure(o.target, o.kpi, units),
        }
        if kpi.direction == "up" and o.target <= o.baseline.value:
            b.fail(
                _(
                    "%(kpi)s should go up: set a target above the baseline "
                    "(target %(target)s, baseline %(baseline)s)."
                )
                % values,
                "objective-wrong-direction",
            )
        elif kpi.direction == "down" and o.target >= o.baseline.value:
            b.fail(
                _(
                    "%(kpi)s should go down: set a target below the baseline "
                    "(target %(target)s, baseline %(baseline)s)."
                )
                % values,
                "objective-wrong-direction",
            )
        elif kpi.direction == "any" and o.target == o.baseline.value:
            b.fail(
                _("The target equals the baseline (%(baseline)s): set the value to reach.")
                % values,
                "objective-wrong-direction",
            )
    if o.baseline is not None:
        _baseline_age(b, o, ctx)
        if not o.baseline.source.strip():
            b.warn(
                _("Say where the baseline comes from (analytics export, tool, manual count)."),
                "objective-baseline-no-source",
                "info",
            )
    if kpi and kpi.axis != o.axis:
        b.warn(
            _(
                "%(kpi)s usually measures the axis %(kpi_axis)s, while this objective is "
                "on %(axis)s: check that it measures what the objective aims at."
            )
            % {
                "kpi": kpi.label,
                "kpi_axis": catalogue.AXES[kpi.axis],
                "axis": catalogue.AXES.get(o.axis, o.axis),
            },
            "objective-kpi-axis",
            "info",
        )
    if kpi and ctx.sources is not None and not ctx.sources.feeds(kpi.code, o.networks):
        _not_fed(b, kpi, o, ctx.sources)
    ok = ""
    if kpi and o.baseline is not None and o.target is not None:
        ok = _("%(kpi)s from %(baseline)s (%(date)s) to %(target)s, in the right direction.") % {
            "kpi": kpi.label,
            "baseline": t.measure(o.baseline.value, o.kpi, units),
            "date": t.day(o.baseline.date),
            "target": t.measure(o.target, o.kpi, units),
        }
    return b.letter(ok)


def _not_fed(b: LetterBuilder, kpi: catalogue.Kpi, o: Objective, sources: KpiSources) -> None:
    """No source feeds the KPI yet: what to do, by where its values come from."""
    if kpi.code in sources.computed:
        message = _(
            "No value can be measured yet: no account of yours on %(networks)s is tracked. "
            "Import its history or connect it, so that mostra computes %(kpi)s."
        ) % {"networks": t.networks(o.networks) or _("any network"), "kpi": kpi.label}
    elif kpi.code in LISTENING_NEEDS:
        message = _(
            "Listening does not measure %(kpi)s yet: add %(queries)s in Listening → Queries "
            "(or record its values)."
        ) % {"kpi": kpi.label, "queries": _listening_queries(LISTENING_NEEDS[kpi.code])}
    else:
        message = _(
            "No value of %(kpi)s is recorded yet: enter the values as they come, or import "
            "them from a CSV of dates and values (a ticketing or CRM export)."
        ) % {"kpi": kpi.label}
    b.wait(message, "objective-kpi-not-fed")


def _listening_queries(groups: tuple[str, ...]) -> str:
    """The queries listening needs, in words."""
    if "competitor" in groups:
        return _("an own-brand query and a competitor query")
    return _("an own-brand query") if groups else _("a query")


def _baseline_age(b: LetterBuilder, o: Objective, ctx: CheckContext) -> None:
    """The baseline's age at the start (or today, if the objective has not started)."""
    assert o.baseline is not None
    started = o.start is not None and o.start <= ctx.today
    reference = o.start if started and o.start else ctx.today
    age = (reference - o.baseline.date).days
    if age <= BASELINE_MAX_AGE_DAYS:
        return
    values = {"date": t.day(o.baseline.date), "days": age, "max": BASELINE_MAX_AGE_DAYS}
    if started:
        message = _(
            "The baseline was measured on %(date)s, %(days)s days before the start (more "
            "than %(max)s): progress is judged from an old value."
        )
    else:
        message = _(
            "The baseline was measured on %(date)s, %(days)s days ago (more than %(max)s): "
            "measure it again before the objective starts."
        )
    b.warn(message % values, "objective-baseline-old")


def _realistic(doc: StrategyDocument, o: Objective, ctx: CheckContext) -> Letter:
    """Steps: an owner who is a member (unknown without the workspace); a strategy and
    at least one tactic; the planned volume of all tactics within the declared capacity
    (unknown when no capacity is declared)."""
    b = LetterBuilder()
    if not o.owner:
        b.fail(
            _("Name an owner for the objective: a member of the workspace."), "objective-no-owner"
        )
    elif ctx.members is None:
        b.cannot(
            _("Whether %(owner)s is a member cannot be checked without the workspace.")
            % {"owner": o.owner}
        )
    elif o.owner.lower() not in {m.lower() for m in ctx.members}:
        b.fail(
            _("%(owner)s is not a member of the workspace: invite them or choose another owner.")
            % {"owner": o.owner},
            "objective-owner-not-member",
        )
    if not doc.strategies_of(o.id):
        b.fail(
            _("No strategy serves this objective: describe the plan that reaches it."),
            "objective-no-strategy",
        )
    elif not doc.tactics_of_objective(o.id):
        b.fail(
            _("No tactic puts this objective's strategy into practice: add one."),
            "objective-no-tactic",
        )
    volume, capacity = planned_volume(doc), doc.capacity.posts_per_week
    values = {"volume": t.num(volume), "capacity": t.num(capacity or 0)}
    if capacity is None:
        b.cannot(
            _(
                "The team's capacity is not declared: set how many posts a week it can "
                "produce to check the planned volume (%(volume)s a week)."
            )
            % values
        )
    elif volume > capacity:
        b.fail(
            _(
                "The tactics plan %(volume)s posts a week, more than the team's capacity of "
                "%(capacity)s: lower the rhythm or add capacity."
            )
            % values
        )
    else:
        b.note(_("%(volume)s posts a week planned, within the capacity of %(capacity)s.") % values)
    return b.letter(_("The means exist: an owner who is a member, and at least one tactic."))


def _time_bound(o: Objective, ctx: CheckContext) -> Letter:
    """Steps: a start; a deadline; the deadline after the start; not already past;
    a warning when it is more than 18 months after the start."""
    b = LetterBuilder()
    if o.start is None:
        b.fail(_("Set a start date."), "objective-no-start")
    if o.deadline is None:
        b.fail(
            _("Set a deadline: without an end date, the objective cannot be judged."),
            "objective-no-deadline",
        )
    values = {
        "start": t.day(o.start) if o.start else "",
        "deadline": t.day(o.deadline or ctx.today),
    }
    if o.start and o.deadline and o.deadline <= o.start:
        b.fail(
            _("The deadline (%(deadline)s) must come after the start (%(start)s).") % values,
            "objective-deadline-before-start",
        )
    if o.deadline and o.deadline < ctx.today:
        b.fail(
            _(
                "The deadline (%(deadline)s) has passed: record the result and close the "
                "objective, or set a new deadline."
            )
            % values,
            "objective-deadline-past",
            "warning",
        )
    if o.start and o.deadline and o.deadline > t.add_months(o.start, DEADLINE_MAX_MONTHS):
        b.warn(
            _(
                "The deadline is more than %(months)s months after the start: split the "
                "objective into steps you can check."
            )
            % {"months": DEADLINE_MAX_MONTHS},
            "objective-deadline-far",
        )
    return b.letter(_("From %(start)s to %(deadline)s.") % values)


def is_new_account(platform: Platform, months: int, today: dt.date) -> bool:
    """Whether an account counts as new: at the candidate or launching stage, or present
    for less than ``months`` months. An established account without a date is not new."""
    if platform.stage in ("candidate", "launching"):
        return True
    since = platform.present_since
    return since is not None and t.add_months(since, months) > today


def _advice(doc: StrategyDocument, o: Objective, ctx: CheckContext) -> list[Issue]:
    """Steps: for an action objective, each of its networks whose platform is a new
    account (:func:`is_new_account`) gets the advice to aim at awareness first."""
    if o.axis != "action":
        return []
    found: list[Issue] = []
    months = doc.checks.new_account_months
    for code in o.networks:
        platform = doc.platform(code)
        if platform is None or not is_new_account(platform, months, ctx.today):
            continue
        if platform.stage in ("candidate", "launching"):
            message = _(
                "The %(network)s account is at the %(stage)s stage: a new account first "
                "aims at awareness. Start there with an awareness objective, and aim at "
                "conversions once the account is established."
            )
        else:
            message = _(
                "The %(network)s account has been used for less than %(months)s months "
                "(since %(date)s): a new account first aims at awareness. Start there with "
                "an awareness objective, and aim at conversions once the account is "
                "established."
            )
        values = {
            "network": t.network(code),
            "stage": str(catalogue.STAGES[platform.stage]).lower(),
            "months": months,
            "date": t.day(platform.present_since) if platform.present_since else "",
        }
        found.append(Issue("objective-action-new-account", "warning", message % values))
    return found


def smart_check(doc: StrategyDocument, objective_id: str, ctx: CheckContext) -> SmartResult:
    """The five letters of one objective, and the advice. KeyError for an unknown id."""
    objective = next((o for o in doc.objectives if o.id == objective_id), None)
    if objective is None:
        raise KeyError(objective_id)
    letters = {
        "S": _specific(doc, objective),
        "M": _measurable(doc, objective, ctx),
        "A": achievable_letter(doc, objective, ctx),
        "R": _realistic(doc, objective, ctx),
        "T": _time_bound(objective, ctx),
    }
    advice = _advice(doc, objective, ctx)
    return SmartResult(
        objective_id=objective.id,
        letters=letters,
        advice=[a.message for a in advice],
        advice_issues=advice,
    )


def smart_summary(doc: StrategyDocument, ctx: CheckContext) -> dict[str, SmartResult]:
    """Every objective's result, in file order."""
    return {o.id: smart_check(doc, o.id, ctx) for o in doc.objectives}
