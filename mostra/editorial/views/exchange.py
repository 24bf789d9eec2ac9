"""The calendar in and out: the subscription page, the ICS and CSV files, the CSV import."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mostra.core.csv_export import style_for
from mostra.core.models import Membership
from mostra.core.permissions import Perm, has_perm
from mostra.core.services.invitations import site_url
from mostra.core.views.base import client_ip, workspace_view
from mostra.editorial.services import csv_posts, feeds, ics
from mostra.editorial.services.calendar_filters import CalendarFilters
from mostra.editorial.services.csv_posts.columns import MAX_BYTES, MAX_LINES
from mostra.editorial.services.csv_posts.reading import check_size

#: Problems listed on the page; the rest are counted.
SHOWN_PROBLEMS = 200


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


@workspace_view()
@require_safe
def subscribe(request: HttpRequest, membership: Membership) -> HttpResponse:
    feed = feeds.feed_of(membership)
    return render(
        request,
        "editorial/exchange/subscribe.html",
        {
            "feed": feed,
            "urls": feeds.feed_urls(site_url(request), membership.workspace.slug, feed),
            "days_back": ics.DAYS_BACK,
            "can_import": has_perm(membership, Perm.EDIT_CONTENT),
        },
    )


@workspace_view()
@require_POST
def reset_feed(request: HttpRequest, membership: Membership) -> HttpResponse:
    feeds.reset(membership, ip_address=client_ip(request))
    messages.success(
        request,
        _(
            "Your calendar has a new address: the old one no longer works. Subscribe again "
            "with the new one in your calendar apps."
        ),
    )
    return redirect("editorial:calendar_subscribe", membership.workspace.slug)


def _file_name(membership: Membership, extension: str) -> str:
    day = timezone.localdate().isoformat()
    return f"{membership.workspace.slug}-calendar-{day}.{extension}"


@workspace_view()
@require_safe
def download_ics(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The same calendar as the feed, as a file; honours the calendar's filters."""
    base_url = site_url(request)
    content = ics.read_calendar(
        membership.workspace, filters=CalendarFilters.from_params(request.GET)
    )
    body = ics.build_calendar(content, base_url=base_url, host=feeds.host_of(base_url))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(membership, "ics")}"'
    return response


@workspace_view()
@require_safe
def download_csv(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Every post (not cancelled) as CSV, one line per variant; honours the filters."""
    posts = csv_posts.posts_to_export(
        membership.workspace, CalendarFilters.from_params(request.GET)
    )
    style = style_for(translation.get_language())
    body = csv_posts.export_csv(membership.workspace, posts, style=style)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(membership, "csv")}"'
    return response


def _landing_url(membership: Membership, summary: csv_posts.ImportSummary) -> str:
    """The calendar's month of the first imported post, else the calendar."""
    slug = membership.workspace.slug
    first = summary.first
    if first is not None and first.scheduled_at is not None:
        local = first.scheduled_at.astimezone(ZoneInfo(membership.workspace.timezone))
        return reverse("editorial:calendar_month", args=[slug, local.year, local.month])
    return reverse("editorial:calendar", args=[slug])


@workspace_view(Perm.EDIT_CONTENT)
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Upload a CSV file; every problem is listed with its line, and nothing is imported."""
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    problems: list[csv_posts.Problem] = []
    if getattr(request, "uploads_too_large", None):  # dropped while it arrived
        try:
            check_size(None)
        except csv_posts.FileRefused as refused:
            problems = refused.problems
    elif form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_size(upload.size)
            summary = csv_posts.import_csv(
                membership.workspace,
                upload.read(),
                author=membership.user,
                file_name=upload.name,
                ip_address=client_ip(request),
            )
        except csv_posts.FileRefused as refused:
            problems = refused.problems
        else:
            messages.success(
                request,
                ngettext(
                    "%(posts)d post imported as a draft (%(variants)d variants).",
                    "%(posts)d posts imported as drafts (%(variants)d variants).",
                    summary.posts,
                )
                % {"posts": summary.posts, "variants": summary.variants},
            )
            return redirect(_landing_url(membership, summary))
    return render(
        request,
        "editorial/exchange/import.html",
        {
            "form": form,
            "problems": problems[:SHOWN_PROBLEMS],
            "hidden_problems": max(0, len(problems) - SHOWN_PROBLEMS),
            "max_mb": MAX_BYTES // 1024 // 1024,
            "max_lines": MAX_LINES,
        },
        status=400 if problems else 200,
    )
