"""Why a KPI could not be computed: one translated sentence per missing piece of data.

Each sentence names the data and where to get it, because the cure differs: an X
archive never has replies counts (connect the account, or import a page analytics
export), a Bluesky repository has no received counts at all, reach and impressions
only come from analytics exports and connected accounts.

Every translation reads the active language through a lock that all the threads of a
web process share, and the engine evaluates its formulas once per account, KPI and
bucket (the strategy page's 24 months of history: thousands of evaluations). So each
function translates the one sentence it returns, and none within :func:`unexplained`,
where the caller reads the values only.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

_state = threading.local()  # Per thread, without a lock.


@contextmanager
def unexplained() -> Iterator[None]:
    """Within: every reason is "" and nothing is translated, for callers that read the
    KPIs' values only (the strategy's history)."""
    before = getattr(_state, "unexplained", False)
    _state.unexplained = True
    try:
        yield
    finally:
        _state.unexplained = before


def _quiet() -> bool:
    return getattr(_state, "unexplained", False)


LISTENING = "listening"
PAID = "paid"
PROGRAMME = "programme"
CONVERSION = "conversion"


_COUNT_MISSING = {
    "likes": gettext_lazy(
        "No likes counts: Bluesky repository exports and older Mastodon archives do "
        "not include them; connect the account or import a page analytics export."
    ),
    "reposts": gettext_lazy(
        "No reposts counts: Bluesky repository exports and older Mastodon archives do "
        "not include them; connect the account or import a page analytics export."
    ),
    "replies": gettext_lazy(
        "No replies counts: X archives and Mastodon archives do not include them; "
        "connect the account or import a page analytics export."
    ),
    "quotes": gettext_lazy("No quotes counts: connect the account to collect them."),
    "impressions": gettext_lazy(
        "No impressions: archives do not include them; import a page analytics export "
        "(Facebook, Instagram, LinkedIn) or connect the account."
    ),
    "reach": gettext_lazy(
        "No reach: archives do not include it; import a page analytics export "
        "(Facebook, Instagram, LinkedIn) or connect the account."
    ),
    "clicks": gettext_lazy(
        "No clicks counts: archives do not include them; import a page analytics "
        "export or connect the account."
    ),
    "saves": gettext_lazy("No saves counts: import an Instagram analytics export."),
    "video_views": gettext_lazy(
        "No video views: archives do not include them; import a page analytics export "
        "or connect the account."
    ),
}


def count_missing(field: str) -> str:
    """No post of the period carries ``field`` (one of the AccountPost counts)."""
    return "" if _quiet() else str(_COUNT_MISSING[field])


def no_posts() -> str:
    return "" if _quiet() else _("No posts in the period.")


def no_own_posts() -> str:
    return "" if _quiet() else _("No own posts in the period (only reposts).")


def no_engagement_set() -> str:
    if _quiet():
        return ""
    return _(
        "No post of the period carries its likes, replies and reposts counts together; "
        "import a page analytics export or connect the account."
    )


def zero(what: object) -> str:
    """The denominator is 0 (``what`` names it, translated or lazily translated)."""
    if _quiet():
        return ""
    return _("Cannot divide by zero: %(what)s is 0 in the period.") % {"what": what}


def no_followers(end: dt.date) -> str:
    if _quiet():
        return ""
    return _(
        "No follower count on or before %(date)s: connect the account (mostra reads it "
        "every day) or import a followers export."
    ) % {"date": date_format(end, "SHORT_DATE_FORMAT")}


def stale_followers(day: dt.date) -> str:
    if _quiet():
        return ""
    return _("The latest follower count is from %(date)s, before the period.") % {
        "date": date_format(day, "SHORT_DATE_FORMAT")
    }


def zero_followers() -> str:
    return "" if _quiet() else _("The follower count at the period's end is 0.")


def no_growth() -> str:
    if _quiet():
        return ""
    return _(
        "Needs two follower counts on different days within the period (near its start "
        "and its end): connect the account (mostra reads it every day) or import a "
        "followers export covering the period."
    )


def not_measured(kind: str) -> str:
    """A KPI no post tells: listening, paid campaigns, conversions (the team records the
    conversions, for the workspace: mostra.analytics.measurements)."""
    if _quiet():
        return ""
    if kind == LISTENING:
        return _(
            "Measured by listening for the whole workspace, not per account: see the "
            "objectives, the dashboard's listening figures and the report."
        )
    if kind == PAID:
        return _(
            "Measured from the paid campaigns for the whole workspace, not per account: "
            "see Distribution → Paid campaigns, the dashboard and the report."
        )
    if kind == PROGRAMME:
        return _(
            "Measured from the ambassadors and influencers programme for the whole "
            "workspace, not per account: see Distribution → Programme figures, the "
            "dashboard and the report."
        )
    return _(
        "Needs conversion data, which no post gives: the team records it for the whole "
        "workspace (KPIs your team records: entered, or imported from a ticketing, shop "
        "or CRM export), and the objectives read it."
    )


_COUNT_NAMES = {
    "likes": gettext_lazy("likes count"),
    "reposts": gettext_lazy("reposts count"),
    "replies": gettext_lazy("replies count"),
    "quotes": gettext_lazy("quotes count"),
    "impressions": gettext_lazy("impressions"),
    "reach": gettext_lazy("reach"),
    "clicks": gettext_lazy("clicks count"),
    "saves": gettext_lazy("saves count"),
    "video_views": gettext_lazy("video views count"),
    "engagements": gettext_lazy("likes, replies and reposts counts"),
}


def partial(posts: int, own_posts: int, field: str) -> str:
    """The value covers ``posts`` of the ``own_posts``: the others lack ``field``."""
    if _quiet():
        return ""
    return _("Computed over %(n)s of %(total)s own posts: the others have no %(what)s.") % {
        "n": posts,
        "total": own_posts,
        "what": _COUNT_NAMES[field],
    }
