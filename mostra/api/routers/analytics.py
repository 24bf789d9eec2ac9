"""Measurement: the KPI catalogue, the tracked accounts, their KPIs, the objectives' progress.

Read only, for every member; the values a team records for the KPIs mostra does not
compute are changed through :mod:`mostra.api.routers.measurements`, mounted here. The
figures come from the KPI engine
(:mod:`mostra.analytics.kpis`) and the objectives' tracking
(:mod:`mostra.analytics.progress`); the KPI values are those ``mostra kpi --format
json`` writes (:mod:`mostra.analytics.kpis.export`). A bad date, a reversed
period, an unknown KPI or handle answers 422 naming the query parameter.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NoReturn

from django.db.models import Count
from django.http import Http404, HttpRequest
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError

from mostra.analytics.kpis import CATALOGUE, GROUPS, Period, compute
from mostra.analytics.kpis.export import DEFAULT_DAYS, UnknownAccount, as_rows, choose_accounts
from mostra.analytics.listening_kpis.measure import as_data as listening_data
from mostra.analytics.listening_kpis.measure import measure as measure_listening
from mostra.analytics.models import TrackedAccount
from mostra.analytics.progress import local_today, workspace_progress
from mostra.analytics.services import competitors
from mostra.analytics.their_pages import export as their_pages
from mostra.api.access import member
from mostra.api.routers import conversions, measurements
from mostra.api.schemas.analytics import (
    AccountKpisOut,
    KpiOut,
    KpiValueFilters,
    ObjectiveProgressOut,
    TheirPagesFilters,
    TrackedAccountOut,
)
from mostra.api.schemas.common import INVALID, NOT_FOUND, ValidationErrors
from mostra.core.models import Workspace
from mostra.core.permissions import Perm

router = Router(tags=["analytics"])
router.add_router("", measurements.router)
router.add_router("", conversions.router)
BASE = "/workspaces/{slug}"


def _refuse(parameter: str, message: str) -> NoReturn:
    """A 422 in ninja's shape, naming the query parameter to fix."""
    raise ValidationError([{"type": "value_error", "loc": ["query", parameter], "msg": message}])


