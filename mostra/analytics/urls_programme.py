"""The programme's figures (ambassadors and influencers), reached from Distribution."""

from django.urls import URLPattern, path

from mostra.analytics.views.programme import programme_figures

urlpatterns: list[URLPattern] = [
    path("programme/", programme_figures, name="programme_figures"),
]
