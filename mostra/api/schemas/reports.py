"""The report's commentary in the API: the community manager's words on a period.

A period is written as on the command line: a month (``2026-10``) or two days
(``2026-10-01..2026-12-31``). Each part is plain text (line breaks kept), at most
3,000 characters (a longer one answers 422 naming it); an empty string is a part left
empty.
"""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class CommentaryIn(Schema):
    """The three parts, all sent: a commentary is replaced as a whole. Every part
    empty removes it."""

    highlights: str = ""
    decisions: str = ""
    #: "Next month" for a month, "Next period" otherwise.
    next_steps: str = ""


class CommentaryAuthorOut(Schema):
    id: int
    name: str


class CommentaryOut(Schema):
    """The period's commentary; the parts are empty and ``written_by`` null when nobody
    wrote one yet."""

    period: str
    start: dt.date
    end: dt.date
    highlights: str
    decisions: str
    next_steps: str
    written_by: CommentaryAuthorOut | None
    updated_at: dt.datetime | None
