"""The calendar in and out: private ICS feed, ICS and CSV files, CSV import."""

from __future__ import annotations

from django.urls import URLPattern, path

from mostra.editorial.views import exchange, feed

urlpatterns: list[URLPattern] = [
    path("calendar/feed/<str:token>.ics", feed.calendar_feed, name="calendar_feed"),
    path("calendar/subscribe/", exchange.subscribe, name="calendar_subscribe"),
    path("calendar/subscribe/reset/", exchange.reset_feed, name="calendar_feed_reset"),
    path("calendar/export.ics", exchange.download_ics, name="calendar_ics"),
    path("calendar/export.csv", exchange.download_csv, name="calendar_csv"),
    path("calendar/import/", exchange.import_page, name="calendar_import"),
]
