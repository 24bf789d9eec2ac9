"""URLs of the analytics accounts pages (joined in :mod:`mostra.analytics.urls`):
the tracked accounts (own and competitors), their side-by-side comparison and what
works on their pages."""

from django.urls import URLPattern, path

from mostra.analytics.views import accounts, compare, their_pages

urlpatterns: list[URLPattern] = [
    path("accounts/", accounts.accounts, name="accounts"),
    path("accounts/add/", accounts.account_add, name="account_add"),
    path("accounts/<int:pk>/refresh/", accounts.account_refresh, name="account_refresh"),
    path("accounts/<int:pk>/delete/", accounts.account_delete, name="account_delete"),
    path("compare/", compare.compare, name="compare"),
    path("compare/their-pages/", their_pages.their_pages, name="their_pages"),
]
