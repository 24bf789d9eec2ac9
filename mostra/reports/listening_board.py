"""The dashboard's listening block: the period's listening KPIs, for the team.

The same figures as the report's listening section and the objectives'
(:mod:`mostra.analytics.listening_kpis`), over the dashboard's period; a KPI that
cannot be measured shows "—" with the reason (the queries to add, no mention in the
period…). Left out when the workspace does not listen (no query).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mostra.analytics.kpis import CATALOGUE, KpiValue, Period, format_value
from mostra.analytics.listening_kpis import measure, tally
from mostra.core.models import Workspace
from mostra.listening.services.response import target_hours
from mostra.reports.report.data import Voice
from mostra.reports.report.numbers import number, percent

#: The KPIs shown, in this order.
SHOWN = (
    "mentions",
    "mention_reach",
    "share_of_voice",
    "net_sentiment_ns2",
    "net_sentiment_ns1",
    "response_time_median",
)


@dataclass(frozen=True)
class ListeningRow:
    code: str
    label: str
    text: str  # the value written out, "—" when missing
    missing: str = ""
    note: str = ""


@dataclass
class ListeningBoard:
    rows: list[ListeningRow] = field(default_factory=list)
    voices: list[Voice] = field(default_factory=list)
    #: The response-time target in hours, and whether the median is within it.
    target_hours: int = 0
    within_target: bool | None = None


def _row(value: KpiValue) -> ListeningRow:
    return ListeningRow(
        code=value.code,
        label=str(CATALOGUE[value.code].label),
        text=format_value(value),
        missing=value.missing,
        note=value.note,
    )


def listening_board(workspace: Workspace, period: Period) -> ListeningBoard | None:
    """The block for ``period``, or None when the workspace has no listening query.
    Five queries at most, whatever the number of mentions."""
    found = tally.setup(workspace)
    if not found.groups:
        return None
    figures = measure(workspace, period, SHOWN, found)
    board = ListeningBoard(
        rows=[_row(figures.values[code]) for code in SHOWN],
        voices=[Voice(v.name, number(v.mentions), percent(v.share), v.own) for v in figures.voices],
        target_hours=target_hours(workspace),
    )
    median = figures.values["response_time_median"].value
    if median is not None:
        board.within_target = median <= board.target_hours
    return board
