"""Publications and accounts published by hand in the API."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema


class ByHandAccountIn(Schema):
    #: One of the strategy's networks (its platforms): instagram, linkedin, tiktok…
    network: str = Field(max_length=20)
    handle: str = Field(max_length=200)
    #: The e-mail address of the member who publishes (an editor, a manager or an owner).
    responsible: str = Field(max_length=254)


class AccountOut(Schema):
    id: int
    network: str
    handle: str
    by_hand: bool
    responsible: str | None


class PublicationOut(Schema):
    id: int
    network: str
    account: str
    by_hand: bool
    #: pending, publishing, published, failed, unknown, cancelled, manual_due, skipped.
    state: str
    state_label: str
    due_at: datetime
    published_at: datetime | None
    url: str | None
    #: Why it was skipped, or what went wrong.
    reason: str | None


class PostPublicationsOut(Schema):
    post: int
    status: str
    publications: list[PublicationOut]


class PublishedIn(Schema):
    #: The post's address on the network, as the network shows it.
    url: str = Field(max_length=500)
    #: When it was published, with its offset; now when left out.
    published_at: datetime | None = None


class SkipIn(Schema):
    reason: str = Field(max_length=500)
