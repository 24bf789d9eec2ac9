"""Objectives tracked: each objective's KPI now, its progress, and a forecast to the deadline.

An objective's KPI is computed over the workspace's *own* tracked accounts on the
objective's networks, taken together (competitors never count), by the KPI engine:

* **current**: the KPI over the last 30 days up to today; for followers, a stock, the
  latest count (the engine's "followers at the period's end");
* **progress** = (current − baseline) ÷ (target − baseline): 0 at the baseline, 1 at
  the target, whichever way the target lies (a KPI that should fall works the same);
* **series**: the KPI week by week (whole Monday–Sunday weeks in the workspace's time
  zone) since the objective's start or its baseline's date, whichever is earlier; a
  summed count (reach,
  likes…) is scaled to 30 days (× 30/7) so that it reads like the current value and
  the target;
* **forecast**: the least-squares trend of the series at the deadline with its 80 %
  prediction interval (:mod:`mostra.analytics.forecast`);
* **status**: on track when the forecast reaches the target; at risk when it does
  not but the target is inside the interval; off track when the whole interval misses
  it; not enough data below 4 weekly values, or when the deadline is further ahead
  than three times the trend's span (current and progress still shown);
  missing data when the KPI cannot be computed (the engine says which data is missing).

Values are on the objective's scale: a percentage KPI reads 3.2 for 3.2 %
(:func:`~mostra.analytics.progress.buckets.to_objective_units`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mostra.analytics.forecast import Forecast, NoForecast, forecast
from mostra.analytics.kpis import (
    CATALOGUE,
    MISSING_MARK,
    KpiDefinition,
    KpiValue,
    Period,
    compute_combined,
    format_number,
)
from mostra.analytics.models import TrackedAccount
from mostra.analytics.progress.buckets import bucketed_values, is_flow_count, to_objective_units
from mostra.core.models import Workspace
from mostra.strategy import catalogue as strategy_catalogue
from mostra.strategy.catalogue import network_label
from mostra.strategy.models import Objective

#: Days of the "current" window for KPIs over a period.
CURRENT_DAYS = 30
#: The trend reads at most this many weeks back (two years).
MAX_WEEKS = 104
#: The trend reads at least this many weeks back (four months), when there is history.
MIN_TREND_WEEKS = 17
#: KPIs that can be negative; every other forecast is clamped at 0.
SIGNED = frozenset({"follower_growth"})

STATUS_LABELS: dict[str, Promise] = {
    "on_track": gettext_lazy("On track"),
    "at_risk": gettext_lazy("At risk"),
    "off_track": gettext_lazy("Off track"),
    "not_enough_data": gettext_lazy("Not enough data"),
    "missing_data": gettext_lazy("Missing data"),
}


@dataclass
class ObjectiveProgress:
    objective: Objective
    kpi: KpiDefinition | None
    current: KpiValue | None
    baseline: float | None
    target: float | None
    progress: float | None  # 0 at the baseline, 1 at the target (may exceed both)
    forecast: Forecast | None
    status: str
    series: list[tuple[dt.date, float]] = field(default_factory=list)
    missing: str = ""  # why the status is what it is, when data is lacking
    #: The current value on the objective's scale (a percentage ×100), None if missing.
    current_value: float | None = None
    accounts: list[TrackedAccount] = field(default_factory=list)
    today: dt.date | None = None

    @property
    def status_label(self) -> Promise:
        return STATUS_LABELS[self.status]

    @property
    def percent(self) -> int | None:
        """The progress in % for the label (unclamped)."""
        return None if self.progress is None else round(self.progress * 100)

    @property
    def bar(self) -> int:
        """The progress in % for the bar's width (0–100)."""
        return max(0, min(100, self.percent or 0))

    def format(self, value: float | None) -> str:
        """A value on the objective's scale, as a person reads it (localised)."""
        return format_on_scale(self.objective.kpi, value)

    @property
    def baseline_text(self) -> str:
        return self.format(self.baseline)

    @property
    def current_text(self) -> str:
        return self.format(self.current_value)

    @property
    def target_text(self) -> str:
        return self.format(self.target)


def format_on_scale(code: str, value: float | None) -> str:
    """A value on the objective's scale: "3.2%" for a percentage KPI (written 3.2),
    counts grouped, "—" for None."""
    if value is None:
        return MISSING_MARK
    kpi = strategy_catalogue.KPIS.get(code)
    definition = CATALOGUE.get(code)
    if kpi and kpi.unit == "percent":
        return format_number(value / 100, "ratio")
    return format_number(value, definition.unit if definition else "rate")


def own_accounts(workspace: Workspace) -> list[TrackedAccount]:
    """The workspace's own tracked accounts (competitors excluded), one query."""
    return list(TrackedAccount.objects.filter(workspace=workspace, is_competitor=False))


def local_today(workspace: Workspace) -> dt.date:
    return dt.datetime.now(ZoneInfo(workspace.timezone or "UTC")).date()


