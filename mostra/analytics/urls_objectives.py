"""URLs of the analytics objectives pages (joined in :mod:`mostra.analytics.urls`)."""

from django.urls import URLPattern, path

from mostra.analytics.views import objectives

urlpatterns: list[URLPattern] = [
    path("objectives/", objectives.objectives, name="objectives"),
]
