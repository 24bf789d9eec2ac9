"""URLs of the analytics kpis pages (joined in :mod:`mostra.analytics.urls`)."""

from django.urls import URLPattern, path

from mostra.analytics.views import kpis

urlpatterns: list[URLPattern] = [
    path("kpis/", kpis.catalogue, name="kpi_catalogue"),
]
