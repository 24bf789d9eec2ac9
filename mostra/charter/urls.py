"""The charter pages, under /w/<slug>/charter/ (see mostra/urls.py)."""

from __future__ import annotations

from django.urls import path

from mostra.charter import views

app_name = "charter"

urlpatterns = [
    path("", views.charter_page, name="edit"),
    path("check/", views.check, name="check"),
]
