"""The paid campaigns' pages, under ``/w/<slug>/paid/``."""

from django.urls import URLPattern, path

from mostra.paid import views

app_name = "paid"

urlpatterns: list[URLPattern] = [
    path("", views.campaigns_page, name="campaigns"),
    path("new/", views.campaign_new, name="campaign_new"),
    path("<int:pk>/", views.campaign_page, name="campaign"),
    path("<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("<int:pk>/days/", views.campaign_day, name="campaign_day"),
    path("<int:pk>/delete/", views.campaign_delete, name="campaign_delete"),
]
