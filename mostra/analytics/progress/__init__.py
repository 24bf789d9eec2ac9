"""Objectives tracked: each objective's KPI now, its progress, and a forecast to the deadline.

An objective's KPI comes from one of two sources (:mod:`mostra.analytics.measurements`):

* a KPI mostra **computes** (reach, engagement rates, followers…) is computed over the
  workspace's *own* tracked accounts on the objective's networks, taken together
  (competitors never count), by the KPI engine;
* a KPI the team **records** (registrations, sales, leads, cost per result, and the
  workspace's own KPIs) is read from the values entered or imported
  (:mod:`mostra.analytics.measurements.series`): its *current* value and weekly
  *series* come from there, as of the latest value; everything after (progress,
  forecast, status) is the same. A listening KPI is read the same way from listening's
  weekly readings (:func:`mostra.analytics.listening_kpis.for_objective`), a paid one
  from the campaigns' days, a programme one (ambassadors and influencers) from its
  tracked posts, links and fees (:func:`mostra.analytics.programme_kpis.for_objective`).

For a computed KPI:

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
(:func:`~mostra.analytics.progress.buckets.to_objective_units`), and are written in
the KPI's unit by :func:`mostra.strategy.kpis.units.format_measure`.
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
from mostra.analytics.kpis import KpiValue, Period, compute_combined
from mostra.analytics.listening_kpis import for_objective
from mostra.analytics.measurements.series import (
    Values,
    recorded_now,
    recorded_series,
    recorded_values,
)
from mostra.analytics.models import TrackedAccount
from mostra.analytics.paid_kpis import for_objective as paid_readings
from mostra.analytics.programme_kpis import for_objective as programme_readings
from mostra.analytics.progress.buckets import bucketed_values, is_flow_count, to_objective_units
from mostra.core.models import Workspace
from mostra.strategy.catalogue import network_label
from mostra.strategy.kpis.objective import (
    ObjectiveKpi,
    catalogue_kpi,
    custom_kpis,
    objective_kpi,
)
from mostra.strategy.kpis.units import format_measure
from mostra.strategy.models import CustomKpi, Objective

#: Days of the "current" window for KPIs over a period.
CURRENT_DAYS = 30
#: The trend reads at most this many weeks back (two years).
MAX_WEEKS = 104
#: The trend reads at least this many weeks back (four months), when there is history.
MIN_TREND_WEEKS = 17
#: KPIs that can be negative; every other forecast is clamped at 0.
SIGNED = frozenset({"follower_growth", "net_sentiment", "net_sentiment_ns1", "net_sentiment_ns2"})

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
    #: The KPI it names, computed or recorded; None when it names none mostra knows.
    kpi: ObjectiveKpi | None
    #: The engine's value, for a computed KPI.
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
    #: For a recorded KPI: the day of the latest value, which "current" is as of.
    current_as_of: dt.date | None = None
    #: Measured by listening (a listening KPI whose queries are there), not recorded.
    listened: bool = False

    @property
    def unit(self) -> str:
        """The unit the objective's values are in (mostra.strategy.kpis.units)."""
        return self.kpi.unit if self.kpi is not None else "count"

    @property
    def recorded(self) -> bool:
        """Whether the team records the KPI's values (entered or imported)."""
        return self.kpi is not None and self.kpi.recorded

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
        """A value on the objective's scale, in its unit, as a person reads it."""
        return format_measure(value, self.unit)

    def as_dict(self) -> dict[str, object]:
        """The objective's figures as JSON values (the API's objectives progress and
        ``mostra objectives --format json``), on the objective's scale."""
        objective, f = self.objective, self.forecast
        return {
            "key": objective.key,
            "title": objective.title,
            "kpi": objective.kpi or "",
            "unit": self.unit,
            "recorded": self.recorded,
            "baseline": self.baseline,
            "current": self.current_value,
            "current_as_of": self.current_as_of,
            "target": self.target,
            "progress": self.progress,
            "status": self.status,
            "status_label": str(self.status_label),
            "forecast": (
                {"value": f.value, "low": f.low, "high": f.high, "at": f.at} if f else None
            ),
            "missing": self.missing,
        }

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
    """A value on the objective's scale of a catalogue KPI: "3.2%" for a percentage KPI
    (written 3.2), counts grouped, "—" for None."""
    kpi = catalogue_kpi(code)
    return format_measure(value, kpi.unit if kpi is not None else "")


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
    custom: dict[str, CustomKpi] | None = None,
    recorded: dict[str, Values] | None = None,
) -> ObjectiveProgress:
    """The objective's current value, progress, forecast and status (module docstring).

    ``accounts`` (the workspace's own tracked accounts), ``custom`` (its own KPIs) and
    ``recorded`` (the values recorded per KPI) are passed when the caller already has
    them (:func:`workspace_progress` reads each once for every objective).

    Steps:
    1. The KPI must be in the catalogue or among the workspace's own KPIs.
    2. A recorded KPI: current = the 30 days' total up to the latest value (the latest
       value for a reading); no value yet → "missing data", saying how to record them.
    3. A computed KPI: an own account must be tracked on one of the objective's
       networks (every network when it names none); current = the KPI over the last
       30 days (the latest count for followers); missing → "missing data" with the
       engine's sentence.
    4. progress from the baseline and the target.
    5. The weekly series since the start, then the forecast at the deadline and the
       status (:func:`_judge`).
    """
    workspace = objective.workspace
    today = today or local_today(workspace)
    if custom is None:
        custom = custom_kpis(workspace) if objective.kpi else {}
    result = ObjectiveProgress(
        objective=objective,
        kpi=objective_kpi(objective.kpi, custom),
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
    if result.kpi.recorded:
        code = result.kpi.code
        values = (recorded or recorded_values(workspace, [code])).get(code, [])
        listened = for_objective(
            workspace, result.kpi, values, today, series_start(objective, today)
        )
        if listened is not None:  # measured by listening, read as recorded readings
            result.kpi, values, result.missing = listened.kpi, listened.values, listened.missing
            result.listened = True
        paid = None if listened else paid_readings(workspace, code, today, objective.start)
        if paid is not None and (paid[0] or not values):  # measured from the campaigns
            values, result.missing = paid
            result.kpi = replace(result.kpi, collection="latest")
        programme = (
            None
            if listened or paid
            else programme_readings(workspace, code, today, objective.start)
        )
        if programme is not None and (programme[0] or not values):  # from the programme
            values, result.missing = programme
            result.kpi = replace(result.kpi, collection="latest")
        return result if result.missing else _from_recorded(result, values, today)
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
    _measure_progress(result)
    result.series = weekly_series(objective, chosen, code, today, zone)
    _judge(result, today)
    return result


def _measure_progress(result: ObjectiveProgress) -> None:
    """(current − baseline) ÷ (target − baseline), when the three are known."""
    base, target, now = result.baseline, result.target, result.current_value
    if now is not None and base is not None and target is not None and target != base:
        result.progress = (now - base) / (target - base)


def _from_recorded(result: ObjectiveProgress, values: Values, today: dt.date) -> ObjectiveProgress:
    """Steps 2, 4 and 5 for a KPI the team records."""
    assert result.kpi is not None
    now = recorded_now(result.kpi, values, today)
    if now.value is None:
        result.missing = now.missing
        return result
    result.current_value = now.value
    result.current_as_of = now.as_of
    _measure_progress(result)
    start = series_start(result.objective, today)
    result.series = list(recorded_series(result.kpi, values, start, today)) if start else []
    _judge(result, today)
    return result


def series_start(objective: Objective, today: dt.date) -> dt.date | None:
    """The first day the weekly series reads: the earlier of the start and the
    baseline's date, and at least MIN_TREND_WEEKS weeks back, at most MAX_WEEKS; None
    when that is after today."""
    dates = [d for d in (objective.start, objective.baseline_date) if d is not None]
    dates.append(today - dt.timedelta(weeks=MIN_TREND_WEEKS))
    start = max(min(dates), today - dt.timedelta(weeks=MAX_WEEKS))
    return None if start > today else start


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
    start = series_start(objective, today)
    if start is None:
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
    return not (result.kpi and result.kpi.direction == "down")


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

    Queries: the objectives, the own accounts, the workspace's own KPIs and the
    recorded values once; then at most four per objective on a computed KPI (the
    current value: posts and followers; the weekly series: posts and followers) and
    none on a recorded one, whatever the number of weeks, accounts, posts or values.
    """
    today = today or local_today(workspace)
    accounts = own_accounts(workspace)
    objectives = list(Objective.objects.filter(workspace=workspace).select_related("workspace"))
    custom = custom_kpis(workspace)
    kpis = [objective_kpi(o.kpi, custom) for o in objectives]
    recorded = recorded_values(workspace, [k.code for k in kpis if k is not None and k.recorded])
    return [
        objective_progress(o, today, accounts=accounts, custom=custom, recorded=recorded)
        for o in objectives
    ]
