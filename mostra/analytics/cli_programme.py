"""``mostra kpi programme``: the ambassadors and influencers programme's figures over a
month (or the last 30 days): its KPIs, each member's and each campaign's figures, and
the median engagements per post of the programme's posts beside the brand's own
(:mod:`mostra.analytics.programme_kpis`, the same as the Programme figures page and the
API). A table to read ("—" with the reason when a KPI cannot be measured) or JSON."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

import click

from mostra.core.cli_support import (
    output_option,
    refuse,
    setup_django,
    workspace_option,
    write_output,
)

if TYPE_CHECKING:
    from mostra.analytics.kpis import Period
    from mostra.analytics.programme_kpis import ProgrammeFigures
    from mostra.core.models import Workspace


def as_table(figures: ProgrammeFigures) -> str:
    from django.utils.translation import gettext as _

    from mostra.analytics.kpis import CATALOGUE
    from mostra.analytics.programme_kpis.display import count, line, money, percent
    from mostra.analytics.programme_kpis.measure import values

    period = figures.period
    lines = [
        _("Period: %(start)s to %(end)s")
        % {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "",
    ]
    kpis = values(figures)
    width = max(len(str(CATALOGUE[code].label)) for code in kpis)
    for code, value in kpis.items():
        definition = CATALOGUE[code]
        label = str(definition.label).ljust(width)
        if value.value is None:
            lines.append(f"{label}  —  {value.missing}")
        elif definition.unit == "ratio":
            lines.append(f"{label}  {percent(value.value)}")
        elif definition.unit == "currency":
            lines.append(f"{label}  {money(value.value, figures.total.currency)}")
        else:
            lines.append(f"{label}  {count(value.value)}")
    brand = figures.brand
    lines += [
        "",
        _("Median engagements per post: the programme %(programme)s, the brand %(brand)s")
        % {
            "programme": count(figures.total.median_engagements),
            "brand": count(brand.median_engagements if brand else None),
        },
    ]
    header = (
        _("Posts"),
        _("Reach"),
        _("Engagements"),
        _("Clicks"),
        _("Compliance"),
        _("Cost per engagement"),
        _("Cost per click"),
    )
    for title, rows in ((_("Per member"), figures.members), (_("Per campaign"), figures.campaigns)):
        lines += ["", title + ":"]
        if not rows:
            lines.append("  " + _("Nothing in the period."))
        for one in rows:
            w = line(one)
            cells = (
                w.posts,
                w.reach,
                w.engagements,
                w.clicks,
                w.compliance,
                w.cost_per_engagement,
                w.cost_per_click,
            )
            lines.append(
                f"  {w.name}: " + ", ".join(f"{h} {c}" for h, c in zip(header, cells, strict=True))
            )
    return "\n".join(lines) + "\n"


def _period(workspace: Workspace, text: str | None) -> Period:
    from django.utils.translation import gettext as _

    from mostra.analytics.kpis import Period
    from mostra.analytics.programme_kpis.measure import month_period
    from mostra.analytics.progress import local_today

    if not text:
        today = local_today(workspace)
        return Period(today - dt.timedelta(days=29), today)
    try:
        return month_period(text)
    except ValueError:
        refuse(
            _("--period %(value)s is not a month: write it as YYYY-MM (e.g. 2026-10).")
            % {"value": repr(text)}
        )


@click.command("programme")
@click.option("--workspace", "slug", required=True, metavar="SLUG", help="The workspace.")
@click.option("--period", "month", metavar="YYYY-MM", help="A month. Default: the last 30 days.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="A table to read, or JSON for scripts (ratios as numbers between 0 and 1).",
)
@output_option
def programme_command(slug: str, month: str | None, fmt: str, output: str) -> None:
    """The ambassadors and influencers programme's figures: reach, engagements,
    engagement rate, clicks and conversions of the members' tracked links, compliance
    rate, cost per engagement and per click of the paid influencers; per member and per
    campaign; the programme's posts beside the brand's own. A KPI that cannot be
    measured shows "—" and says why, never 0.

    \b
    Example:
        mostra kpi programme --workspace demo --period 2026-10
        mostra kpi programme --workspace demo --format json
    """
    setup_django()
    from mostra.analytics.programme_kpis import as_data, gather

    workspace = workspace_option(slug)
    period = _period(workspace, month)
    figures = gather(workspace, period, conversions=True, brand=True)
    if fmt == "json":
        text = json.dumps(as_data(figures), ensure_ascii=False, indent=2) + "\n"
    else:
        text = as_table(figures)
    write_output(output, text)
