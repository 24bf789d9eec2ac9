"""URLs of the dashboard pages (joined in :mod:`mostra.reports.urls`)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
