"""Measurement in the API: the KPI catalogue, tracked accounts, KPI values, objectives.

A KPI value has the shape ``mostra kpi --format json`` writes: a ratio is a number
between 0 and 1; a KPI that cannot be computed has ``value: null`` and ``missing``
says which data it needs, never 0. An objective's figures are on the objective's own
scale (a percentage KPI reads 3.2 for 3.2 %), as in the strategy.
"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from mostra.strategy.kpis.definition import Direction, Unit

#: At most this many ``account`` or ``kpi`` parameters in one call.
MAX_REPEAT = 100

#: A count stays an integer, a ratio or a mean is a float; null when it cannot be computed.
Number = int | float | None


class SourceOut(Schema):
    """The published definition a KPI follows; ``url`` is empty when none is published."""

    title: str
    url: str


class KpiOut(Schema):
    """A KPI of the catalogue, its texts in the caller's language."""

    code: str
    label: str
    formula: str
    numerator: str
    denominator: str
    #: ratio (a value between 0 and 1, shown as a percentage), count, rate (per post),
    #: per_week or currency.
    unit: Unit
    #: up: higher is better; down: lower is better; any: read it in context.
    direction: Direction
    #: The group's code (output, reach, engagement…); ``group_label`` is its name.
    group: str
    group_label: str
    source: SourceOut


class TrackedAccountOut(Schema):
    id: int
    network: str
    handle: str
    display_name: str
    competitor: bool
    #: How many posts of the account mostra holds (every period).
    posts: int


class KpiValueFilters(Schema):
    #: First day (YYYY-MM-DD), included; default: 29 days before ``to``.
    date_from: str | None = Field(None, alias="from", max_length=40)
    #: Last day (YYYY-MM-DD), included; default: today in the workspace's time zone.
    date_to: str | None = Field(None, alias="to", max_length=40)
    #: Only these tracked accounts (handle, with or without @); repeat. Default: all.
    account: list[str] = Field(default_factory=list, max_length=MAX_REPEAT)
    #: Only these KPIs (catalogue codes); repeat. Default: the whole catalogue.
    kpi: list[str] = Field(default_factory=list, max_length=MAX_REPEAT)


class TheirPagesFilters(Schema):
    #: First day (YYYY-MM-DD), included; default: 89 days before ``to``.
    date_from: str | None = Field(None, alias="from", max_length=40)
    #: Last day (YYYY-MM-DD), included; default: today in the workspace's time zone.
    date_to: str | None = Field(None, alias="to", max_length=40)
    #: Only these tracked accounts (handle, with or without @); repeat. Default: all.
    account: list[str] = Field(default_factory=list, max_length=MAX_REPEAT)


class PeriodOut(Schema):
    """Inclusive dates, read in the workspace's time zone."""

    start: dt.date = Field(alias="from")
    end: dt.date = Field(alias="to")


class KpiValueOut(Schema):
    value: Number
    numerator: Number
    denominator: Number
    #: Why the value is null: the data it needs and where to get it; "" otherwise.
    missing: str
    #: When the value covers only part of the posts, says so; "" otherwise.
    note: str


class AccountKpisOut(Schema):
    handle: str
    network: str
    competitor: bool
    period: PeriodOut
    kpis: dict[str, KpiValueOut]


class ForecastOut(Schema):
    """The trend's value at the deadline ``at``, with its 80 % prediction interval."""

    value: float
    low: float
    high: float
    at: dt.date


class ObjectiveProgressOut(Schema):
    key: str
    title: str
    #: The KPI's code: the catalogue's or the workspace's own ("" when it names none).
    kpi: str
    #: What its values are in: count, people, percent (3.2 for 3.2 %), permille,
    #: per_post, per_week or euro.
    unit: str
    #: Whether the team records the KPI's values (entered or imported), rather than
    #: mostra computing them from the accounts.
    recorded: bool
    baseline: float | None
    #: The KPI over the last 30 days (the latest count for followers); for a recorded
    #: KPI, the 30 days up to the latest value (or the latest value, for a reading);
    #: null if missing.
    current: float | None
    #: For a recorded KPI: the day of the latest value, which ``current`` is as of.
    current_as_of: dt.date | None = None
    target: float | None
    #: 0 at the baseline, 1 at the target; below 0 or above 1 beyond them; null without
    #: a current value, a baseline or a target.
    progress: float | None
    #: on_track, at_risk, off_track, not_enough_data or missing_data.
    status: str
    status_label: str
    forecast: ForecastOut | None
    #: Why the status is what it is when data is lacking; "" otherwise.
    missing: str
