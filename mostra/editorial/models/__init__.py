from mostra.editorial.models.event import CalendarEvent, EventKind
from mostra.editorial.models.feed import CalendarFeed
from mostra.editorial.models.pillar import ContentPillar
from mostra.editorial.models.post import (
    Approval,
    Decision,
    MediaKind,
    Post,
    PostComment,
    PostMedia,
    PostStatus,
    PostVariant,
    Revision,
)

__all__ = [
    "Approval",
    "CalendarEvent",
    "CalendarFeed",
    "ContentPillar",
    "Decision",
    "EventKind",
    "MediaKind",
    "Post",
    "PostComment",
    "PostMedia",
    "PostStatus",
    "PostVariant",
    "Revision",
]
