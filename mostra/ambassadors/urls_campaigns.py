"""The programme's campaigns pages (joined in :mod:`mostra.ambassadors.urls`)."""

from django.urls import URLPattern, path

from mostra.ambassadors.views import campaigns as views

urlpatterns: list[URLPattern] = [
    path("campaigns/", views.campaigns_page, name="campaigns"),
    path("campaigns/new/", views.create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_page, name="campaign"),
    path("campaigns/<int:pk>/edit/", views.edit, name="campaign_edit"),
    path("campaigns/<int:pk>/kit/", views.kit_add, name="campaign_kit_add"),
    path(
        "campaigns/<int:pk>/kit/<int:post_id>/delete/",
        views.kit_delete,
        name="campaign_kit_delete",
    ),
    path("campaigns/<int:pk>/members/", views.member_add, name="campaign_member_add"),
    path(
        "campaigns/<int:pk>/members/<int:collaboration_id>/",
        views.member_edit,
        name="campaign_member_edit",
    ),
    path(
        "campaigns/<int:pk>/members/<int:collaboration_id>/remove/",
        views.member_remove,
        name="campaign_member_remove",
    ),
    path(
        "campaigns/<int:pk>/members/<int:collaboration_id>/new-link/",
        views.member_new_link,
        name="campaign_member_new_link",
    ),
    path("campaigns/<int:pk>/send/", views.send, name="campaign_send"),
]
