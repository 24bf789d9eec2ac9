"""The programme's tracked posts and the disclosure check, in the API."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema


class ComplianceFindingOut(Schema):
    code: str
    rule: str = Field(description="The rule quoted, with its source.")
    message: str = Field(description="What to change.")
    ready_message: str = Field(description="A message to send the member, in the post's language.")


class TrackedPostOut(Schema):
    id: int
    member_id: int
    member: str
    campaign_id: int | None
    network: str
    network_id: str
    url: str
    text: str
    published_at: dt.datetime | None
    source: str
    likes: int | None
    reposts: int | None
    replies: int | None
    quotes: int | None
    reach: int | None
    engagements: int | None
    compliance: str = Field(description="n/a (unpaid), compliant or non-compliant.")
    findings: list[ComplianceFindingOut]
    checked_at: dt.datetime | None


class TrackedPostIn(Schema):
    url: str = Field(description="A Bluesky or Mastodon post's address.")
    member_id: int | None = None
    campaign_id: int | None = None


class CheckIn(Schema):
    text: str = Field(max_length=100_000)
    network: str
    compensation: Literal["paid", "gift", "none"] = "paid"
    lang: Literal["fr", "en", ""] = ""
    image_retouched: bool = False
    image_virtual: bool = False


class CheckOut(Schema):
    compliance: str
    language: str
    findings: list[ComplianceFindingOut]
