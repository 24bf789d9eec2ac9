"""The notification centre's pages, under /w/<slug>/notifications/."""

from __future__ import annotations

from django.urls import path

from mostra.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.mark_read, name="read"),
    path("preferences/", views.notification_preferences, name="preferences"),
]
