"""The programme's KPIs and figures (ambassadors and influencers): read only, for every
member. The same figures as ``mostra kpi programme --format json`` and the Programme
figures page (:mod:`mostra.analytics.programme_kpis`)."""

from __future__ import annotations

import datetime as dt
from typing import Any, NoReturn

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError

from mostra.analytics.kpis import Period
from mostra.analytics.programme_kpis import as_data, gather
from mostra.analytics.programme_kpis.measure import month_period
from mostra.analytics.progress import local_today
from mostra.api.access import member
from mostra.api.schemas.common import NOT_FOUND, ValidationErrors

router = Router(tags=["analytics"])
#: The days of the default period (the last 30 days, as the page and the command).
DEFAULT_DAYS = 30


class ProgrammeFilters(Schema):
    #: A month (YYYY-MM); default: the last 30 days up to today.
    period: str | None = Field(None, max_length=20)


def _refuse(message: str) -> NoReturn:
    raise ValidationError([{"type": "value_error", "loc": ["query", "period"], "msg": message}])


@router.get(
    "/workspaces/{slug}/kpis/programme",
    response={200: dict[str, Any], 422: ValidationErrors, **NOT_FOUND},
    operation_id="programme_kpis",
)
def programme_kpis(request: HttpRequest, slug: str, filters: Query[ProgrammeFilters]) -> Any:
    """The ambassadors and influencers programme's KPIs over a month (``period=YYYY-MM``,
    default the last 30 days): reach, engagements, engagement rate, clicks and
    conversions of the members' tracked links, compliance rate, cost per engagement and
    per click of the paid influencers (each with its value, numerator, denominator and
    ``missing`` saying why it has none, never 0); each member's and campaign's figures;
    the median engagements per post of the programme's and the brand's own posts."""
    workspace = member(request, slug).workspace
    if filters.period:
        try:
            period = month_period(filters.period)
        except ValueError:
            _refuse(
                _("%(value)s is not a month: write it as YYYY-MM (e.g. 2026-10).")
                % {"value": repr(filters.period)}
            )
    else:
        today = local_today(workspace)
        period = Period(today - dt.timedelta(days=DEFAULT_DAYS - 1), today)
    return as_data(gather(workspace, period, conversions=True, brand=True))
