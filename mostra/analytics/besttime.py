"""Best time to post: a weekday × hour heatmap of an account's own engagement.

Why from the account's own posts: the published studies disagree with each other,
describe their vendors' (mostly US, B2B) customers, and count total engagement per hour,
which grows with the number of posts sent in that hour (strategy reference, §2). So:

* each own post (originals and replies; reposts carry someone else's content) gets an
  engagement figure: the engagement rate by reach, engagements ÷ reach, when the
  account's posts mostly give their reach; otherwise the engagements. Engagements are
  the KPI catalogue's (:mod:`mostra.core.engagement`): a post whose likes,
  replies or reposts are not given has no known engagement and is left out, never
  counted as 0;
* the figure is divided by the median of the account's posts *of the same month*
  (the account's own overall median when that month has fewer than 5 posts), so that
  a growing account's recent months do not win every cell: 1.0 = a typical post;
* posts are binned by weekday × hour in the audience's time zone (the account's, else
  the workspace's), converted with zoneinfo, so that summer time moves nothing;
* each cell shows the median of its posts' relative figures and how many posts it has;
  below ``min_posts`` posts the cell says "not enough data" (value None) rather than
  invent a best slot.

An account with fewer than :data:`MIN_HISTORY` posts with counts in the last 12 months
gets the published studies instead (``basis = "studies"``), labelled as such: their
windows are marked, the cells carry no value.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mostra.analytics.models import AccountPost, PostKind, TrackedAccount
from mostra.core.engagement import COUNTED, engagements

#: Posts a cell needs before it shows a value (settings.MOSTRA_BEST_TIME_MIN_POSTS).
MIN_POSTS = 3
#: Posts with counts the account needs before its own data replace the studies.
MIN_HISTORY = 30
#: A month with fewer posts is normalised by the account's overall median.
MIN_MONTH_POSTS = 5
#: How far back the heatmap looks.
WINDOW_DAYS = 365
STUDIES_FILE = Path(__file__).resolve().parent / "data" / "best_time_studies.json"


@dataclass(frozen=True)
class Cell:
    n: int = 0
    #: The median engagement relative to the account's median (1.0 = typical); None
    #: below ``min_posts`` posts, and always with the studies' basis.
    value: float | None = None
    #: Inside a window the published studies recommend (studies' basis only).
    recommended: bool = False


@dataclass(frozen=True)
class Slot:
    weekday: int
    hour: int
    value: float
    n: int


@dataclass
class Heatmap:
    account: TrackedAccount
    cells: list[list[Cell]]  # [weekday 0 = Monday][hour 0..23]
    min_posts: int
    time_zone: str
    basis: str  # "own" | "studies"
    posts_used: int  # own posts with counts in the window (also shown with "studies")
    measure: str = "count"  # "reach" (engagement rate by reach) | "count"
    since: dt.date | None = None  # the oldest post used
    studies: list[dict] = field(default_factory=list)  # the studies drawn (basis studies)

    def top(self, k: int = 3) -> list[Slot]:
        """The ``k`` best cells with a value, best first (ties: more posts first)."""
        slots = [
            Slot(day, hour, cell.value, cell.n)
            for day, row in enumerate(self.cells)
            for hour, cell in enumerate(row)
            if cell.value is not None
        ]
        return sorted(slots, key=lambda s: (-s.value, -s.n, s.weekday, s.hour))[:k]


def audience_zone(account: TrackedAccount) -> str:
    """The account's audience time zone, else the workspace's, else UTC (if unknown)."""
    for name in (account.time_zone, account.workspace.timezone, "UTC"):
        if name:
            try:
                ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
            return name
    return "UTC"


def engagement(row: dict) -> tuple[float | None, float | None]:
    """(engagements, reach) of a post; the engagements are None when unknown."""
    count = engagements(row)
    reach = float(row["reach"]) if row["reach"] else None
    return (None if count is None else float(count)), reach


def heatmap(
    account: TrackedAccount, *, today: dt.date | None = None, min_posts: int | None = None
) -> Heatmap:
    """The account's weekday × hour heatmap (see the module docstring for the method).

    Steps:
    1. Read the last 12 months of originals and replies (one query).
    2. Keep the posts with engagement counts; measure by reach when at least half of
       them give a reach (then only those), else by the engagement count.
    3. Fewer than MIN_HISTORY posts left: the studies' heatmap.
    4. Divide each figure by its month's median (or the overall one); bin in the
       audience's time zone; each cell: the median and n, None below ``min_posts``.
    """
    if min_posts is None:
        min_posts = getattr(settings, "MOSTRA_BEST_TIME_MIN_POSTS", MIN_POSTS)
    zone_name = audience_zone(account)
    zone = ZoneInfo(zone_name)
    today = today or timezone.localdate()
    since = dt.datetime.combine(today - dt.timedelta(days=WINDOW_DAYS), dt.time(), zone)
    rows = AccountPost.objects.filter(
        account=account,
        kind__in=[PostKind.ORIGINAL, PostKind.REPLY],
        published_at__gte=since,
    ).values("published_at", "reach", *COUNTED)
    measured = []
    for row in rows:
        count, reach = engagement(row)
        if count is not None:
            measured.append((row["published_at"].astimezone(zone), count, reach))
    with_reach = [(at, count / reach) for at, count, reach in measured if reach]
    if measured and len(with_reach) * 2 >= len(measured):
        figures, measure = with_reach, "reach"
    else:
        figures, measure = [(at, count) for at, count, _reach in measured], "count"
    base = Heatmap(account, [], min_posts, zone_name, "own", len(figures), measure)
    if figures:
        base.since = min(at for at, _v in figures).date()
    relative = _relative(figures)
    if len(figures) < MIN_HISTORY or relative is None:
        return _studies(base)
    bins: dict[tuple[int, int], list[float]] = {}
    for at, value in relative:
        bins.setdefault((at.weekday(), at.hour), []).append(value)
    base.cells = [
        [_cell(bins.get((day, hour), []), min_posts) for hour in range(24)] for day in range(7)
    ]
    return base


def _cell(values: list[float], min_posts: int) -> Cell:
    if len(values) < min_posts:
        return Cell(n=len(values))
    return Cell(n=len(values), value=statistics.median(values))


def _relative(figures: list[tuple[dt.datetime, float]]) -> list[tuple[dt.datetime, float]] | None:
    """Each figure divided by its month's median (or the overall median); None when the
    account's median and mean are 0 (no engagement at all: nothing to compare)."""
    if not figures:
        return None
    overall = statistics.median(v for _at, v in figures) or statistics.fmean(
        v for _at, v in figures
    )
    if not overall:
        return None
    by_month: dict[tuple[int, int], list[float]] = {}
    for at, value in figures:
        by_month.setdefault((at.year, at.month), []).append(value)
    medians = {
        month: statistics.median(values)
        for month, values in by_month.items()
        if len(values) >= MIN_MONTH_POSTS
    }
    return [(at, value / (medians.get((at.year, at.month)) or overall)) for at, value in figures]


