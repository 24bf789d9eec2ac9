"""URLs of the dashboard pages (joined in :mod:`mostra.reports.urls`)."""

from django.urls import URLPattern, path

from mostra.reports.views import dashboard

urlpatterns: list[URLPattern] = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
]
