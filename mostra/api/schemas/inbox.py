"""The listening inbox in the API: mentions filtered as on the page, and triage."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from mostra.api.schemas.common import Id, PatchSchema

MAX_LIMIT = 200


class MentionFilters(Schema):
    """The inbox page's filters (docs/listening.md, "Inbox"), and a page of results."""

    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)
    #: new, to_handle, handled or ignored.
    state: str = ""
    #: A listening query's id.
    query: str = ""
    #: A source's id, or ``import``.
    source: str = ""
    network: str = ""
    #: positive, neutral or negative.
    sentiment: str = ""
    #: me, anyone, nobody or a user id.
    assigned: str = ""
    tag: str = ""
    #: Words in the text, title or author.
    q: str = ""
    #: A date, YYYY-MM-DD.
    since: str = ""
    #: Near-duplicates too (folded under their first mention otherwise).
    duplicates: bool = False


class MentionNoteOut(Schema):
    author: str | None
    created_at: dt.datetime
    text: str


class MentionOut(Schema):
    id: int
    published_at: dt.datetime | None
    fetched_at: dt.datetime
    source: str | None
    network: str
    #: post, reply, quote, repost, mention…
    kind: str
    author: str
    author_followers: int | None
    title: str
    text: str
    url: str
    lang: str
    sentiment: float | None
    sentiment_label: str | None
    #: The names of the listening queries it matched.
    queries: list[str]
    state: str
    assignee: str | None
    tags: list[str]
    notes: list[MentionNoteOut]
    duplicate_of: int | None
    #: How many near-duplicates are folded under it.
    duplicates: int
    #: Still open past the workspace's response-time target.
    overdue: bool
    responded_at: dt.datetime | None


class MentionPage(Schema):
    count: int
    limit: int
    offset: int
    #: The workspace's response-time target and its median response time (hours).
    response_target_hours: int
    median_response_hours: float | None
    items: list[MentionOut]


class MentionPatch(PatchSchema):
    """Triage one mention; leave a field out to keep it. ``assignee``: a member's user
    id, 0 for nobody. ``tags``: the mention's tags, exactly."""

    state: str | None = Field(None, max_length=12)
    assignee: int | None = Field(None, ge=0, le=2**63 - 1)
    tags: list[str] | None = Field(None, max_length=50)


__all__ = ["Id", "MentionFilters", "MentionOut", "MentionPage", "MentionPatch"]


class ReplyIn(Schema):
    """A reply from mostra to a mention (Bluesky and Mastodon items)."""

    text: str = Field(..., max_length=5000)
    #: The handle of the connected account to reply with (may be omitted when the
    #: workspace has one account on the item's network).
    account: str = ""


class ReplyOut(Schema):
    id: int
    mention_id: int
    #: The reply's post (its approval, its publication).
    post_id: int
    text: str
    account: str
    #: waiting_approval, changes_requested, approved, sending, sent, failed, cancelled.
    state: str
    state_label: str
    link: str
    error: str