def objective_progress(
    objective: Objective,
    today: dt.date | None = None,
    *,
    accounts: Sequence[TrackedAccount] | None = None,
) -> ObjectiveProgress:
    """The objective's current value, progress, forecast and status (module docstring).

    ``accounts`` are the workspace's own tracked accounts when the caller already has
    them (:func:`workspace_progress` reads them once for every objective).

    Steps:
    1. The KPI must be in the engine's catalogue, and an own account must be tracked
       on one of the objective's networks (every network when it names none).
    2. current = the KPI over the last 30 days (the latest count for followers);
       missing → "missing data" with the engine's sentence.
    3. progress from the baseline and the target.
    4. The weekly series since the start, then the forecast at the deadline and the
       status (:func:`_judge`).
    """
    workspace = objective.workspace
    today = today or local_today(workspace)
    result = ObjectiveProgress(
        objective=objective,
        kpi=CATALOGUE.get(objective.kpi) if objective.kpi else None,
        current=None,
        baseline=objective.baseline_value,
        target=objective.target_value,
        progress=None,
        forecast=None,
        status="missing_data",
        today=today,
    )
    if result.kpi is None:
        result.missing = (
            _("The objective names no KPI.")
            if not objective.kpi
            else _("mostra cannot compute the KPI “%(kpi)s”.") % {"kpi": objective.kpi}
        )
        return result
    if accounts is None:
        accounts = own_accounts(workspace)
    networks = list(objective.networks or [])
    chosen = [
        a for a in accounts if not a.is_competitor and (not networks or a.network in networks)
    ]
    result.accounts = chosen
    if not chosen:
        result.missing = _(
            "No account of yours on %(networks)s is tracked yet: import its history or "
            "connect it for publishing."
        ) % {"networks": ", ".join(network_label(n) for n in networks) or _("any network")}
        return result
    code = result.kpi.code
    zone = workspace.timezone or "UTC"
    current = compute_combined(
        chosen, Period.last_days(CURRENT_DAYS, today), [code], time_zone=zone
    )[code]
    result.current = current
    if current.value is None:
        result.missing = current.missing
        return result
    result.current_value = to_objective_units(code, current.value)
    base, target = result.baseline, result.target
    if base is not None and target is not None and target != base:
        result.progress = (result.current_value - base) / (target - base)
    result.series = weekly_series(objective, chosen, code, today, zone)
    _judge(result, today)
    return result


def weekly_series(
    objective: Objective,
    accounts: Sequence[TrackedAccount],
    code: str,
    today: dt.date,
    zone: str,
) -> list[tuple[dt.date, float]]:
    """The KPI per whole week since the earlier of the start and the baseline's date,
    dated at each Sunday, on the objective's scale; weeks where the KPI is missing are
    left out.

    The earlier of the two: the baseline is the objective's first measurement, so the
    trend since then is what progress is measured against. And at least the last
    MIN_TREND_WEEKS weeks of the accounts' history: an objective written at the start
    of a campaign (the usual case) already has a trend to forecast from, the
    accounts' own recent course; weeks without data are left out anyway."""
    dates = [d for d in (objective.start, objective.baseline_date) if d is not None]
    dates.append(today - dt.timedelta(weeks=MIN_TREND_WEEKS))
    start = min(dates)
    start = max(start, today - dt.timedelta(weeks=MAX_WEEKS))
    if start > today:
        return []
    values = bucketed_values([a.pk for a in accounts], [code], start, today, "week", zone)
    scale = 30 / 7 if is_flow_count(code) else 1.0
    series: list[tuple[dt.date, float]] = []
    for one in values.get("", []):
        value = to_objective_units(code, one.kpis[code].value)
        if value is not None:
            series.append((one.bucket.end, value * scale))
    return series


def _wanted_up(result: ObjectiveProgress) -> bool:
    """Whether reaching the target means going up: from the baseline when there is
    one, else from the KPI's direction (a KPI with no direction: up)."""
    if result.baseline is not None and result.target is not None:
        if result.target != result.baseline:
            return result.target > result.baseline
    kpi = strategy_catalogue.KPIS.get(result.objective.kpi)
    return not (kpi and kpi.direction == "down")


def _judge(result: ObjectiveProgress, today: dt.date) -> None:
    """Forecast and status (see the module docstring)."""
    target, deadline = result.target, result.objective.deadline
    if target is None:
        result.status = "not_enough_data"
        result.missing = _("The objective has no target value: nothing to forecast against.")
        return
    up = _wanted_up(result)

    def reached(value: float) -> bool:
        return value >= target if up else value <= target

    if deadline is None:
        result.status = "not_enough_data"
        result.missing = _("The objective has no deadline: nothing to forecast to.")
        return
    if deadline <= today:
        assert result.current_value is not None
        result.status = "on_track" if reached(result.current_value) else "off_track"
        result.missing = _("The deadline has passed: the status compares the current value.")
        return
    outcome = forecast(result.series, deadline)
    if isinstance(outcome, NoForecast):
        result.status = "not_enough_data"
        result.missing = outcome.reason
        return
    if result.objective.kpi not in SIGNED:  # a count or a rate cannot fall below 0
        outcome = replace(
            outcome,
            value=max(outcome.value, 0.0),
            low=max(outcome.low, 0.0),
            high=max(outcome.high, 0.0),
        )
    result.forecast = outcome
    if reached(outcome.value):
        result.status = "on_track"
    elif outcome.low <= target <= outcome.high:
        result.status = "at_risk"
    else:
        result.status = "off_track"


def workspace_progress(
    workspace: Workspace, today: dt.date | None = None
) -> list[ObjectiveProgress]:
    """Every objective of the workspace, in the strategy's order.

    Queries: the objectives and the own accounts once, then at most four per
    objective (the current value: posts and followers; the weekly series: posts and
    followers), whatever the number of weeks, accounts or posts.
    """
    today = today or local_today(workspace)
    accounts = own_accounts(workspace)
    objectives = Objective.objects.filter(workspace=workspace).select_related("workspace")
    return [objective_progress(o, today, accounts=accounts) for o in objectives]
