"""A post's review in the API: the team's comments and the approvers' decisions."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from mostra.editorial.services.posts import COMMENT_MAX


class CommentIn(Schema):
    #: Mention members with ``@`` and their name or the start of their e-mail address
    #: (``@bob`` for bob@example.org): they are notified.
    body: str = Field(min_length=1, max_length=COMMENT_MAX)


class CommentOut(Schema):
    id: int
    #: The author's name (null once they left the install).
    author: str | None
    body: str
    #: The user ids of the members the comment mentions (its author aside).
    mentioned: list[int]
    created_at: datetime


class DecisionOut(Schema):
    #: ``approved`` or ``changes_requested`` (sent back).
    decision: str
    approver: str | None
    #: The post's version the decision was given to.
    version: int
    #: Whether it is about the post's current version (earlier ones no longer count).
    current: bool
    note: str
    created_at: datetime
