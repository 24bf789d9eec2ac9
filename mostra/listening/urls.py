"""The listening's pages, under ``/w/<slug>/listening/``."""

from django.urls import URLPattern, path

from mostra.listening.views import incidents, mentions, sources
from mostra.listening.views import queries as query_views

app_name = "listening"

urlpatterns: list[URLPattern] = [
    path("sources/", sources.sources, name="sources"),
    path("sources/add/", sources.source_add, name="source_add"),
    path("sources/<int:pk>/enable/", sources.source_enable, name="source_enable"),
    path("sources/<int:pk>/edit/", sources.source_edit, name="source_edit"),
    path("sources/<int:pk>/poll/", sources.source_poll, name="source_poll"),
    path("sources/<int:pk>/delete/", sources.source_delete, name="source_delete"),
    path("sources/opml/import/", sources.opml_import, name="opml_import"),
    path("sources/opml/export/", sources.opml_export, name="opml_export"),
    path("queries/", query_views.queries, name="queries"),
    path("queries/add/", query_views.query_add, name="query_add"),
    path("queries/<int:pk>/edit/", query_views.query_edit, name="query_edit"),
    path("queries/<int:pk>/delete/", query_views.query_delete, name="query_delete"),
    path("mentions/", mentions.mentions, name="mentions"),
    path("mentions/bulk/", mentions.mention_bulk, name="mention_bulk"),
    path("mentions/<int:pk>/notes/", mentions.mention_note, name="mention_note"),
    path("mentions/<int:pk>/reply/", mentions.mention_reply, name="mention_reply"),
    path("mentions/filters/", mentions.filter_save, name="inbox_filter_save"),
    path("mentions/filters/delete/", mentions.filter_delete, name="inbox_filter_delete"),
    path("mentions/target/", mentions.response_target, name="inbox_target"),
    path("incidents/", incidents.incidents, name="incidents"),
    path("incidents/<int:pk>/", incidents.incident, name="incident"),
    path(
        "incidents/<int:pk>/acknowledge/",
        incidents.incident_acknowledge,
        name="incident_acknowledge",
    ),
    path("incidents/<int:pk>/note/", incidents.incident_note, name="incident_note"),
    path("incidents/<int:pk>/close/", incidents.incident_close, name="incident_close"),
    path("publishing/pause/", incidents.publishing_paused, name="publishing_pause"),
    path("publishing/resume/", incidents.publishing_resumed, name="publishing_resume"),
]
