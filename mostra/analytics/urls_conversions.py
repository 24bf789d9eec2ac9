"""URLs of the Conversions page (joined in :mod:`mostra.analytics.urls`)."""

from django.urls import URLPattern, path

from mostra.analytics.views import conversions

urlpatterns: list[URLPattern] = [
    path("conversions/", conversions.conversions, name="conversions"),
    path("conversions/import/", conversions.conversions_import, name="conversions_import"),
    path("conversions/goal/", conversions.conversion_goal, name="conversion_goal"),
]
