"""URLs of the analytics besttime pages (joined in :mod:`mostra.analytics.urls`)."""

from django.urls import URLPattern, path

from mostra.analytics.views import besttime

urlpatterns: list[URLPattern] = [
    path("best-time/", besttime.best_time, name="best_time"),
]
