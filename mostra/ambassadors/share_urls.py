"""The members' private share-kit pages, under ``/share/`` (no account: the token is
the key)."""

from django.urls import URLPattern, path

from mostra.ambassadors.views import share

app_name = "share_kits"

urlpatterns: list[URLPattern] = [
    path("<str:token>/", share.share_kit, name="kit"),
]
