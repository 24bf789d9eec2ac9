"""Compare accounts side by side: the same KPIs, the same period, own and competitors.

The reference case: "our X account retweets too much". The page puts the repost ratio
of the workspace's account beside its competitor's over the same dates, with the
original and reply shares, the posting volume and the engagement rates. A KPI that
cannot be computed for an account shows "—" and a numbered note saying which data is
missing, never a 0. Ratios are also drawn side by side (one SVG), and the table can be
downloaded as CSV (one row per account and KPI: values as numbers, ratios between 0
and 1, with numerator and denominator).

The period selector (:func:`period_from_query`) is shared with the team dashboard.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mostra.analytics.kpis import CATALOGUE, KpiValue, Period, compute, format_value
from mostra.analytics.kpis.export import as_csv
from mostra.analytics.models import TrackedAccount
from mostra.core import charts
from mostra.core.csv_export import UTF8_BOM, style_for
from mostra.core.figures_cache import Figures
from mostra.core.models import Membership, Workspace
from mostra.core.views.base import workspace_view
from mostra.strategy.catalogue import network_label

DEFAULT_KPIS = [
    "repost_ratio",
    "original_share",
    "reply_share",
    "posts_per_week",
    "applause_rate",
    "amplification_rate",
    "conversation_rate",
    "engagement_rate_reach",
    "follower_growth",
]
PRESETS = {
    "30d": gettext_lazy("Last 30 days"),
    "90d": gettext_lazy("Last 90 days"),
    "last_month": gettext_lazy("Last month"),
    "custom": gettext_lazy("Dates of your choice"),
}


@dataclass
class PeriodChoice:
    """The period asked for in the query string, and what was wrong with it, if anything."""

    period: Period
    preset: str
    error: str = ""


def local_today(workspace: Workspace) -> dt.date:
    return dt.datetime.now(ZoneInfo(workspace.timezone or "UTC")).date()


def period_from_query(query: QueryDict, today: dt.date) -> PeriodChoice:
    """``?period=30d|90d|last_month|custom&from=YYYY-MM-DD&to=YYYY-MM-DD`` → a period.

    Dates that differ from the chosen preset's mean the user typed dates: they win.
    Unreadable or reversed dates fall back to the last 30 days, with a sentence saying
    what to correct.
    """
    preset = query.get("period") or "30d"
    if preset == "90d":
        choice = PeriodChoice(Period.last_days(90, today), preset)
    elif preset == "last_month":
        first = today.replace(day=1) - dt.timedelta(days=1)
        choice = PeriodChoice(Period.month(first.year, first.month), preset)
    else:
        choice = PeriodChoice(Period.last_days(30, today), "30d")
    typed = (query.get("from", ""), query.get("to", ""))
    shown = (choice.period.start.isoformat(), choice.period.end.isoformat())
    if preset != "custom" and (not any(typed) or typed == shown):
        return choice
    try:
        return PeriodChoice(
            Period(dt.date.fromisoformat(typed[0]), dt.date.fromisoformat(typed[1])), "custom"
        )
    except ValueError:
        error = _(
            "Give both dates as YYYY-MM-DD, the first one before the second: showing the "
            "last 30 days instead."
        )
        return PeriodChoice(Period.last_days(30, today), "30d", error)


@dataclass
class Cell:
    value: KpiValue
    shown: str
    note: int | None = None
    #: The active language, read once for the table (not twice per cell).
    language: str | None = None

    @property
    def detail(self) -> str:
        """The numerator and denominator behind the figure, for its tooltip."""
        v = self.value
        if v.value is None or v.numerator is None or v.denominator is None:
            return ""
        numerator = charts.number(v.numerator, language=self.language)
        return f"{numerator} / {charts.number(v.denominator, language=self.language)}"


@dataclass
class Comparison:
    accounts: list[TrackedAccount]
    codes: list[str]
    values: dict[int, dict[str, KpiValue]]
    rows: list[tuple[Any, list[Cell]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    chart: str = ""


def build(accounts: list[TrackedAccount], period: Period, codes: list[str]) -> Comparison:
    """The table (one row per KPI, one column per account), its notes and chart."""
    values = compute(accounts, period, codes) if accounts else {}
    result = Comparison(accounts, codes, values)
    notes: dict[str, int] = {}
    language = translation.get_language()
    for code in codes:
        cells = []
        for account in accounts:
            value = values[account.pk][code]
            cell = Cell(value, format_value(value), language=language)
            if value.value is None:
                cell.note = notes.setdefault(value.missing or _("Not computed."), len(notes) + 1)
            cells.append(cell)
        result.rows.append((CATALOGUE[code], cells))
    result.notes = list(notes)
    ratios = [code for code in codes if CATALOGUE[code].unit == "ratio"]
    if ratios and accounts:
        result.chart = charts.grouped_bar_chart(
            [str(CATALOGUE[code].label) for code in ratios],
            [(label_of(a), [values[a.pk][code].value for code in ratios]) for a in accounts],
            title=_("Ratios side by side"),
            fmt=lambda v: charts.percent(v, 1),
        )
    return result


def label_of(account: TrackedAccount) -> str:
    return f"{account.handle} · {network_label(account.network)}"


def csv_response(comparison: Comparison, period: Period, workspace: Workspace) -> HttpResponse:
    """The table as ``mostra kpi --format csv`` writes it (one row per account and KPI),
    for the reader's spreadsheet: ``;`` and decimal commas in French, a byte order mark."""
    values = {
        account.pk: {code: comparison.values[account.pk][code] for code in comparison.codes}
        for account in comparison.accounts
    }
    style = style_for(translation.get_language())
    text = as_csv(comparison.accounts, period, values, style)
    response = HttpResponse(UTF8_BOM + text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    name = f"mostra-{workspace.slug}-compare-{period.start}-{period.end}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@workspace_view()
def compare(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The comparison table for the accounts, period and KPIs in the query string."""
    workspace = membership.workspace
    choice = period_from_query(request.GET, local_today(workspace))
    every = list(
        TrackedAccount.objects.filter(workspace=workspace)
        .select_related("workspace")
        .order_by("is_competitor", "network", "handle")
    )
    for account in every:
        account.network_name = network_label(account.network)  # type: ignore[attr-defined]
    wanted = {int(pk) for pk in request.GET.getlist("account") if pk.isdigit()}
    chosen = [a for a in every if a.pk in wanted] or every
    codes = [c for c in request.GET.getlist("kpi") if c in CATALOGUE] or DEFAULT_KPIS
    if request.GET.get("format") == "csv":
        return csv_response(build(chosen, choice.period, codes), choice.period, workspace)
    query = request.GET.copy()
    query["format"] = "csv"
    csv_query = query.urlencode()

    def table() -> str:
        comparison = build(chosen, choice.period, codes)
        return render_to_string(
            "analytics/_compare_table.html",
            {"workspace": workspace, "comparison": comparison, "csv_query": csv_query},
        )

    # The table (its values, cells, notes and chart), kept until the data changes.
    parts = (choice.period.start, choice.period.end, [a.pk for a in chosen], codes, csv_query)
    context = {
        "workspace": workspace,
        "choice": choice,
        "presets": PRESETS,
        "every": every,
        "chosen_ids": {a.pk for a in chosen},
        "catalogue": list(CATALOGUE.values()),
        "codes": codes,
        "table": mark_safe(Figures(workspace.pk).get("compare-table", parts, table)),  # noqa: S308
    }
    return render(request, "analytics/accounts_compare.html", context)
