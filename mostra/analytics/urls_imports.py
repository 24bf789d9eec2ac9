"""URLs of the analytics imports pages (joined in :mod:`mostra.analytics.urls`)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
