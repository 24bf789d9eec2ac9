"""The post editor's routes: posts, their media and comments, slots, content pillars."""

from __future__ import annotations

from django.urls import URLPattern, path

from mostra.editorial.views import pillars, posts, posts_media

urlpatterns: list[URLPattern] = [
    path("posts/", posts.post_list, name="posts"),
    path("posts/new/", posts.post_new, name="post_new"),
    path("posts/slots/", posts_media.post_slots, name="post_slots"),
    path("posts/<int:pk>/", posts.post_page, name="post"),
    path("posts/<int:pk>/delete/", posts.post_delete, name="post_delete"),
    path("posts/<int:pk>/comments/", posts.post_comment, name="post_comment"),
    path("posts/<int:pk>/duplicate/", posts.post_duplicate, name="post_duplicate"),
    path("media/<int:pk>/", posts_media.media_file, name="media"),
    path("pillars/", pillars.pillar_list, name="pillars"),
    path("pillars/<int:pk>/", pillars.pillar_edit, name="pillar_edit"),
    path("pillars/<int:pk>/delete/", pillars.pillar_delete, name="pillar_delete"),
]
