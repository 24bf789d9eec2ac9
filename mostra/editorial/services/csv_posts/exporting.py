"""Write posts as a calendar CSV file that the import reads back.

The file is UTF-8 with a byte order mark, so that Excel reads the accents and emoji
right when the file is double-clicked (LibreOffice, Google Sheets and Python ignore the
mark). The delimiter is the reader's language's (:func:`mostra.core.csv_export.style_for`):
``;`` for French readers, whose Excel expects it, and ``,`` otherwise; the import accepts
both. The file is written by the one CSV writer of the exports
(:mod:`mostra.core.csv_export`): every cell that a spreadsheet would take for a formula
starts with an apostrophe (``'=…``), which the import takes off again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.db.models import F

from mostra.core.csv_export import COMMA, CsvStyle, write_csv_in
from mostra.core.models import Workspace
from mostra.editorial.models import Post, PostStatus
from mostra.editorial.services.calendar_filters import CalendarFilters
from mostra.editorial.services.csv_posts.columns import COLUMNS
from mostra.editorial.services.ics import posts_query

HEADER = [c.name for c in COLUMNS]


def time_of(local: dt.datetime) -> str:
    """``09:30``; with the UTC offset (``02:30+02:00``) when the clocks go back and the
    local time alone would name two moments."""
    other = local.replace(fold=1 - local.fold)
    if other.utcoffset() == local.utcoffset():
        return local.strftime("%H:%M")
    return local.strftime("%H:%M") + local.strftime("%z")[:3] + ":" + local.strftime("%z")[3:]


def rows_of(workspace: Workspace, posts: Iterable[Post]) -> Iterable[list[str]]:
    """One row per variant; ``posts`` come with their tactic, pillar and variants loaded."""
    zone = ZoneInfo(workspace.timezone)
    for post in posts:
        local = post.scheduled_at.astimezone(zone) if post.scheduled_at else None
        shared = {
            "post": str(post.pk),
            "date": local.strftime("%Y-%m-%d") if local else "",
            "time": time_of(local) if local else "",
            "tactic": post.tactic.key if post.tactic else "",
            "pillar": post.pillar.name if post.pillar else "",
            "title": post.title,
            "sensitive": "yes" if post.sensitive else "no",
            "sponsored": "yes" if post.sponsored else "no",
            "status": post.status,
        }
        for variant in post.variants.all():
            cells = {
                **shared,
                "network": variant.network,
                "text": variant.text,
                "link": variant.link,
                "first_comment": variant.first_comment,
            }
            yield [cells[name] for name in HEADER]


def export_csv(workspace: Workspace, posts: Iterable[Post], *, style: CsvStyle = COMMA) -> bytes:
    """The CSV file's bytes in ``style`` (UTF-8 with BOM, CRLF line ends)."""
    return write_csv_in(style, HEADER, rows_of(workspace, posts))


def posts_to_export(workspace: Workspace, filters: CalendarFilters | None = None) -> list[Post]:
    """The workspace's posts, not cancelled, dated ones first (three queries)."""
    posts = posts_query(workspace).exclude(status=PostStatus.CANCELLED)
    posts = (filters or CalendarFilters()).apply(posts)
    return list(posts.order_by(F("scheduled_at").asc(nulls_last=True), "id"))
