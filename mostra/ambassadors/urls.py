"""The programme's pages, under ``/w/<slug>/ambassadors/``: the roster, the campaigns
(brief, share kit) and the tracked posts, each in its own module."""

from django.urls import URLPattern

from mostra.ambassadors import urls_campaigns, urls_posts, urls_roster

app_name = "ambassadors"

urlpatterns: list[URLPattern] = [
    *urls_roster.urlpatterns,
    *urls_campaigns.urlpatterns,
    *urls_posts.urlpatterns,
]
