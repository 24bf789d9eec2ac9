"""The programme's roster pages (joined in :mod:`mostra.ambassadors.urls`)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
