from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema


class IncidentEventOut(Schema):
    at: str | None
    action: str
    actor: str | None
    text: str
    note: str
    figures: dict[str, Any]


class IncidentOut(Schema):
    id: int
    level: str
    rank: int
    trigger: str
    trigger_text: str
    figures: dict[str, Any]
    opened_at: str | None
    acknowledged_at: str | None
    closed_at: str | None
    timeline: list[IncidentEventOut] | None = None


class NoteIn(Schema):
    note: str


class CloseIn(Schema):
    #: Resume the workspace's scheduled publishing too.
    resume: bool = False


class PublishingPauseOut(Schema):
    paused: bool
    paused_at: dt.datetime | None
