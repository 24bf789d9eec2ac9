"""The approval workflow's routes: take a transition, and the approval queue."""

from __future__ import annotations

from django.urls import URLPattern, path

from mostra.editorial.views import approvals, workflow

urlpatterns: list[URLPattern] = [
    path(
        "posts/<int:pk>/transitions/<slug:action>/",
        workflow.transition,
        name="transition",
    ),
    path("approvals/", approvals.approval_queue, name="approvals"),
]
