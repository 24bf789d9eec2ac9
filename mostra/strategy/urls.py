"""The strategy pages, under /w/<slug>/strategy/ (see mostra/urls.py)."""

from django.urls import path

from mostra.strategy.views import affinity, board, edit, export, readiness, summary

app_name = "strategy"

urlpatterns = [
    path("", board.overview, name="overview"),
    path("affinity/", affinity.affinity_page, name="affinity"),
    path("summary/", summary.summary_page, name="summary"),
    path("summary.pdf", summary.summary_pdf, name="summary_pdf"),
    path("export.yaml", export.download_yaml, name="export_yaml"),
    path("mission/", edit.profile_card, name="profile_card"),
    path("mission/edit/", edit.edit_profile, name="edit_profile"),
    path("targets/<slug:key>/move/", edit.move_target, name="move_target"),
    path("readiness/<slug:network>/", readiness.readiness_page, name="readiness"),
    path("readiness/<slug:network>/override/", readiness.override, name="readiness_override"),
    path("readiness/<slug:network>/revoke/", readiness.revoke, name="readiness_revoke"),
    path("<slug:kind>/new/", edit.new, name="new"),
    path("<slug:kind>/<slug:key>/", edit.card, name="card"),
    path("<slug:kind>/<slug:key>/edit/", edit.edit, name="edit"),
    path("<slug:kind>/<slug:key>/delete/", edit.delete, name="delete"),
]