@router.get(f"{BASE}/kpis", response={200: list[KpiOut], **NOT_FOUND})
def list_kpis(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """The KPI catalogue, by group: what each KPI divides by what, its unit, which way
    is better, and the published definition it follows (texts in the caller's
    language)."""
    member(request, slug)
    return [
        {
            "code": d.code,
            "label": str(d.label),
            "formula": str(d.formula),
            "numerator": str(d.numerator),
            "denominator": str(d.denominator),
            "unit": d.unit,
            "direction": d.direction,
            "group": d.group_code,
            "group_label": str(GROUPS[d.group_code]),
            "source": {"title": str(d.source.title), "url": d.source.url},
        }
        for d in CATALOGUE.values()
    ]


@router.get(f"{BASE}/tracked-accounts", response={200: list[TrackedAccountOut], **NOT_FOUND})
def list_tracked_accounts(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """The accounts mostra measures, the workspace's own first, then competitors, with
    the number of posts it holds for each."""
    workspace = member(request, slug).workspace
    accounts = (
        TrackedAccount.objects.filter(workspace=workspace)
        .annotate(n_posts=Count("posts"))
        .order_by("is_competitor", "network", "handle")
    )
    return [
        {
            "id": a.pk,
            "network": a.network,
            "handle": a.handle,
            "display_name": a.display_name,
            "competitor": a.is_competitor,
            "posts": a.n_posts,
        }
        for a in accounts
    ]


@router.delete(f"{BASE}/tracked-accounts/{{account_id}}", response={204: None, **INVALID})
def delete_tracked_account(request: HttpRequest, slug: str, account_id: int) -> Status:
    """Stop tracking a competitor (owners and managers): its account, measured posts and
    follower counts go; audited. The workspace's own accounts are not deleted (404), as
    on the accounts page."""
    membership = member(request, slug, Perm.EDIT_STRATEGY)
    try:
        competitors.stop_tracking(membership, account_id)
    except competitors.NotACompetitor as exc:
        raise Http404 from exc
    return Status(204, None)


#: The dates a period may name: beyond them a day's bounds would not be computable.
FIRST_DAY = dt.date(1970, 1, 1)
LAST_DAY = dt.date(2999, 12, 31)


def _date(text: str | None, parameter: str) -> dt.date | None:
    if text is None or text == "":
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        # The message of ``mostra kpi``, naming the query parameter.
        _refuse(
            parameter,
            capfirst(
                _("%(option)s %(value)s is not a date: write it as YYYY-MM-DD (e.g. 2026-10-31).")
                % {"option": parameter, "value": repr(text)}
            ),
        )
    if not FIRST_DAY <= day <= LAST_DAY:
        _refuse(
            parameter,
            _("%(value)s is out of range: give a date between %(first)s and %(last)s.")
            % {"value": text, "first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()},
        )
    return day


def _period(workspace: Workspace, filters: KpiValueFilters | ListeningKpiFilters) -> Period:
    """The period asked for; by default the last 30 days up to today, in the workspace's
    time zone (as ``mostra kpi``)."""
    last = _date(filters.date_to, "to") or local_today(workspace)
    first = _date(filters.date_from, "from") or last - dt.timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        _refuse(
            "from", capfirst(_("the period ends before it starts: give the earlier date first."))
        )
    return Period(first, last)


def _codes(codes: list[str]) -> list[str] | None:
    unknown = [code for code in codes if code not in CATALOGUE]
    if unknown:
        _refuse(
            "kpi",
            capfirst(
                _("unknown KPI %(codes)s. Known codes: %(list)s.")
                % {"codes": ", ".join(unknown), "list": ", ".join(CATALOGUE)}
            ),
        )
    return list(dict.fromkeys(codes)) or None


def _accounts(workspace: Workspace, handles: list[str]) -> list[TrackedAccount]:
    """The workspace's tracked accounts, or those named (one query)."""
    try:
        return choose_accounts(workspace, handles)
    except UnknownAccount as exc:
        _refuse("account", capfirst(str(exc)))


@router.get(
    f"{BASE}/kpi-values",
    response={200: list[AccountKpisOut], 422: ValidationErrors, **NOT_FOUND},
    by_alias=True,
)
def list_kpi_values(
    request: HttpRequest, slug: str, filters: Query[KpiValueFilters]
) -> list[dict[str, Any]]:
    """Each tracked account's KPIs over a period, as ``mostra kpi --format json``.

    ``from`` and ``to`` are days (YYYY-MM-DD), both included, read in the workspace's
    time zone; by default the last 30 days up to today. Repeat ``account`` (a handle)
    or ``kpi`` (a catalogue code) to choose. A ratio is a number between 0 and 1; a KPI
    that cannot be computed has ``value: null`` and ``missing`` names the data it
    needs. The number of queries does not grow with the number of accounts."""
    workspace = member(request, slug).workspace
    codes = _codes(filters.kpi)
    period = _period(workspace, filters)
    accounts = _accounts(workspace, filters.account)
    if not accounts:
        return []
    values = compute(accounts, period, codes, time_zone=workspace.timezone)
    return as_rows(accounts, period, values)


@router.get(
    f"{BASE}/their-pages",
    response={200: dict[str, Any], 422: ValidationErrors, **NOT_FOUND},
    by_alias=True,
)
def what_works_on_their_pages(
    request: HttpRequest, slug: str, filters: Query[TheirPagesFilters]
) -> dict[str, Any]:
    """What works on their pages, as ``mostra kpi formats --format json``: per tracked
    account its originals' formats (posts, measured posts, median engagement, share),
    best format and slot, and five most engaging posts, then the takeaways.

    ``from`` and ``to`` are days (YYYY-MM-DD), both included, read in the workspace's
    time zone; by default the last 90 days up to today. Engagement is the KPI
    catalogue's; unknown counts are null and left out, never 0."""
    workspace = member(request, slug).workspace
    last = _date(filters.date_to, "to") or local_today(workspace)
    first = _date(filters.date_from, "from")
    if first is not None and first > last:
        _refuse(
            "from", capfirst(_("the period ends before it starts: give the earlier date first."))
        )
    period = their_pages.default_period(last, first, last)
    accounts = _accounts(workspace, filters.account)
    return their_pages.as_data(their_pages.compute(accounts, period))


class ListeningKpiFilters(Schema):
    #: First day (YYYY-MM-DD), included; default: 29 days before ``to``.
    date_from: str | None = Field(None, alias="from", max_length=40)
    #: Last day (YYYY-MM-DD), included; default: today in the workspace's time zone.
    date_to: str | None = Field(None, alias="to", max_length=40)


@router.get(
    f"{BASE}/listening-kpis",
    response={200: dict[str, Any], 422: ValidationErrors, **NOT_FOUND},
    by_alias=True,
)
def listening_kpis(
    request: HttpRequest, slug: str, filters: Query[ListeningKpiFilters]
) -> dict[str, Any]:
    """The workspace's listening KPIs over a period, as ``mostra kpi listening --format
    json``: mentions, mention reach, share of voice (and each voice's share), net
    sentiment NS₁ and NS₂, median response time; each with its value (a ratio between 0
    and 1), numerator, denominator, and ``missing`` saying why it has none (never 0).
    ``from`` and ``to`` as for ``kpi-values``; the queries do not grow with the mentions."""
    workspace = member(request, slug).workspace
    period = _period(workspace, filters)
    return listening_data(measure_listening(workspace, period))


@router.get(f"{BASE}/objectives/progress", response={200: list[ObjectiveProgressOut], **NOT_FOUND})
def list_objective_progress(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """Each objective of the strategy, in its order: the KPI over the last 30 days
    (``current``), the progress from the baseline (0) to the target (1), the trend's
    forecast at the deadline with its 80 % interval, and a status. Figures are on the
    objective's scale (a percentage KPI reads 3.2 for 3.2 %); ``missing`` says why when
    data is lacking."""
    workspace = member(request, slug).workspace
    return [item.as_dict() for item in workspace_progress(workspace)]