#: The studies' descriptions in the user's language (the JSON keeps the English text).
STUDY_TEXTS = {
    "sprout-2023": {
        "data": _("About 2 billion engagements, 400,000 profiles, 34,000 customers"),
        "time_basis": _("local time"),
        "notes": _(
            "Overall Tuesday to Thursday 9 am to noon is best; Sunday is worst for Facebook "
            "and Instagram. For networks it did not measure (Mastodon, Bluesky, Threads) "
            "its overall finding is shown."
        ),
    },
    "hootsuite-2023": {
        "data": _("Hootsuite's own channels, about 8 million followers"),
        "time_basis": _("Pacific time"),
        "notes": _(
            "One brand's B2B audience in Pacific time: not drawn, listed to show how much "
            "the studies disagree."
        ),
    },
}


@cache
def studies() -> list[dict]:
    """The published studies (mostra/analytics/data/best_time_studies.json)."""
    return json.loads(STUDIES_FILE.read_text(encoding="utf-8"))["studies"]


def _studies(base: Heatmap) -> Heatmap:
    """The studies' windows for the account's network ("*" for networks they did not
    measure), read in the audience's local time; cells carry no value."""
    recommended: set[tuple[int, int]] = set()
    drawn = []
    for study in studies():
        if not study["drawn"]:
            continue
        windows = study["windows"].get(base.account.network) or study["windows"].get("*", [])
        for day, first, end in windows:
            recommended.update((day, hour) for hour in range(first, end))
        drawn.append({**study, **STUDY_TEXTS.get(study["id"], {})})
    base.basis = "studies"
    base.studies = drawn
    base.cells = [
        [Cell(recommended=(day, hour) in recommended) for hour in range(24)] for day in range(7)
    ]
    return base
