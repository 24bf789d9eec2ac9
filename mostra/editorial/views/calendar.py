"""The calendar by month and by week, in the workspace's time zone.

The grid (days, holidays, events, post chips) is one partial, rendered by the page and
again after a post is moved (:mod:`mostra.editorial.views.calendar_move`), so a move
shows exactly what a reload would. Filters are GET parameters kept in every link.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from mostra.core.models import Membership
from mostra.core.permissions import Perm, has_perm
from mostra.core.views.base import workspace_view
from mostra.editorial.services.calendar import build_days, hours_for, weeks_of
from mostra.editorial.services.calendar_filters import CalendarFilters, filter_choices
from mostra.editorial.services.calendar_time import (
    local_today,
    month_period,
    shift_month,
    shift_week,
    valid_month,
    valid_week,
    week_period,
    workspace_zone,
)


def with_filters(url: str, filters: CalendarFilters) -> str:
    return f"{url}?{filters.querystring}" if filters.active else url


def month_url(slug: str, year: int, month: int, filters: CalendarFilters) -> str:
    return with_filters(reverse("editorial:calendar_month", args=[slug, year, month]), filters)


def week_url(slug: str, iso_year: int, iso_week: int, filters: CalendarFilters) -> str:
    return with_filters(
        reverse("editorial:calendar_week", args=[slug, iso_year, iso_week]), filters
    )


def page_context(
    membership: Membership, filters: CalendarFilters, view: str, today: dt.date
) -> dict[str, Any]:
    """What every calendar page shares: the workspace, the filters, the sub-navigation."""
    slug = membership.workspace.slug
    year, week, _day = today.isocalendar()
    return {
        "workspace": membership.workspace,
        "view": view,
        "filters": filters,
        "today": today,
        "can_draft": has_perm(membership, Perm.DRAFT_CONTENT),
        "can_edit": has_perm(membership, Perm.EDIT_CONTENT),
        "new_post_url": reverse("editorial:post_new", args=[slug]),
        "links": {
            "month": month_url(slug, today.year, today.month, filters),
            "week": week_url(slug, year, week, filters),
            "list": with_filters(reverse("editorial:calendar_list", args=[slug]), filters),
            "events": reverse("editorial:events", args=[slug]),
            "posts": reverse("editorial:posts", args=[slug]),
            "pillars": reverse("editorial:pillars", args=[slug]),
            "subscribe": reverse("editorial:calendar_subscribe", args=[slug]),
            "csv": with_filters(reverse("editorial:calendar_csv", args=[slug]), filters),
            "ics": with_filters(reverse("editorial:calendar_ics", args=[slug]), filters),
            "import": reverse("editorial:calendar_import", args=[slug]),
        },
        "zone": membership.workspace.timezone,
    }


def month_context(
    membership: Membership, year: int, month: int, filters: CalendarFilters
) -> dict[str, Any]:
    workspace = membership.workspace
    slug = workspace.slug
    period = month_period(year, month)
    first = dt.date(year, month, 1)
    last = dt.date(*shift_month(year, month, 1), 1) - dt.timedelta(days=1)
    days = build_days(membership, period, filters, in_period=(first, last))
    previous, following = shift_month(year, month, -1), shift_month(year, month, 1)
    return {
        "grid_view": "month",
        "period_key": f"{year:04d}-{month:02d}",
        "heading": capfirst(formats.date_format(first, "YEAR_MONTH_FORMAT")),
        "weekdays": [formats.date_format(d.date, "l") for d in days[:7]],
        "weeks": [
            {
                "days": week,
                "number": week[0].date.isocalendar()[1],
                "url": week_url(slug, *week[0].date.isocalendar()[:2], filters),
            }
            for week in weeks_of(days)
        ],
        "previous_url": month_url(slug, *previous, filters),
        "next_url": month_url(slug, *following, filters),
        "previous_label": _("Previous month"),
        "next_label": _("Next month"),
        "post_count": sum(len(d.chips) for d in days if d.in_period),
    }


def week_context(
    membership: Membership, iso_year: int, iso_week: int, filters: CalendarFilters
) -> dict[str, Any]:
    slug = membership.workspace.slug
    period = week_period(iso_year, iso_week)
    days = build_days(membership, period, filters)
    previous, following = shift_week(iso_year, iso_week, -1), shift_week(iso_year, iso_week, 1)
    hours = hours_for(days)
    return {
        "grid_view": "week",
        "period_key": f"{iso_year:04d}-W{iso_week:02d}",
        "heading": _("Week %(week)s · %(first)s – %(last)s")
        % {
            "week": iso_week,
            "first": formats.date_format(
                period.first, "j" if period.first.month == period.last.month else "j F"
            ),
            "last": formats.date_format(period.last, "j F Y"),
        },
        "days": days,
        "rows": [
            {"hour": hour, "label": f"{hour:02d}:00", "cells": [(d, d.at_hour(hour)) for d in days]}
            for hour in hours
        ],
        "month_url": month_url(slug, period.first.year, period.first.month, filters),
        "previous_url": week_url(slug, *previous, filters),
        "next_url": week_url(slug, *following, filters),
        "previous_label": _("Previous week"),
        "next_label": _("Next week"),
        "post_count": sum(len(d.chips) for d in days),
    }


def render_in_zone(
    request: HttpRequest,
    membership: Membership,
    template: str,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    """Render with the workspace's time zone active, so every date shows in it."""
    with timezone.override(workspace_zone(membership.workspace)):
        return render(request, template, context, status=status)


def render_calendar(
    request: HttpRequest, membership: Membership, template: str, grid: dict[str, Any]
) -> HttpResponse:
    filters = CalendarFilters.from_params(request.GET)
    today = local_today(workspace_zone(membership.workspace))
    context = page_context(membership, filters, grid["grid_view"], today)
    context.update(grid)
    context["choices"] = filter_choices(membership.workspace)
    return render_in_zone(request, membership, template, context)


@workspace_view()
def current_month(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The month of today (in the workspace's time zone)."""
    today = local_today(workspace_zone(membership.workspace))
    filters = CalendarFilters.from_params(request.GET)
    grid = month_context(membership, today.year, today.month, filters)
    return render_calendar(request, membership, "editorial/calendar/month.html", grid)


@workspace_view()
def month(request: HttpRequest, membership: Membership, year: int, month: int) -> HttpResponse:
    if not valid_month(year, month):
        raise Http404
    filters = CalendarFilters.from_params(request.GET)
    grid = month_context(membership, year, month, filters)
    return render_calendar(request, membership, "editorial/calendar/month.html", grid)


@workspace_view()
def week(request: HttpRequest, membership: Membership, year: int, week: int) -> HttpResponse:
    if not valid_week(year, week):
        raise Http404
    filters = CalendarFilters.from_params(request.GET)
    grid = week_context(membership, year, week, filters)
    return render_calendar(request, membership, "editorial/calendar/week.html", grid)
