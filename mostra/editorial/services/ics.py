"""The calendar as iCalendar (RFC 5545): the private feed and the downloaded file.

One VEVENT per dated post (cancelled ones left out) from 90 days back to a year ahead,
and one all-day VEVENT per custom event of the workspace. Times are written in UTC
(``DTSTART:20260105T090000Z``), which every calendar app shows in its own zone;
``X-WR-TIMEZONE`` tells the apps that honour it the workspace's zone. A post's UID
(``post-<id>@<host>``) never changes, and its SEQUENCE is the post's version, so that
apps update an event instead of duplicating it.

Building a calendar makes three queries whatever the number of posts: the posts (with
their tactic and pillar), their variants, and the events.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import icalendar
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra import __version__
from mostra.core.models import Workspace
from mostra.editorial.models import CalendarEvent, Post, PostStatus, PostVariant
from mostra.editorial.services.calendar_filters import CalendarFilters
from mostra.strategy.catalogue import network_label

#: The window of a feed: what a calendar app needs, not the whole history.
DAYS_BACK = 90
DAYS_AHEAD = 365
#: A post is a moment; calendar apps need a length to show it.
POST_DURATION = dt.timedelta(minutes=15)
#: How long the start of a text stands for a post without a working title.
SUMMARY_TEXT_LENGTH = 60
#: Statuses shown as confirmed; the others are tentative.
CONFIRMED = frozenset({PostStatus.SCHEDULED, PostStatus.PUBLISHING, PostStatus.PUBLISHED})


@dataclass
class Window:
    start: dt.datetime
    end: dt.datetime

    @classmethod
    def around(cls, now: dt.datetime | None = None) -> Window:
        now = now or timezone.now()
        return cls(now - dt.timedelta(days=DAYS_BACK), now + dt.timedelta(days=DAYS_AHEAD))


@dataclass
class CalendarContent:
    """What goes into a calendar file, already read from the database."""

    workspace: Workspace
    posts: Sequence[Post]
    events: Sequence[CalendarEvent] = field(default_factory=list)


def posts_query(workspace: Workspace) -> QuerySet[Post]:
    """A workspace's posts with everything an export shows, in two queries."""
    return (
        Post.objects.for_workspace(workspace)
        .filter(is_reply=False)
        .select_related("tactic", "pillar")
        .prefetch_related(Prefetch("variants", queryset=PostVariant.objects.order_by("position")))
    )


def read_calendar(
    workspace: Workspace,
    *,
    window: Window | None = None,
    filters: CalendarFilters | None = None,
) -> CalendarContent:
    """The dated, not cancelled posts and the events of the window (three queries)."""
    window = window or Window.around()
    posts = posts_query(workspace).filter(
        scheduled_at__gte=window.start, scheduled_at__lt=window.end
    )
    posts = (filters or CalendarFilters()).apply(posts.exclude(status=PostStatus.CANCELLED))
    events = CalendarEvent.objects.filter(workspace=workspace).filter(
        Q(starts_on__lt=window.end.date())
        & (
            Q(ends_on__gte=window.start.date())
            | Q(ends_on__isnull=True, starts_on__gte=window.start.date())
        )
    )
    return CalendarContent(workspace, list(posts.order_by("scheduled_at", "id")), list(events))


def summary_of(post: Post, variants: Iterable[PostVariant]) -> str:
    """``[Instagram, Facebook] working title`` (or the start of the first text)."""
    variants = list(variants)
    networks = ", ".join(network_label(v.network) for v in variants)
    words = post.title.strip() or next(
        (" ".join(v.text.split()) for v in variants if v.text.strip()), ""
    )
    if len(words) > SUMMARY_TEXT_LENGTH:
        words = words[: SUMMARY_TEXT_LENGTH - 1].rstrip() + "…"
    words = words or _("Post #%(number)s") % {"number": post.pk}
    return f"[{networks}] {words}" if networks else words


@dataclass(frozen=True)
class Labels:
    """The description's words in the active language, translated once per calendar."""

    status: str
    tactic: str
    pillar: str
    statuses: dict[str, str]

    @classmethod
    def current(cls) -> Labels:
        return cls(
            status=_("Status: %(status)s"),
            tactic=_("Tactic: %(tactic)s"),
            pillar=_("Content pillar: %(pillar)s"),
            statuses={value: str(label) for value, label in PostStatus.choices},
        )


