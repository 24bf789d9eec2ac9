"""The members' private share-kit pages, under ``/share/`` (no account: the token is
the key)."""

from django.urls import URLPattern

app_name = "share_kits"

urlpatterns: list[URLPattern] = []
