"""The objectives' progress, written for the report (one line per objective).

The progress engine (:mod:`mostra.analytics.progress`) says where each objective
stands; here its values are written in the report's language: the KPI's unit ("40 %",
"12 345"), the forecast with its interval and date, the status label.
"""

from __future__ import annotations

import datetime as dt

from django.utils import formats
from django.utils.translation import gettext as _

from mostra.analytics.progress import ObjectiveProgress, workspace_progress
from mostra.core.models import Workspace
from mostra.reports.report import numbers
from mostra.reports.report.data import ObjectiveLine


def objective_lines(workspace: Workspace, as_of: dt.date) -> list[ObjectiveLine]:
    """One line per objective of the workspace, as of ``as_of`` (the period's end)."""
    return [_line(progress) for progress in workspace_progress(workspace, today=as_of)]


def _line(progress: ObjectiveProgress) -> ObjectiveLine:
    """Values are on the objective's scale, written in the KPI's unit ("3.2%", "45 people")."""
    objective = progress.objective
    kpi = progress.kpi
    text = progress.format
    current = progress.current_value
    forecast = progress.forecast
    forecast_text = ""
    if forecast:
        forecast_text = _("%(value)s (%(low)s–%(high)s) on %(date)s") % {
            "value": text(forecast.value),
            "low": text(forecast.low),
            "high": text(forecast.high),
            "date": formats.date_format(forecast.at, "j F Y"),
        }
    ratio = progress.progress
    return ObjectiveLine(
        title=objective.title,
        kpi_label=str(kpi.label) if kpi is not None else (objective.kpi or _("no KPI")),
        kpi_code=getattr(kpi, "code", ""),
        baseline=text(progress.baseline),
        current=text(current),
        target=text(progress.target),
        progress=ratio,
        progress_text=numbers.percent(ratio) if ratio is not None else numbers.MISSING,
        forecast=forecast_text,
        status=progress.status,
        status_label=str(progress.status_label),
        deadline=formats.date_format(objective.deadline, "j F Y") if objective.deadline else "",
        missing=str(progress.missing or ""),
    )
