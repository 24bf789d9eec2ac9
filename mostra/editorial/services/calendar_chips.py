"""A post as the calendar draws it: a chip with its time, networks, status and pillar.

A month of a busy workspace has hundreds of chips, so they are built from plain rows
(``values()``, no model instances) and their HTML is written here, every value
escaped, rather than by a template included once per chip, which cost more than
everything else on the page together (see docs/performance.md).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from mostra.core.models import Membership
from mostra.editorial.models import PostMedia, PostStatus, PostVariant
from mostra.editorial.services.reschedule import can_move
from mostra.editorial.workflow import FINAL
from mostra.strategy import networks

HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
#: The fields of a post a chip needs, read with ``values()``.
FIELDS = (
    "id",
    "title",
    "status",
    "scheduled_at",
    "sensitive",
    "author_id",
    "author__display_name",
    "author__email",
    "pillar__name",
    "pillar__color",
)
_PK = 987654321


def url_maker(name: str, slug: str) -> Callable[[int], str]:
    """pk -> the URL of ``name`` for that post, reversed once."""
    sample = reverse(name, args=[slug, _PK])
    head, tail = sample.rsplit(str(_PK), 1)
    return lambda pk: f"{head}{pk}{tail}"


@dataclass(frozen=True)
class NetworkMark:
    code: str
    label: str
    mark: str


@dataclass
class Chip:
    """A post as the calendar shows it."""

    pk: int
    status: str
    status_label: str
    summary: str
    local: dt.datetime | None  # None: not planned yet
    networks: list[NetworkMark]
    pillar_name: str
    pillar_colour: str
    author_name: str
    sensitive: bool
    movable: bool
    url: str
    move_url: str
    move_label: str = ""
    sensitive_label: str = ""
    #: The status's tooltip: for a post sent back, who sent it back and their note.
    status_title: str = ""
    #: The small version of the post's first image ("" when it has none).
    thumb_url: str = ""

    @property
    def time(self) -> str:
        return f"{self.local.hour:02d}:{self.local.minute:02d}" if self.local else ""

    @property
    def iso_date(self) -> str:
        return self.local.date().isoformat() if self.local else ""

    @property
    def iso(self) -> str:
        return self.local.isoformat() if self.local else ""

    @cached_property
    def html(self) -> SafeString:
        """The chip on the month and week grids (draggable when it may move).

        Every value goes through :func:`html.escape` (the same five characters Django
        escapes); plain f-strings, because this runs for every post of the month.
        """
        attrs = f' id="post-{self.pk}" data-post="{self.pk}" data-date="{self.iso_date}"'
        attrs += f' data-time="{self.time}"'
        if self.movable:
            attrs += f' draggable="true" data-move-url="{escape(self.move_url)}"'
        if self.pillar_colour:  # checked: a hex colour
            attrs += f' style="--pillar: {self.pillar_colour}"'
        networks = "".join(
            f' <abbr class="net net-{escape(n.code)}" title="{escape(n.label)}">'
            f"{escape(n.mark)}</abbr>"
            for n in self.networks
        )
        status_title = f' title="{escape(self.status_title)}"' if self.status_title else ""
        flag = (
            f' <span class="chip-flag" title="{escape(self.sensitive_label)}">!</span>'
            if self.sensitive
            else ""
        )
        body = (
            f'<time datetime="{self.iso}">{self.time}</time>{networks} '
            f'<span class="chip-title">{escape(self.summary)}</span> '
            f'<span class="chip-status"{status_title}>{escape(self.status_label)}</span>{flag}'
        )
        if self.thumb_url:
            thumb = (
                f'<img class="chip-thumb" src="{escape(self.thumb_url)}" alt="" '
                f'width="28" height="28" loading="lazy" draggable="false">'
            )
            body = f"{thumb}{body}"
        if self.url:
            body = f'<a class="chip-body" href="{escape(self.url)}" draggable="false">{body}</a>'
        else:
            body = f'<span class="chip-body">{body}</span>'
        move = ""
        if self.movable:
            label = self.move_label
            move = (
                f'<button type="button" class="chip-move" data-move '
                f'aria-label="{escape(label)}">⇄</button>'
            )
        status = escape(self.status)
        return mark_safe(f'<article class="chip status-{status}"{attrs}>{body}{move}</article>')

    @cached_property
    def agenda_html(self) -> SafeString:
        """The post's line in the phone's agenda of the month (written here, as
        :attr:`html` is, rather than by a template loop over every post of the month)."""
        status = escape(self.status)
        pillar = f' style="--pillar: {self.pillar_colour}"' if self.pillar_colour else ""
        networks = "".join(
            f'<abbr class="net net-{escape(n.code)}" title="{escape(n.label)}">'
            f"{escape(n.mark)}</abbr> "
            for n in self.networks
        )
        summary = escape(self.summary)
        if self.url:
            summary = f'<a href="{escape(self.url)}">{summary}</a>'
        return mark_safe(
            f'<li class="status-{status}"{pillar}><time datetime="{self.iso}">{self.time}</time>'
            f" {networks}{summary} "
            f'<span class="status-label status-{status}">{escape(self.status_label)}</span></li>'
        )


def _variants_of(ids: list[int]) -> tuple[dict[int, list[tuple[str, str]]], dict[int, int]]:
    """post id -> [(network, text)] in the variants' order, and post id -> the id of its
    first image (its first variant's with one), in one query per 500 posts."""
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    images: dict[int, int] = {}
    first_image = (
        PostMedia.objects.filter(variant=OuterRef("pk"), kind__in=("image", "gif"))
        .order_by("position", "id")
        .values("pk")[:1]
    )
    for start in range(0, len(ids), 500):
        rows = (
            PostVariant.objects.filter(post_id__in=ids[start : start + 500])
            .annotate(first_image=Subquery(first_image))
            .order_by("post_id", "position", "id")
            .values_list("post_id", "network", "text", "first_image")
        )
        for post_id, network, text, image in rows:
            found[post_id].append((network, text))
            if image is not None and post_id not in images:
                images[post_id] = image
    return found, images


def _sent_back_notes(ids: list[int]) -> dict[int, str]:
    """post id -> "Sent back by Bob: the note", for posts whose changes are requested:
    the latest such decision of each (one query; none when there is no such post)."""
    if not ids:
        return {}
    from mostra.editorial.models import Approval, Decision

    rows = (
        Approval.objects.filter(post_id__in=ids, decision=Decision.CHANGES_REQUESTED)
        .order_by("post_id", "-created_at", "-id")
        .values_list("post_id", "note", "approver__display_name", "approver__email")
    )
    notes: dict[int, str] = {}
    for post_id, note, name, email in rows:
        if post_id not in notes:
            who = name or (email or "").split("@")[0] or "—"
            head = _("Sent back by %(who)s") % {"who": who}
            notes[post_id] = f"{head}: {note}" if note else head
    return notes


#: How the posts being published are going: (post ids, now) -> {post id: its sending
#: (``label(zone)``, ``by_hand``)}. The publications are the publishing app's, a layer
#: above: it fills this when it is ready (:func:`mostra.publishing.services.sending.of_posts`).
SENDINGS: list[Callable[[list[int], dt.datetime], dict[int, Any]]] = []


def sendings_of(post_ids: list[int]) -> dict[int, Any]:
    """The posts being published: being sent, interrupted and retried at a time, or
    waiting to be published by hand (its chip then leads to that page); no query when
    none is."""
    found: dict[int, Any] = {}
    if post_ids:
        now = timezone.now()
        for source in SENDINGS:
            found.update(source(post_ids, now))
    return found


def make_chips(
    rows: Iterable[dict[str, Any]], membership: Membership, zone: ZoneInfo
) -> list[Chip]:
    """Chips for rows of ``Post.objects.values(*FIELDS)``, with their variants (1 query)."""
    rows = list(rows)
    variants, images = _variants_of([r["id"] for r in rows])
    slug = membership.workspace.slug
    post_url = url_maker("editorial:post", slug)
    by_hand_url = url_maker("publishing:by_hand", slug)
    move_url = url_maker("editorial:reschedule", slug)
    media_url = url_maker("editorial:media", slug)
    labels = {value: str(label) for value, label in PostStatus.choices}
    labels[PostStatus.CHANGES_REQUESTED] = pgettext("post status", "Sent back")
    sent_back = _sent_back_notes(
        [r["id"] for r in rows if r["status"] == PostStatus.CHANGES_REQUESTED]
    )
    sendings = sendings_of([r["id"] for r in rows if r["status"] == PostStatus.PUBLISHING])
    move_text, sensitive_label = _("Move “%(post)s”"), _("Sensitive")
    chips = []
    for row in rows:
        pk, status = row["id"], row["status"]
        own = variants.get(pk, [])
        text = next((t for _n, t in own if t.strip()), "")
        # Cut before Truncator: it walks every character of what it is given.
        summary = row["title"] or Truncator(" ".join(text[:120].split())).chars(60) or f"#{pk}"
        colour = row["pillar__color"] or ""
        movable = status not in FINAL and can_move(
            membership, status=status, author_id=row["author_id"]
        )
        when = row["scheduled_at"]
        chips.append(
            Chip(
                pk=pk,
                status=status,
                status_label=(
                    sendings[pk].label(zone) if pk in sendings else labels.get(status, status)
                ),
                summary=summary,
                local=when.astimezone(zone) if when else None,
                networks=[NetworkMark(n, networks.label(n), networks.mark(n)) for n, _t in own],
                pillar_name=row["pillar__name"] or "",
                pillar_colour=colour if HEX_COLOUR.match(colour) else "",
                author_name=row["author__display_name"]
                or (row["author__email"] or "").split("@")[0],
                sensitive=row["sensitive"],
                movable=movable,
                url=(
                    by_hand_url(sendings[pk].by_hand)
                    if pk in sendings and getattr(sendings[pk], "by_hand", None)
                    else post_url(pk)
                ),
                move_url=move_url(pk) if movable else "",
                move_label=move_text % {"post": summary} if movable else "",
                sensitive_label=sensitive_label,
                status_title=sent_back.get(pk, ""),
                thumb_url=f"{media_url(images[pk])}?size=thumb" if pk in images else "",
            )
        )
    return chips
