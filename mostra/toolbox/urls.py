"""The toolbox's pages, under ``/w/<slug>/toolbox/``."""

from django.urls import URLPattern, path

from mostra.toolbox.views import kit, tools

app_name = "toolbox"

urlpatterns: list[URLPattern] = [
    path("", tools.tools, name="tools"),
    path("add/", tools.tool_add, name="tool_add"),
    path("<int:pk>/edit/", tools.tool_edit, name="tool_edit"),
    path("<int:pk>/delete/", tools.tool_delete, name="tool_delete"),
    path("website-kit/", kit.website_kit, name="website_kit"),
    path("website-kit/rotate/", kit.embed_rotate, name="embed_rotate"),
]
