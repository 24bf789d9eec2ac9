"""Listening's writes move the workspace's data version (:mod:`mostra.core.figures_cache`).

The figures cache watches the apps below listening only. The bulk writes of listening
(a poll's or an import's mentions stored, matched and folded: polling and imports call
:func:`~mostra.core.figures_cache.changed` after them) send no signal; the rest is
watched here: a mention saved (its state, its response time,
its sentiment), a query saved or removed (which mentions are the brand's or a
competitor's), a source removed (its mentions with it). A mention's deletion is not
watched: a receiver would make every cascade load the rows it deletes; a source's
deletion, which removes them, is.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from mostra.core import figures_cache


def _moved(sender: type, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    workspace_id = getattr(instance, "workspace_id", None)
    if workspace_id is not None:
        figures_cache.changed([workspace_id])


def connect() -> None:
    """Connect the receivers (once: the dispatch ids make it idempotent)."""
    from mostra.listening.models import ListeningQuery, Mention, Source

    post_save.connect(_moved, Mention, dispatch_uid="listening-kpis-mention")
    post_save.connect(_moved, ListeningQuery, dispatch_uid="listening-kpis-query-saved")
    post_delete.connect(_moved, ListeningQuery, dispatch_uid="listening-kpis-query-deleted")
    post_delete.connect(_moved, Source, dispatch_uid="listening-kpis-source-deleted")
