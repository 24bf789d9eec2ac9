"""The Links pages, under ``/w/<slug>/links/``."""

from django.urls import URLPattern, path

from mostra.links import views
from mostra.links.qr import views as qr_views

app_name = "links"

urlpatterns: list[URLPattern] = [
    path("", views.links_page, name="links"),
    path("create/", views.create, name="create"),
    path("preview/", views.preview, name="preview"),
    path("<int:pk>/target/", views.change_target, name="change_target"),
    path("<int:pk>/tags/", views.change_tags, name="change_tags"),
    path("<int:pk>/expiry/", views.expiry, name="expiry"),
    path("<int:pk>/disable/", views.disable, name="disable"),
    path("posts/<int:post_id>/track/", views.track_post, name="track_post"),
    path("posts/<int:post_id>/tag/", views.tag_post, name="tag_post"),
    path("<int:pk>/qr/", qr_views.link_qr, name="qr"),
    path("profiles/<int:pk>/qr/", qr_views.profile_qr, name="profile_qr"),
]
