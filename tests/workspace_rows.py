"""Counting every row of a workspace, in every app: for the tests of deleting it and of
an archived workspace refusing every change."""

from __future__ import annotations

from collections import deque

from django.apps import apps
from django.db import models

from mostra.core.models import Workspace


def path_to_workspace(model: type[models.Model], depth: int = 4) -> str | None:
    """The shortest lookup from ``model`` to its workspace through foreign keys
    (``publication__account__workspace``); None for a model no workspace owns."""
    queue: deque[tuple[type[models.Model], str, int]] = deque([(model, "", 0)])
    while queue:
        current, path, level = queue.popleft()
        for field in current._meta.get_fields():
            if not (field.many_to_one or field.one_to_one) or not field.concrete:
                continue
            lookup = f"{path}__{field.name}" if path else field.name
            if field.related_model is Workspace:
                return lookup
            if level < depth and field.related_model is not current:
                queue.append((field.related_model, lookup, level + 1))
    return None


def rows_of(workspace_id: int) -> dict[str, int]:
    """Every row of the workspace, counted per model across all apps (its own row too)."""
    counts = {"core.Workspace": Workspace.objects.filter(pk=workspace_id).count()}
    for model in apps.get_models():
        path = path_to_workspace(model) if model is not Workspace else None
        if path is not None:
            counts[model._meta.label] = model.objects.filter(**{path: workspace_id}).count()
    return counts
