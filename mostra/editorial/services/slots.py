"""The tactic's recurring slots, as dates: what to propose, and the next free one.

A tactic's slots are wall times ("Tuesday 18:30", optionally on one network) in the
workspace's time zone, so a weekly slot keeps its local time across daylight saving
changes. A slot whose time the clocks skip that night moves to the same time after the
jump (02:30 becomes 03:30); one that happens twice is the first of the two.

A slot is taken when a post of the same tactic (not cancelled) is planned at that
moment (for a slot on one network: with a variant on that network).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from mostra.editorial.models import Post, PostStatus
from mostra.editorial.services.calendar_time import workspace_zone
from mostra.strategy import catalogue
from mostra.strategy.models import Tactic

DAY_CODES = list(catalogue.DAYS)  # mon … sun, as date.weekday()
#: How far ahead the next free slot is looked for.
HORIZON_DAYS = 366


@dataclass(frozen=True)
class SlotOccurrence:
    """One date of a recurring slot."""

    at: dt.datetime  # aware, in the workspace's time zone
    day: str  # mon … sun
    time: str  # "HH:MM" as written in the tactic
    network: str | None
    label: str
    what: str  # "Instagram · Reel": the network(s) and the tactic's formats
    taken_by: int | None = None  # the id of the post that already uses it

    @property
    def taken(self) -> bool:
        return self.taken_by is not None

    @property
    def date_value(self) -> str:
        return self.at.strftime("%Y-%m-%d")

    @property
    def time_value(self) -> str:
        return self.at.strftime("%H:%M")


def no_slots_message(tactic: Tactic) -> str:
    return _(
        "The tactic “%(tactic)s” has no day and time slots yet: add some to it in the "
        "strategy, or type a date and time."
    ) % {"tactic": tactic}


def _wall(day: dt.date, hhmm: str, zone: ZoneInfo) -> dt.datetime:
    hour, minute = (int(x) for x in hhmm.split(":"))
    aware = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)
    # A time the clocks skip: the same clock time after the jump (round trip via UTC).
    return aware.astimezone(dt.UTC).astimezone(zone)


def label(tactic: Tactic, slot: dict) -> str:
    """“Tuesday 10:00 · Instagram · Reel”: the day, the time, the network, the formats."""
    rest = what(tactic, slot)
    head = f"{catalogue.DAYS[slot['day']]} {slot['time']}"
    return f"{head} · {rest}" if rest else head


def what(tactic: Tactic, slot: dict) -> str:
    """“Instagram · Reel”: the slot's network (or the tactic's) and the tactic's formats."""
    parts = []
    networks = [slot["network"]] if slot.get("network") else list(tactic.networks or [])
    if networks:
        parts.append(", ".join(catalogue.network_label(n) for n in networks))
    formats = [str(catalogue.FORMATS.get(f, f)) for f in tactic.formats or []]
    if formats:
        parts.append(", ".join(formats))
    return " · ".join(parts)


def valid_slots(tactic: Tactic) -> list[dict]:
    slots = []
    for slot in tactic.slots or []:
        time = str(slot.get("time", ""))
        if slot.get("day") in DAY_CODES and len(time) == 5 and time[2] == ":":
            slots.append(slot)
    return slots


def _occurrences(tactic: Tactic, zone: ZoneInfo, first: dt.date, last: dt.date) -> list:
    slots = valid_slots(tactic)
    found = []
    day = first
    while day <= last:
        code = DAY_CODES[day.weekday()]
        for slot in slots:
            if slot["day"] == code:
                at = _wall(day, slot["time"], zone)
                found.append((at, slot))
        day += dt.timedelta(days=1)
    found.sort(key=lambda item: item[0])
    return found


def _taken(tactic: Tactic, start: dt.datetime, end: dt.datetime) -> dict[dt.datetime, dict]:
    """Planned posts of the tactic between two instants: {instant (UTC): {post id: networks}}."""
    posts = (
        Post.objects.filter(tactic=tactic, scheduled_at__gte=start, scheduled_at__lte=end)
        .exclude(status=PostStatus.CANCELLED)
        .prefetch_related("variants")
        .only("id", "scheduled_at")
    )
    taken: dict[dt.datetime, dict] = {}
    for post in posts:
        assert post.scheduled_at is not None  # the filter's range excludes undated posts
        at = post.scheduled_at.astimezone(dt.UTC)
        taken.setdefault(at, {})[post.pk] = {v.network for v in post.variants.all()}
    return taken


def _taken_by(taken: dict, at: dt.datetime, network: str | None) -> int | None:
    for post_id, networks in taken.get(at.astimezone(dt.UTC), {}).items():
        if network is None or network in networks:
            return post_id
    return None


def proposed_slots(
    tactic: Tactic, first: dt.date, last: dt.date, *, exclude_post: int | None = None
) -> list[SlotOccurrence]:
    """Every slot of the tactic from ``first`` to ``last`` (local days, included)."""
    zone = workspace_zone(tactic.workspace)
    found = _occurrences(tactic, zone, first, last)
    if not found:
        return []
    taken = _taken(tactic, found[0][0], found[-1][0])
    if exclude_post is not None:
        for posts in taken.values():
            posts.pop(exclude_post, None)
    return [
        SlotOccurrence(
            at=at,
            day=slot["day"],
            time=slot["time"],
            network=slot.get("network") or None,
            label=label(tactic, slot),
            what=what(tactic, slot),
            taken_by=_taken_by(taken, at, slot.get("network") or None),
        )
        for at, slot in found
    ]


def upcoming_slots(
    tactic: Tactic,
    after: dt.datetime,
    *,
    days: int = 14,
    exclude_post: int | None = None,
) -> list[SlotOccurrence]:
    """The tactic's slots after an instant, over the following ``days`` days."""
    zone = workspace_zone(tactic.workspace)
    start = after.astimezone(zone).date()
    slots = proposed_slots(
        tactic, start, start + dt.timedelta(days=days), exclude_post=exclude_post
    )
    return [s for s in slots if s.at > after]


def next_free_slot(
    tactic: Tactic,
    after: dt.datetime,
    network: str | None = None,
    *,
    exclude_post: int | None = None,
) -> dt.datetime | None:
    """The first slot of the tactic strictly after ``after`` that no post takes yet.

    With ``network``, only the slots for that network or for all the tactic's networks
    count. None when the tactic has no slot (or none is free within a year).
    """
    if not valid_slots(tactic):
        return None
    for slot in _weeks(tactic, after, exclude_post):
        if network is not None and slot.network not in (None, network):
            continue
        if slot.at > after and not slot.taken:
            return slot.at
    return None


def _weeks(tactic: Tactic, after: dt.datetime, exclude_post: int | None) -> Iterable:
    zone = workspace_zone(tactic.workspace)
    start = after.astimezone(zone).date()
    for offset in range(0, HORIZON_DAYS, 28):
        first = start + dt.timedelta(days=offset)
        yield from proposed_slots(
            tactic, first, first + dt.timedelta(days=27), exclude_post=exclude_post
        )
