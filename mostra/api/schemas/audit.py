from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from mostra.api.schemas.common import Id
from mostra.core.models import AuditAction, AuditEvent

MAX_LIMIT = 200


class AuditFilters(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)
    action: AuditAction | None = None
    #: A user id.
    actor: Id | None = None


class AuditEventOut(Schema):
    id: int
    created_at: datetime
    actor_id: int | None
    actor: str
    action: str
    action_label: str
    object_type: str
    object_id: str
    object_label: str
    changes: dict[str, Any]
    ip_address: str | None


class AuditPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[AuditEventOut]


def event_out(event: AuditEvent) -> dict[str, Any]:
    return {
        "id": event.pk,
        "created_at": event.created_at,
        "actor_id": event.actor_id,
        "actor": event.actor_label,
        "action": event.action,
        "action_label": event.get_action_display(),
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_label": event.object_label,
        "changes": event.changes,
        "ip_address": event.ip_address,
    }
