"""Listening in the API: the sources and their health."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from mostra.api.schemas.common import PatchSchema


class ListeningSourceOut(Schema):
    id: int
    kind: str
    name: str
    url: str
    #: What the user typed for the kind (search words, a subreddit, a channel id…).
    parameters: dict[str, str]
    enabled: bool
    interval_minutes: int
    last_fetch_at: dt.datetime | None
    last_success_at: dt.datetime | None
    #: The last failure's code ("" after a success) and its words in the caller's language.
    last_error: str
    last_error_text: str
    consecutive_failures: int
    next_poll_at: dt.datetime | None
    items_stored: int


class ListeningSourceIn(Schema):
    """A source to add: its kind and the values the kind asks for (``url`` for a feed or
    a Google Alerts feed, ``words`` and ``language`` for Google News, ``subreddit``,
    ``channel_id`` for YouTube)."""

    kind: str = Field(max_length=32, examples=["feed"])
    values: dict[str, str] = Field(examples=[{"url": "https://www.example.org/feed.xml"}])
    name: str = Field("", max_length=200)
    interval_minutes: int | None = Field(None, ge=1, le=24 * 60)


class ListeningSourcePatch(PatchSchema):
    """A source's new name or interval; leave a field out to keep it."""

    name: str | None = Field(None, max_length=200)
    interval_minutes: int | None = Field(None, ge=1, le=24 * 60)


class PollOut(Schema):
    """One reading: the items new to the workspace, whether nothing had changed (304),
    and the failure's code and words when it failed."""

    stored: int
    not_modified: bool
    error: str
    error_text: str


class QueryProblem(Schema):
    """Where a query stops reading or what a warning says: line and column are 1-based."""

    code: str
    line: int
    column: int
    message: str


class ListeningQueryOut(Schema):
    id: int
    name: str
    #: ``brand``, ``competitor``, ``topic`` or ``campaign``.
    group: str
    text: str
    #: How many mentions it matched (all time).
    mentions: int
    created_at: dt.datetime
    updated_at: dt.datetime


class ListeningQuerySaved(ListeningQueryOut):
    """A query saved: its warnings (they do not stop it) and how many mentions of the
    last 30 days it matched just now."""

    warnings: list[QueryProblem]
    matched_recent: int


class ListeningQueryIn(Schema):
    name: str = Field(max_length=120, examples=["Atelier vélo"])
    group: str = Field("brand", max_length=20, examples=["brand"])
    text: str = Field(max_length=4000, examples=['"atelier vélo" NEAR/3 lyon'])


class ListeningQueryPatch(PatchSchema):
    """A query's new name, group or text; leave a field out to keep it."""

    name: str | None = Field(None, max_length=120)
    group: str | None = Field(None, max_length=20)
    text: str | None = Field(None, max_length=4000)
