"""URLs of the analytics imports pages (joined in :mod:`mostra.analytics.urls`)."""

from django.urls import URLPattern, path

from mostra.analytics.views import imports

urlpatterns: list[URLPattern] = [
    path("imports/", imports.imports, name="imports"),
]
