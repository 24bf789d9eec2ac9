from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from mostra.api.schemas.common import Id
from mostra.notifications import texts
from mostra.notifications.models import Kind, Notification

MAX_LIMIT = 200


class NotificationFilters(Schema):
    #: Only the notifications not read yet.
    unread: bool = False
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


class NotificationOut(Schema):
    id: int
    kind: Kind
    #: The post it is about, when there is one.
    post: int | None
    #: The sentence, in the caller's language.
    text: str
    #: What someone wrote with it: the reviewer's note, the comment, the network's words.
    quote: str
    #: Where to handle it in the app (absolute).
    link: str
    #: The published post on its network, when there is one.
    network_url: str
    created_at: datetime
    read: bool


class NotificationPage(Schema):
    count: int
    unread: int
    limit: int
    offset: int
    items: list[NotificationOut]


class MarkReadIn(Schema):
    #: The notifications to mark read (the caller's own, in this workspace).
    ids: list[Id] = Field(..., max_length=MAX_LIMIT)


class MarkedOut(Schema):
    #: How many were unread and are read now.
    marked: int
    #: How many remain unread.
    unread: int


def notification_out(n: Notification) -> dict[str, Any]:
    return {
        "id": n.pk,
        "kind": n.kind,
        "post": n.post_id,
        "text": texts.text(n),
        "quote": texts.quote(n),
        "link": texts.absolute(texts.path(n)),
        "network_url": texts.link(n),
        "created_at": n.created_at,
        "read": n.read_at is not None,
    }
