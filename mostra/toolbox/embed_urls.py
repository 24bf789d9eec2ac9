"""The public latest-posts embed, under ``/embed/<token>/``: the token is the key."""

from django.urls import URLPattern, path

from mostra.toolbox.views import kit

app_name = "embed"

urlpatterns: list[URLPattern] = [
    path("<str:token>/latest.html", kit.embed_html, name="latest_html"),
    path("<str:token>/latest.json", kit.embed_json, name="latest_json"),
]
