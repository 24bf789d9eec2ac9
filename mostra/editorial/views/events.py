"""The calendar's custom events: trade fairs, launches, world days.

Everyone in the workspace sees them (here and on the calendar); editors and managers
(``Perm.EDIT_CONTENT``) add, change and delete them. The rules (the last day not before
the first, at most a year) are the service's, and come back as form errors.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm, has_perm
from mostra.core.views.base import workspace_view
from mostra.editorial.models import CalendarEvent
from mostra.editorial.services import calendar_events as service
from mostra.editorial.services.calendar_filters import CalendarFilters
from mostra.editorial.services.calendar_time import local_today, workspace_zone
from mostra.editorial.views.calendar import page_context
from mostra.editorial.views.calendar_forms import EventForm


def _save(form: EventForm, membership: Membership, event: CalendarEvent | None) -> bool:
    """Save through the service; a refusal becomes an error on its field."""
    if not form.is_valid():
        return False
    try:
        if event is None:
            service.create_event(membership, **form.cleaned_data)
        else:
            service.update_event(membership, event, **form.cleaned_data)
    except DomainError as refusal:
        form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
        return False
    return True


def _events_url(membership: Membership) -> str:
    return reverse("editorial:events", args=[membership.workspace.slug])


def _context(membership: Membership, **extra: object) -> dict[str, object]:
    today = local_today(workspace_zone(membership.workspace))
    context = page_context(membership, CalendarFilters(), "events", today)
    context.update(extra)
    return context


@workspace_view()
def event_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The events, upcoming first then past; the form to add one for editors."""
    can_edit = has_perm(membership, Perm.EDIT_CONTENT)
    form = EventForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if _save(form, membership, None):
            messages.success(request, _("Event added to the calendar."))
            return redirect(_events_url(membership))
    today = local_today(workspace_zone(membership.workspace))
    events = list(CalendarEvent.objects.filter(workspace=membership.workspace))
    upcoming = [e for e in events if e.last_day >= today]
    past = [e for e in events if e.last_day < today]
    past.reverse()
    status = 422 if form is not None and form.errors else 200
    return render(
        request,
        "editorial/events/list.html",
        _context(membership, form=form, upcoming=upcoming, past=past),
        status=status,
    )


@workspace_view(Perm.EDIT_CONTENT)
def edit_event(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    event = get_object_or_404(CalendarEvent, pk=pk, workspace=membership.workspace)
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST":
        if _save(form, membership, event):
            messages.success(request, _("Event saved."))
            return redirect(_events_url(membership))
    status = 422 if form.errors else 200
    return render(
        request,
        "editorial/events/form.html",
        _context(membership, form=form, event=event),
        status=status,
    )


@workspace_view(Perm.EDIT_CONTENT)
def delete_event(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    event = get_object_or_404(CalendarEvent, pk=pk, workspace=membership.workspace)
    if request.method == "POST":
        service.delete_event(membership, event)
        messages.success(request, _("Event deleted."))
        return redirect(_events_url(membership))
    return render(request, "editorial/events/delete.html", _context(membership, event=event))
