"""Posts in the API: what a client sends and gets back."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import field_validator

from mostra.api.schemas.common import PatchSchema
from mostra.core.http import web_address
from mostra.editorial.models import Post, PostStatus

MAX_LIMIT = 200
Text = Annotated[str, Field(max_length=20_000)]


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.utcoffset() is None:
        raise ValueError(
            _("Give the date with its UTC offset, e.g. 2026-05-12T10:00:00+02:00 or …Z.")
        )
    return value


class PostFilters(Schema):
    status: PostStatus | None = None
    network: str | None = Field(None, max_length=20)
    #: Posts dated from this instant (inclusive), ISO-8601 with its offset.
    date_from: datetime | None = Field(None, alias="from")
    #: Posts dated before this instant (exclusive).
    date_to: datetime | None = Field(None, alias="to")
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)

    @field_validator("date_from", "date_to")
    @classmethod
    def _with_offset(cls, value: datetime | None) -> datetime | None:
        return _aware(value)


def _checked_link(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if value:
        try:
            web_address(value)
        except ValueError:
            raise ValueError(
                _("Give the link as a web address such as https://example.org/page, or none.")
            ) from None
    return value


class VariantIn(Schema):
    network: str = Field(max_length=20)
    #: This network's own text. Left out: the post's main text.
    text: Text | None = None
    #: A web address (http or https), or empty. Left out: the post's main link.
    link: str | None = Field(None, max_length=2000)
    first_comment: Text = ""
    #: True: this network keeps its own ``text`` and ``link``; false: it follows the
    #: post's main text and link. Left out: it follows them when it gives no text, or
    #: the same text and link.
    overridden: bool | None = None

    @field_validator("link")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        return _checked_link(value)


class PostIn(Schema):
    #: The tactic's id, as in the strategy (``k-reels``): every post serves a tactic.
    tactic: str = Field(max_length=63)
    #: A content pillar's name, or none.
    pillar: str | None = Field(None, max_length=80)
    title: str = Field("", max_length=200)
    #: When it goes out: ISO-8601 with its UTC offset; none while not planned.
    scheduled_at: datetime | None = None
    #: The text and link the networks share, unless a variant overrides them.
    main_text: Text | None = None
    main_link: str | None = Field(None, max_length=2000)
    variants: list[VariantIn] = Field(min_length=1, max_length=20)
    sensitive: bool = False
    sponsored: bool = False
    image_retouched: bool = False
    image_virtual: bool = False
    #: Submit it at once (it needs ``scheduled_at``): it waits for approval, or is
    #: scheduled when the workspace needs none; a charter error refuses it (422), as
    #: ``mostra post create --at`` does.
    submit: bool = False

    @field_validator("scheduled_at")
    @classmethod
    def _with_offset(cls, value: datetime | None) -> datetime | None:
        return _aware(value)

    @field_validator("main_link")
    @classmethod
    def _main_link(cls, value: str | None) -> str | None:
        return _checked_link(value)


class PostPatch(PatchSchema):
    """Send only what changes; ``variants``, when sent, is the whole list of networks."""

    tactic: str | None = Field(None, max_length=63)
    pillar: str | None = Field(None, max_length=80)
    title: str | None = Field(None, max_length=200)
    scheduled_at: datetime | None = None
    #: A new main text or link: the variants that follow it change with it.
    main_text: Text | None = None
    main_link: str | None = Field(None, max_length=2000)
    variants: list[VariantIn] | None = Field(None, min_length=1, max_length=20)
    sensitive: bool | None = None
    sponsored: bool | None = None
    image_retouched: bool | None = None
    image_virtual: bool | None = None

    @field_validator("scheduled_at")
    @classmethod
    def _with_offset(cls, value: datetime | None) -> datetime | None:
        return _aware(value)

    @field_validator("main_link")
    @classmethod
    def _main_link(cls, value: str | None) -> str | None:
        return _checked_link(value)


class TransitionIn(Schema):
    note: str = Field("", max_length=2000)


class VariantOut(Schema):
    network: str
    #: What goes out on this network (the main text when it follows it).
    text: str
    link: str
    first_comment: str
    #: Whether this network has its own text and link (false: the main ones).
    overridden: bool
    media: int


class PostSummaryOut(Schema):
    id: int
    title: str
    status: str
    #: The status in words; a post being published whose worker stopped says when it is
    #: retried ("Interrupted, retried at 10:42", the workspace's time zone).
    status_label: str
    #: Being published, but its worker stopped before it finished: retried at ``retry_at``.
    interrupted: bool
    retry_at: datetime | None
    version: int
    tactic: str | None
    pillar: str | None
    author: str | None
    scheduled_at: datetime | None
    networks: list[str]
    sensitive: bool
    sponsored: bool
    image_retouched: bool
    image_virtual: bool
    approvals_needed: int
    approvals: int
    created_at: datetime
    updated_at: datetime


class PostOut(PostSummaryOut):
    main_text: str
    main_link: str
    variants: list[VariantOut]
    #: The transitions the caller may take now (their guards pass).
    actions: list[str]


class PostPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[PostSummaryOut]


class ActionOut(Schema):
    action: str
    label: str
    target: str


def summary_out(post: Post, needed: int, approvals: int) -> dict[str, Any]:
    variants = list(post.variants.all())
    label, sending = post.get_status_display(), None
    if post.status == PostStatus.PUBLISHING:
        from mostra.publishing.services import sending as sendings

        sending = sendings.of_posts([post.pk], timezone.now()).get(post.pk)
        if sending is not None:
            label = sending.label(ZoneInfo(post.workspace.timezone))
    return {
        "id": post.pk,
        "title": post.title,
        "status": post.status,
        "status_label": label,
        "interrupted": bool(sending and sending.interrupted),
        "retry_at": sending.retry_at if sending else None,
        "version": post.version,
        "tactic": post.tactic.key if post.tactic_id else None,
        "pillar": post.pillar.name if post.pillar_id else None,
        "author": post.author.email if post.author_id else None,
        "scheduled_at": post.scheduled_at,
        "networks": [v.network for v in variants],
        "sensitive": post.sensitive,
        "sponsored": post.sponsored,
        "image_retouched": post.image_retouched,
        "image_virtual": post.image_virtual,
        "approvals_needed": needed,
        "approvals": approvals,
        "created_at": post.created_at,
        "updated_at": post.updated_at,
    }
