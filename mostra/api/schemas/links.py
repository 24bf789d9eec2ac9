from __future__ import annotations

import datetime as dt

from ninja import Schema

from mostra.api.schemas.common import Id


class LinkOut(Schema):
    id: int
    code: str
    short_url: str
    #: The destination without its UTM tags.
    target: str
    #: Where the short link sends: the destination with its UTM tags.
    final_url: str
    label: str
    utm_source: str
    utm_medium: str
    utm_campaign: str
    utm_content: str
    network: str
    support: str
    post_id: int | None
    parent_id: int | None
    created_at: dt.datetime
    expires_at: dt.datetime | None
    disabled_at: dt.datetime | None
    live: bool


class LinkIn(Schema):
    target: str
    #: organic, paid, ambassador, offline or email; empty: offline when a support is
    #: given, else organic.
    medium: str = ""
    campaign: str = ""
    content: str = ""
    post_id: Id | None = None
    network: str = ""
    support: str = ""
    parent_id: Id | None = None
    expires_at: dt.datetime | None = None
    label: str = ""


class LinkPatch(Schema):
    """A new destination, new UTM tags (the code stays), a new end date (null: none).
    A field left out is unchanged; an empty source, campaign or content removes it."""

    target: str | None = None
    expires_at: dt.datetime | None = None
    clear_expiry: bool = False
    #: organic, paid, ambassador, offline or email.
    medium: str | None = None
    source: str | None = None
    campaign: str | None = None
    content: str | None = None


class TaggingOut(Schema):
    """What tagging a post's links did, and the charter's UTM findings left after it."""

    replaced: int
    created: int
    reused: int
    left: int
    links: list[LinkOut]


class LinkClicksOut(Schema):
    code: str
    clicks: int
    uniques: int
    by_day: list[int]


class DayClicksOut(Schema):
    day: dt.date
    clicks: int
    uniques: int


class GroupClicksOut(Schema):
    key: str
    clicks: int
    uniques: int


class ClickStatsOut(Schema):
    start: dt.date
    end: dt.date
    clicks: int
    uniques: int
    links: list[LinkClicksOut]
    days: list[DayClicksOut]
    by_medium: list[GroupClicksOut]
    by_support: list[GroupClicksOut]
    by_post: list[GroupClicksOut]
    by_campaign: list[GroupClicksOut]
