"""Every row checked, and grouped into the posts it describes, before anything is saved.

Every problem of every line is collected (not only the first one), so that a file is
corrected in one go. Dates are local to the workspace's time zone: a time that does
not exist (clocks go forward) is refused, and so is one that happens twice (clocks go
back) unless its UTC offset says which: never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q
from django.utils.translation import gettext as _

from mostra.core.csv_export import from_spreadsheet
from mostra.core.models import Workspace
from mostra.editorial.models import ContentPillar, PostStatus, PostVariant
from mostra.editorial.services.csv_posts.columns import (
    FALSE_WORDS,
    LABELS,
    TRUE_WORDS,
)
from mostra.editorial.services.csv_posts.reading import Problem, Row
from mostra.strategy.catalogue import NETWORKS, network_label
from mostra.strategy.models import Tactic

DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
#: ``09:30``, ``9:30``, ``09h30``, ``09:30:00``; an ambiguous time may add its UTC offset
#: (``02:30+02:00``), as the export does when the clocks go back.
TIME = re.compile(r"^(\d{1,2})[:hH](\d{2})(?::00)?(?:\s*([+-])(\d{2}):?(\d{2}))?$")
TITLE_MAX = 200
LINK_MAX = 2000
_url = URLValidator(schemes=["http", "https"])
#: What the lines of one post must share: (column, PlannedPost attribute).
SHARED = (
    ("date", "scheduled_at"),
    ("title", "title"),
    ("tactic", "tactic"),
    ("pillar", "pillar"),
    ("sensitive", "sensitive"),
    ("sponsored", "sponsored"),
)


@dataclass
class PlannedVariant:
    line: int
    network: str
    text: str
    link: str = ""
    first_comment: str = ""


@dataclass
class PlannedPost:
    line: int  # the post's first line
    scheduled_at: dt.datetime | None
    title: str = ""
    tactic: Tactic | None = None
    pillar: ContentPillar | None = None
    sensitive: bool = False
    sponsored: bool = False
    variants: list[PlannedVariant] = field(default_factory=list)


class Planner:
    """Checks rows against a workspace's tactics, pillars, time zone and posts (three
    queries)."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.zone = ZoneInfo(workspace.timezone)
        self.tactics = {t.key: t for t in Tactic.objects.filter(workspace=workspace)}
        self.pillars = {
            p.name.casefold(): p for p in ContentPillar.objects.filter(workspace=workspace)
        }
        self.problems: list[Problem] = []

    def plan(self, rows: list[Row]) -> list[PlannedPost]:
        posts: dict[tuple[str, ...], PlannedPost] = {}
        for row in rows:
            cells = {k: from_spreadsheet(v) for k, v in row.cells.items()}
            before = len(self.problems)
            post = self._post(row.line, cells)
            variant = self._variant(row.line, cells)
            if len(self.problems) > before or post is None or variant is None:
                continue
            key = (
                ("post", cells["post"])
                if cells.get("post")
                else ("when", str(post.scheduled_at), post.title)
            )
            if key in posts:
                self._join(posts[key], post, variant)
            else:
                post.variants.append(variant)
                posts[key] = post
        planned = list(posts.values())
        self._already_there(planned)
        return planned

    def _already_there(self, planned: list[PlannedPost]) -> None:
        """Refuse the lines the workspace already has: a file imported twice (one query)."""
        if not planned:
            return
        moments = [p.scheduled_at for p in planned if p.scheduled_at is not None]
        when = Q(pk__in=[])
        if moments:  # a range, not a list: a file may hold thousands of moments
            when |= Q(post__scheduled_at__range=(min(moments), max(moments)))
        if len(moments) < len(planned):
            when |= Q(post__scheduled_at__isnull=True)
        existing = set(
            PostVariant.objects.filter(when, post__workspace=self.workspace)
            .exclude(post__status=PostStatus.CANCELLED)
            .values_list("post__scheduled_at", "network", "text")
        )
        for post in planned:
            for variant in post.variants:
                if (post.scheduled_at, variant.network, variant.text) in existing:
                    self._error(
                        variant.line,
                        _(
                            "the workspace already has this post (same date, time, network "
                            "and text): the file was probably imported before. Remove the "
                            "lines already imported."
                        ),
                    )

    def _error(self, line: int, message: str) -> None:
        self.problems.append(Problem(line, message))

    def _join(self, post: PlannedPost, other: PlannedPost, variant: PlannedVariant) -> None:
        """Add a variant to a post met on an earlier line, if the two lines agree."""
        for name, attribute in SHARED:
            if getattr(post, attribute) != getattr(other, attribute):
                self._error(
                    other.line,
                    _(
                        "the %(column)s differs from line %(first)d, of the same post. The lines "
                        "of one post share their date, time, tactic, pillar, title and flags."
                    )
                    % {"column": LABELS[name], "first": post.line},
                )
                return
        twin = next((v for v in post.variants if v.network == variant.network), None)
        if twin is not None:
            self._error(
                other.line,
                _(
                    "line %(first)d already has the %(network)s variant of this post (same "
                    "date, time and title, or same post column). Remove the duplicate, or "
                    "give the two posts different titles."
                )
                % {"first": twin.line, "network": network_label(variant.network)},
            )
            return
        post.variants.append(variant)

    def _post(self, line: int, cells: dict[str, str]) -> PlannedPost | None:
        when = self._when(line, cells.get("date", ""), cells.get("time", ""))
        title = cells.get("title", "")
        if len(title) > TITLE_MAX:
            self._error(line, _("the title is longer than %d characters.") % TITLE_MAX)
        tactic = None
        if key := cells.get("tactic", ""):
            tactic = self.tactics.get(key)
            if tactic is None:
                known = ", ".join(sorted(self.tactics)) or _("none yet")
                self._error(
                    line,
                    _("no tactic has the id %(key)r. The tactics' ids are: %(known)s.")
                    % {"key": key, "known": known},
                )
        pillar = None
        if name := cells.get("pillar", ""):
            pillar = self.pillars.get(name.casefold())
            if pillar is None:
                known = ", ".join(p.name for p in self.pillars.values()) or _("none yet")
                self._error(
                    line,
                    _("no content pillar is named %(name)r. The pillars are: %(known)s.")
                    % {"name": name, "known": known},
                )
        flags = {
            name: self._yes_no(line, name, cells.get(name, ""))
            for name in ("sensitive", "sponsored")
        }
        if when is False:
            return None
        return PlannedPost(
            line, when, title, tactic, pillar, bool(flags["sensitive"]), bool(flags["sponsored"])
        )

    def _variant(self, line: int, cells: dict[str, str]) -> PlannedVariant | None:
        network = cells.get("network", "").lower()
        if network not in NETWORKS:
            self._error(
                line,
                _("unknown network %(network)r. Use one of: %(codes)s.")
                % {"network": cells.get("network", ""), "codes": ", ".join(NETWORKS)},
            )
        text = cells.get("text", "")
        if not text:
            self._error(line, _("the text is empty: write the post's text for this network."))
        link = cells.get("link", "")
        if link:
            try:
                if len(link) > LINK_MAX:
                    raise ValidationError("too long")
                _url(link)
            except ValidationError:
                self._error(
                    line,
                    _("the link %(link)r is not a web address (https://…).") % {"link": link[:80]},
                )
        return PlannedVariant(line, network, text, link, cells.get("first_comment", ""))

    def _yes_no(self, line: int, name: str, value: str) -> bool | None:
        word = value.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        self._error(
            line,
            _("%(column)s must be yes or no (oui/non, true/false, 1/0), not %(value)r.")
            % {"column": LABELS[name], "value": value},
        )
        return None

    def _when(
        self, line: int, date_text: str, time_text: str
    ) -> dt.datetime | None | Literal[False]:
        """The UTC moment; None when both cells are empty (not planned yet); False: refused."""
        if not date_text and not time_text:
            return None
        if not date_text or not time_text:
            self._error(
                line,
                _("give both the date and the time, or neither for a post not planned yet."),
            )
            return False
        day = self._date(line, date_text)
        moment = self._time(line, time_text)
        if day is None or moment is None:
            return False
        return self._localise(line, dt.datetime.combine(day, moment[0]), moment[1])

    def _date(self, line: int, text: str) -> dt.date | None:
        match = DATE.match(text)
        try:
            if match:
                return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
        self._error(
            line,
            _(
                "the date %(date)r is not a date written YYYY-MM-DD (2026-03-14). If a "
                "spreadsheet changed the dates, format the column as text before saving."
            )
            % {"date": text},
        )
        return None

    def _time(self, line: int, text: str) -> tuple[dt.time, dt.timezone | None] | None:
        """The time of day, and the UTC offset when one is given."""
        match = TIME.match(text)
        try:
            if match:
                offset = None
                if match[3]:
                    sign = 1 if match[3] == "+" else -1
                    delta = dt.timedelta(hours=int(match[4]), minutes=int(match[5]))
                    offset = dt.timezone(sign * delta)
                return dt.time(int(match[1]), int(match[2])), offset
        except ValueError:
            pass
        self._error(
            line, _("the time %(time)r is not a time written HH:MM (09:30).") % {"time": text}
        )
        return None

    def _localise(
        self, line: int, naive: dt.datetime, offset: dt.timezone | None = None
    ) -> dt.datetime | Literal[False]:
        """The local time in the workspace's zone, in UTC; refused in a DST gap, and in an
        overlap unless the UTC offset says which of the two moments it is."""
        first, second = naive.replace(tzinfo=self.zone), naive.replace(tzinfo=self.zone, fold=1)
        values = {"when": naive.strftime("%Y-%m-%d %H:%M"), "zone": self.zone.key}
        if offset is not None:
            for candidate in (first, second):
                if candidate.utcoffset() == offset.utcoffset(None):
                    back = candidate.astimezone(dt.UTC).astimezone(self.zone)
                    if back.replace(tzinfo=None) == naive:
                        return candidate.astimezone(dt.UTC)
            self._error(
                line,
                _(
                    "%(when)s is not at UTC%(offset)s in %(zone)s. Write the time without "
                    "its offset."
                )
                % {**values, "offset": _offset_text(offset.utcoffset(None))},
            )
            return False
        if first.utcoffset() == second.utcoffset():
            return first.astimezone(dt.UTC)
        back = first.astimezone(dt.UTC).astimezone(self.zone).replace(tzinfo=None)
        if back != naive:
            self._error(
                line,
                _(
                    "%(when)s does not exist in %(zone)s: the clocks go forward at that hour. "
                    "Choose another time (an hour later, for instance)."
                )
                % values,
            )
        else:
            clock = naive.strftime("%H:%M")
            self._error(
                line,
                _(
                    "%(when)s happens twice in %(zone)s: the clocks go back at that hour. "
                    "Choose another time, or say which one with its UTC offset: %(first)s "
                    "(the first) or %(second)s (the second)."
                )
                % {
                    **values,
                    "first": clock + _offset_text(first.utcoffset()),
                    "second": clock + _offset_text(second.utcoffset()),
                },
            )
        return False


def _offset_text(offset: dt.timedelta | None) -> str:
    """``+02:00``."""
    minutes = int((offset or dt.timedelta()).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
