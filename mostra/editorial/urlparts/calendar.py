"""The calendar's routes: month, week, list, moving a post, custom events."""

from __future__ import annotations

from django.urls import URLPattern, path

from mostra.editorial.views import calendar, calendar_list, calendar_move, events

urlpatterns: list[URLPattern] = [
    path("calendar/", calendar.current_month, name="calendar"),
    path("calendar/<int:year>/<int:month>/", calendar.month, name="calendar_month"),
    path("calendar/week/<int:year>/<int:week>/", calendar.week, name="calendar_week"),
    path("calendar/list/", calendar_list.post_list, name="calendar_list"),
    path("calendar/posts/<int:pk>/move/", calendar_move.reschedule_post, name="reschedule"),
    path("calendar/events/", events.event_list, name="events"),
    path("calendar/events/<int:pk>/", events.edit_event, name="event_edit"),
    path("calendar/events/<int:pk>/delete/", events.delete_event, name="event_delete"),
]
