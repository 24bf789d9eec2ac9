"""The programme's roster pages (joined in :mod:`mostra.ambassadors.urls`)."""

from django.urls import URLPattern, path

from mostra.ambassadors.views import roster as views

urlpatterns: list[URLPattern] = [
    path("", views.roster_page, name="roster"),
    path("import/", views.roster_import, name="roster_import"),
    path("tiers/", views.tiers_page, name="tiers"),
    path("tiers/reset/", views.tiers_reset, name="tiers_reset"),
    path("members/new/", views.member_new, name="member_new"),
    path("members/<int:pk>/", views.member_page, name="member"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/accounts/", views.account_add, name="account_add"),
    path(
        "members/<int:pk>/accounts/<int:account_pk>/remove/",
        views.account_remove,
        name="account_remove",
    ),
    path("members/<int:pk>/export/", views.member_export, name="member_export"),
    path("members/<int:pk>/erase/", views.member_erase, name="member_erase"),
]
