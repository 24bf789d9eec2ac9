"""Figures computed once per version of a workspace's data.

The year-long pages (the dashboard, the comparison of accounts, the strategy page's
history) compute their figures from the daily sums, the follower counts, the
objectives and the posts: tens of milliseconds a view, the same for every member who
opens the page until something changes. :class:`Figures` keeps what a page computed in
Django's cache (by default in each server process's memory), under a key made of:

- the page's name and what it was asked (the period, the accounts, the indicators);
- the language and the time zone it was computed in;
- the workspace's **data version** and the instance's (:class:`DataVersion`), read in
  one query per page.

A change moves the version: :func:`changed`, called after the change's transaction has
committed, writes a larger number (an upsert, one statement for all the workspaces of
the transaction). A page that read the version before the commit may store figures of
the old data under the old number; the next view reads the new number and computes
again: no view ever reads figures older than the version it read.

What moves the version:

- every save and deletion of the workspace's rows, through Django's ``post_save``,
  ``post_delete`` and ``m2m_changed`` signals (:func:`watch`), for the models of the
  domain apps that reach a workspace; a row whose workspace is not known without a
  query (a relation not loaded) moves every workspace's version instead;
- the bulk writes, which send no signal, call :func:`changed` themselves: the daily
  sums' refresh (every write of measured posts goes through it), imports of follower
  counts and measurements, a chunk of publication outcomes.

The high-volume models (measured posts, daily sums, metric snapshots,
attempts, audit events) are not watched: a receiver on a model makes Django load every
row of it that a cascade deletes instead of one DELETE; their writers call
:func:`changed`. Entries also expire after ``FIGURES_CACHE_SECONDS`` (10 minutes), the
net under a write that would escape both. ``FIGURES_CACHE_SECONDS = 0`` turns the cache
off (the test settings do, except in the tests of the cache).
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation

log = logging.getLogger(__name__)

T = TypeVar("T")

#: The version every workspace's key carries besides its own.
EVERY = 0
#: The apps whose rows the figures are computed from.
APPS = ("core", "strategy", "charter", "editorial", "publishing", "analytics", "reports")
#: Models not watched: written often and in bulk by code that calls :func:`changed`, or
#: not read by any figure.
NOT_WATCHED = {
    "analytics.AccountPost",
    "analytics.AccountDay",
    "publishing.MetricSnapshot",
    "publishing.FollowerSnapshot",
    "publishing.PublicationAttempt",
    "publishing.WebhookDelivery",
    "core.AuditEvent",
    "core.DataVersion",
}
_MISSING = object()
#: The attribute of a connection holding the workspaces changed in its transaction.
_PENDING = "_mostra_changed_workspaces"


def enabled() -> bool:
    return seconds() > 0


def seconds() -> int:
    return int(getattr(settings, "FIGURES_CACHE_SECONDS", 0))


# Versions ----------------------------------------------------------------------------


def _stamp_rows(ids: Iterable[int], using: str) -> None:
    """Write a larger stamp for each workspace (an upsert; one statement)."""
    ids = sorted(set(ids))
    if not ids:
        return
    stamp = time.time_ns()
    values = ", ".join(["(%s, %s)"] * len(ids))
    params: list[int] = []
    for workspace_id in ids:
        params += [workspace_id, stamp]
    sql = (
        f"INSERT INTO core_dataversion (workspace_id, stamp) VALUES {values} "
        "ON CONFLICT (workspace_id) DO UPDATE SET stamp = CASE "
        "WHEN excluded.stamp > core_dataversion.stamp THEN excluded.stamp "
        "ELSE core_dataversion.stamp + 1 END"
    )
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)


def changed(
    workspace_ids: Iterable[int] | None = None,
    *,
    resolve: Callable[[], Iterable[int]] | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> None:
    """The data of these workspaces changed (``None``: of any workspace), or of the ones
    ``resolve`` will name after the commit (one query, say). The versions move once the
    transaction has committed (at once outside a transaction); within one transaction
    every call is gathered into one statement. Does nothing while the cache is off."""
    if not enabled():
        return
    connection = connections[using]
    pending: dict[str, Any] | None = getattr(connection, _PENDING, None)
    if pending is None or not _registered(connection, pending):
        pending = {"ids": set(), "resolvers": []}
        setattr(connection, _PENDING, pending)
        if connection.in_atomic_block:
            transaction.on_commit(lambda: _flush(using), using=using, robust=True)
            pending["callback"] = connection.run_on_commit[-1][1]
    if workspace_ids is None and resolve is None:
        pending["ids"].add(EVERY)
    if workspace_ids is not None:
        pending["ids"].update(workspace_ids)
    if resolve is not None:
        pending["resolvers"].append(resolve)
    if not connection.in_atomic_block:
        _flush(using)


def _registered(connection: Any, pending: dict[str, Any]) -> bool:
    """Whether the pending set's flush is still to run with this transaction (a rolled
    back transaction drops its callbacks, and the set with them)."""
    callback = pending.get("callback")
    return callback is not None and any(entry[1] is callback for entry in connection.run_on_commit)


def _flush(using: str) -> None:
    connection = connections[using]
    pending: dict[str, Any] | None = getattr(connection, _PENDING, None)
    setattr(connection, _PENDING, None)
    if not pending:
        return
    ids: set[int] = set(pending["ids"])
    for resolve in pending["resolvers"]:
        ids.update(resolve())
    _stamp_rows(ids, using)


def versions(workspace_id: int, using: str = DEFAULT_DB_ALIAS) -> tuple[int, int]:
    """The instance's and the workspace's data versions (0 before any change): one query."""
    from mostra.core.models import DataVersion

    rows = dict(
        DataVersion.objects.using(using)
        .filter(workspace_id__in=[EVERY, workspace_id])
        .values_list("workspace_id", "stamp")
    )
    return rows.get(EVERY, 0), rows.get(workspace_id, 0)


# The cache ---------------------------------------------------------------------------


class Figures:
    """A workspace's cached figures, for one request: the versions are read once, on
    the first :meth:`get`."""

    def __init__(self, workspace_id: int) -> None:
        self.workspace_id = workspace_id
        self._versions: tuple[int, int] | None = None

    def key(self, name: str, parts: Any) -> str:
        if self._versions is None:
            self._versions = versions(self.workspace_id)
        every, own = self._versions
        asked = repr((parts, translation.get_language(), timezone.get_current_timezone_name()))
        digest = hashlib.blake2b(asked.encode(), digest_size=16).hexdigest()
        return f"mostra:figures:{name}:{self.workspace_id}:{every}:{own}:{digest}"

    def get(self, name: str, parts: Any, compute: Callable[[], T]) -> T:
        """What ``compute`` returns for ``parts`` (a value with a faithful ``repr``: the
        period, ids, codes), from the cache when this version of the data already
        computed it."""
        if not enabled():
            return compute()
        key = self.key(name, parts)
        found = cache.get(key, _MISSING)
        if found is not _MISSING:
            return found  # type: ignore[no-any-return]
        value = compute()
        try:
            cache.set(key, value, seconds())
        except (pickle.PicklingError, TypeError, AttributeError) as error:
            log.warning("figures %s not cached: %s", name, error)
        return value


# What moves the versions --------------------------------------------------------------

#: model → the attribute names leading from a row to its workspace id, or None.
_PATHS: dict[type[models.Model], list[str] | None] = {}


def _path(model: type[models.Model], depth: int = 0) -> list[str] | None:
    """The foreign keys from ``model`` to the workspace (["account", "workspace_id"]),
    the shortest, at most three steps."""
    from mostra.core.models import Workspace

    if model is Workspace:
        return ["pk"]
    fields = [f for f in model._meta.concrete_fields if f.many_to_one and f.related_model]
    for field in fields:
        if field.related_model is Workspace:
            return [field.attname]
    if depth >= 2:
        return None
    for field in fields:
        related = field.related_model
        if related is model or related._meta.app_label not in APPS:  # type: ignore[union-attr]
            continue
        rest = _path(related, depth + 1)  # type: ignore[arg-type]
        if rest is not None:
            return [field.name, *rest]
    return None


def workspace_of(instance: models.Model) -> int | None:
    """The row's workspace id when known without a query; ``None`` when it is not."""
    model = type(instance)
    if model not in _PATHS:
        _PATHS[model] = _path(model)
    path = _PATHS[model]
    if path is None:
        return None
    current: Any = instance
    for step in path[:-1]:
        field = current._meta.get_field(step)
        if not field.is_cached(current):
            return None
        current = getattr(current, step)
        if current is None:
            return None
    value = getattr(current, path[-1])
    return int(value) if value is not None else None


def watched(model: type[models.Model]) -> bool:
    label = model._meta.label
    if model._meta.app_label not in APPS or label in NOT_WATCHED:
        return False
    if model not in _PATHS:
        _PATHS[model] = _path(model)
    return _PATHS[model] is not None


def _on_write(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not enabled() or kwargs.get("raw"):
        return
    workspace_id = workspace_of(instance)
    using = kwargs.get("using") or DEFAULT_DB_ALIAS
    changed(None if workspace_id is None else [workspace_id], using=using)


def _on_m2m(sender: Any, instance: models.Model, action: str, **kwargs: Any) -> None:
    if action.startswith("post_") and watched(type(instance)):
        _on_write(type(instance), instance, using=kwargs.get("using"))


def watch() -> None:
    """Connect the receivers to every watched model (called once, when apps are ready)."""
    from django.apps import apps

    for model in apps.get_models():
        if watched(model):
            uid = f"figures-{model._meta.label}"
            post_save.connect(_on_write, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(_on_write, sender=model, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="figures-m2m")
