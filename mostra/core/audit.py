"""Writing the audit log: every change made through a service is recorded here."""

from __future__ import annotations

from typing import Any

from django.db import models

from mostra.core.models import AuditAction, AuditEvent, Workspace


def record(
    action: AuditAction | str,
    *,
    actor: Any = None,
    workspace: Workspace | None = None,
    obj: models.Model | None = None,
    label: str = "",
    changes: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    event = unsaved(
        action,
        actor=actor,
        workspace=workspace,
        obj=obj,
        label=label,
        changes=changes,
        ip_address=ip_address,
    )
    event.save(force_insert=True)
    return event


def unsaved(
    action: AuditAction | str,
    *,
    actor: Any = None,
    workspace: Workspace | None = None,
    obj: models.Model | None = None,
    label: str = "",
    changes: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """The event :func:`record` writes, not saved: for many written by one
    ``bulk_create``."""
    return AuditEvent(
        workspace=workspace,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=str(getattr(actor, "email", "") or ""),
        action=str(action),
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_label=(label or str(obj))[:254] if (obj is not None or label) else "",
        changes=changes or {},
        ip_address=ip_address,
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields that changed, as {field: [old, new]}."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
