"""Importing an ad manager's export into the paid campaigns (the page is paid's)."""

from django.urls import URLPattern, path

from mostra.analytics.views.paid_import import paid_import

urlpatterns: list[URLPattern] = [
    path("paid-import/", paid_import, name="paid_import"),
]
