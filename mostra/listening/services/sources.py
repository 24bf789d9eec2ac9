"""Adding, switching and removing sources: what the Sources page, the API and ``mostra
listen source`` call, with the same rights (owners and managers) and audit entries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership
from mostra.core.permissions import Perm, has_perm
from mostra.listening import kinds
from mostra.listening.models import Source
from mostra.listening.models.source import DEFAULT_INTERVAL, MIN_INTERVAL

#: The most sources a workspace may have: each is read every few minutes.
MAX_SOURCES = 500
#: The longest interval a user may choose (minutes): a day.
MAX_INTERVAL = 24 * 60
#: The longest address a source may have (its column's).
URL_LENGTH = 2000


class SourceNotFound(DomainError):
    """No source of the workspace has this id (pages and API answer 404)."""


def ensure_may_manage(actor: Membership) -> None:
    if not has_perm(actor, Perm.EDIT_STRATEGY):
        raise DomainError(_("Only owners and managers can change the listening's sources."))


def build(kind_code: str, values: dict[str, Any]) -> tuple[kinds.SourceKind, kinds.Built]:
    """The kind and what it makes of the values; DomainError saying what to fix."""
    kind = kinds.get(kind_code)
    if kind is None:
        raise DomainError(
            _("Unknown kind of source %(kind)s: choose one of %(kinds)s.")
            % {"kind": repr(kind_code), "kinds": ", ".join(kinds.KINDS)},
            field="kind",
        )
    clean = {f.name: str(values.get(f.name) or "").strip() for f in kind.fields}
    for f in kind.fields:
        if f.required and not clean[f.name]:
            raise DomainError(
                _("%(field)s is required for this kind of source.") % {"field": f.label},
                field=f.name,
            )
    return kind, kind.build(clean)


def _interval(kind: kinds.SourceKind, minutes: int | None) -> int:
    if minutes is None:
        return max(DEFAULT_INTERVAL, kind.min_interval)
    low = max(MIN_INTERVAL, kind.min_interval)
    if not low <= minutes <= MAX_INTERVAL:
        raise DomainError(
            _("Read it every %(low)s to %(high)s minutes.") % {"low": low, "high": MAX_INTERVAL},
            field="interval_minutes",
        )
    return minutes


def unsaved_source(
    actor: Membership,
    kind_code: str,
    values: dict[str, Any],
    *,
    name: str = "",
    interval_minutes: int | None = None,
) -> Source:
    """The source these values describe, checked but not saved (OPML import checks all
    before saving any)."""
    kind, built = build(kind_code, values)
    if len(built.url) > URL_LENGTH:
        raise DomainError(
            _("This address is longer than %(max)s characters: give the feed's own address.")
            % {"max": URL_LENGTH},
            field=kind.fields[0].name if kind.fields else None,
        )
    name = " ".join(name.split()) or built.name
    if len(name) > 200:
        raise DomainError(_("Keep the name to 200 characters at most."), field="name")
    return Source(
        workspace=actor.workspace,
        kind=kind.code,
        name=name,
        url=built.url,
        parameters=built.parameters,
        interval_minutes=_interval(kind, interval_minutes),
        created_by=actor.user,
    )


def check_new(actor: Membership, sources: list[Source]) -> None:
    """Refuse duplicates (an address the workspace already reads) and too many sources."""
    existing = set(Source.objects.filter(workspace=actor.workspace).values_list("kind", "url"))
    if len(existing) + len(sources) > MAX_SOURCES:
        raise DomainError(
            _("A workspace can have %(max)s sources at most: remove some first.")
            % {"max": MAX_SOURCES}
        )
    for source in sources:
        if (source.kind, source.url) in existing:
            raise DomainError(
                _("This workspace already reads %(url)s.") % {"url": source.url}, field="url"
            )
        existing.add((source.kind, source.url))


@transaction.atomic
def add_source(
    actor: Membership,
    kind_code: str,
    values: dict[str, Any],
    *,
    name: str = "",
    interval_minutes: int | None = None,
    ip_address: str | None = None,
) -> Source:
    """Add a source (read at the poller's next round); audited."""
    ensure_may_manage(actor)
    source = unsaved_source(actor, kind_code, values, name=name, interval_minutes=interval_minutes)
    check_new(actor, [source])
    source.save()
    audit.record(
        AuditAction.CREATE,
        actor=actor.user,
        workspace=actor.workspace,
        obj=source,
        changes={"kind": [None, source.kind], "url": [None, source.url]},
        ip_address=ip_address,
    )
    return source


def get_source(actor: Membership, source_id: int, *, for_update: bool = False) -> Source:
    rows = Source.objects.filter(workspace=actor.workspace, pk=source_id)
    if for_update:
        rows = rows.select_for_update()
    source = rows.first()
    if source is None:
        raise SourceNotFound(_("No source of this workspace has this id."))
    return source


@transaction.atomic
def set_enabled(
    actor: Membership, source_id: int, enabled: bool, *, ip_address: str | None = None
) -> Source:
    """Switch a source on (read at once) or off (kept, not read); audited."""
    ensure_may_manage(actor)
    source = get_source(actor, source_id, for_update=True)
    if source.enabled == enabled:
        return source
    source.enabled = enabled
    fields = ["enabled", "updated_at"]
    if enabled:
        source.next_poll_at = None
        source.consecutive_failures = 0
        fields += ["next_poll_at", "consecutive_failures"]
    source.save(update_fields=fields)
    audit.record(
        AuditAction.UPDATE,
        actor=actor.user,
        workspace=actor.workspace,
        obj=source,
        changes={"enabled": [not enabled, enabled]},
        ip_address=ip_address,
    )
    return source


@transaction.atomic
def update_source(
    actor: Membership,
    source_id: int,
    *,
    name: str | None = None,
    interval_minutes: int | None = None,
    ip_address: str | None = None,
) -> Source:
    """Rename a source or change how often it is read (its mentions stay); audited.

    A new interval takes effect from the last reading: a source read 10 minutes ago and
    now read every 5 minutes is read at the next round."""
    ensure_may_manage(actor)
    source = get_source(actor, source_id, for_update=True)
    kind = kinds.get(source.kind)
    before = {"name": source.name, "interval_minutes": source.interval_minutes}
    if name is not None:
        name = " ".join(name.split())
        if not name:
            raise DomainError(_("Give the source a name."), field="name")
        if len(name) > 200:
            raise DomainError(_("Keep the name to 200 characters at most."), field="name")
        source.name = name
    if interval_minutes is not None:
        low = max(MIN_INTERVAL, kind.min_interval if kind else MIN_INTERVAL)
        if not low <= interval_minutes <= MAX_INTERVAL:
            raise DomainError(
                _("Read it every %(low)s to %(high)s minutes.")
                % {"low": low, "high": MAX_INTERVAL},
                field="interval_minutes",
            )
        source.interval_minutes = interval_minutes
        if source.enabled and source.last_fetch_at and not source.consecutive_failures:
            source.next_poll_at = source.last_fetch_at + dt.timedelta(minutes=interval_minutes)
    changes = audit.diff(before, {"name": source.name, "interval_minutes": source.interval_minutes})
    if not changes:
        return source
    source.save(update_fields=["name", "interval_minutes", "next_poll_at", "updated_at"])
    audit.record(
        AuditAction.UPDATE,
        actor=actor.user,
        workspace=actor.workspace,
        obj=source,
        changes=changes,
        ip_address=ip_address,
    )
    return source


@transaction.atomic
def delete_source(actor: Membership, source_id: int, *, ip_address: str | None = None) -> str:
    """Remove a source and the mentions it found (disable it to keep them). Returns its
    name, for the message."""
    ensure_may_manage(actor)
    source = get_source(actor, source_id, for_update=True)
    name = source.name
    audit.record(
        AuditAction.DELETE,
        actor=actor.user,
        workspace=actor.workspace,
        obj=source,
        changes={"url": [source.url, None], "mentions": [source.mentions.count(), 0]},
        ip_address=ip_address,
    )
    source.delete()
    return name