def description_of(
    post: Post, variants: Iterable[PostVariant], labels: Labels | None = None
) -> str:
    """The status, tactic and pillar, then the text (and link) for every network."""
    labels = labels or Labels.current()
    lines = [labels.status % {"status": labels.statuses.get(post.status, post.status)}]
    if post.tactic is not None:
        lines.append(labels.tactic % {"tactic": post.tactic})
    if post.pillar is not None:
        lines.append(labels.pillar % {"pillar": post.pillar.name})
    for variant in variants:
        lines += ["", f"— {network_label(variant.network)} —", variant.text]
        if variant.link:
            lines.append(variant.link)
    return "\n".join(lines)


def _post_url_maker(base_url: str, slug: str) -> Callable[[int], str | None]:
    """A function giving a post's page address (one ``reverse``, not one per post)."""
    marker = 987654321
    pattern = base_url.rstrip("/") + reverse("editorial:post", args=[slug, marker])
    head, _marker, tail = pattern.partition(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


class EventTexts:
    """The iCalendar text of recently written posts, by everything that goes into it.

    icalendar takes about a millisecond per event; a feed of a year of posts would take
    seconds at every change. The key holds every value of the event, so a text is
    never stale: a changed post gets a new key. Bounded, least recently used first out.
    """

    def __init__(self, size: int = 20_000) -> None:
        self.size = size
        self._texts: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_build(self, values: tuple[object, ...], build: Callable[[], bytes]) -> bytes:
        key = hashlib.sha256(repr(values).encode()).hexdigest()
        with self._lock:
            text = self._texts.get(key)
            if text is not None:
                self._texts.move_to_end(key)
                return text
        text = build()
        with self._lock:
            self._texts[key] = text
            while len(self._texts) > self.size:
                self._texts.popitem(last=False)
        return text

    def clear(self) -> None:
        with self._lock:
            self._texts.clear()


EVENT_TEXTS = EventTexts()


def _post_event(
    post: Post, variants: list[PostVariant], host: str, url: str | None, labels: Labels
) -> bytes:
    """One post's VEVENT; DTSTAMP is its last change, so that the text is stable."""
    assert post.scheduled_at is not None  # the feed holds dated posts only
    changed = post.updated_at.astimezone(dt.UTC).replace(microsecond=0)
    values = (
        f"post-{post.pk}@{host}",
        post.scheduled_at.astimezone(dt.UTC),
        summary_of(post, variants),
        description_of(post, variants, labels),
        url,
        "CONFIRMED" if post.status in CONFIRMED else "TENTATIVE",
        changed,
        post.version,
        tuple(network_label(v.network) for v in variants) or ("mostra",),
    )

    def build() -> bytes:
        uid, start, summary, description, link, status, _changed, version, categories = values
        event = icalendar.Event()
        event.add("uid", uid)
        event.add("dtstamp", changed)
        event.add("dtstart", start)
        event.add("duration", POST_DURATION)
        event.add("summary", summary)
        event.add("description", description)
        if link:
            event.add("url", link)
        event.add("status", status)
        event.add("last-modified", changed)
        event.add("sequence", version)
        event.add("categories", list(categories))
        return event.to_ical()

    return EVENT_TEXTS.get_or_build(values, build)


def _custom_event(item: CalendarEvent, host: str, stamp: dt.datetime) -> bytes:
    event = icalendar.Event()
    event.add("uid", f"event-{item.pk}@{host}")
    event.add("dtstamp", stamp)
    event.add("dtstart", item.starts_on)
    event.add("dtend", item.last_day + dt.timedelta(days=1))
    event.add("summary", item.title)
    if item.note:
        event.add("description", item.note)
    event.add("categories", [str(item.get_kind_display())])
    event.add("transp", "TRANSPARENT")  # a trade fair does not make the team busy
    return event.to_ical()


def build_calendar(content: CalendarContent, *, base_url: str, host: str) -> bytes:
    """The iCalendar text of ``content`` (UTF-8, CRLF line ends, folded lines)."""
    workspace = content.workspace
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//mostra//mostra {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{workspace.name} · mostra")
    calendar.add("x-wr-timezone", workspace.timezone)
    calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    head, end = calendar.to_ical().rsplit(b"END:VCALENDAR", 1)
    post_url = _post_url_maker(base_url, workspace.slug)
    labels = Labels.current()
    parts = [head]
    for post in content.posts:
        variants = list(post.variants.all())
        parts.append(_post_event(post, variants, host, post_url(post.pk), labels))
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    parts.extend(_custom_event(item, host, stamp) for item in content.events)
    parts.append(b"END:VCALENDAR" + end)
    return b"".join(parts)
