"""Why a KPI could not be computed: one translated sentence per missing piece of data.

Each sentence names the data and where to get it, because the cure differs: an X
archive never has replies counts (connect the account, or import a page analytics
export), a Bluesky repository has no received counts at all, reach and impressions
only come from analytics exports and connected accounts.
"""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext as _

LISTENING = "listening"
PAID = "paid"
CONVERSION = "conversion"


def count_missing(field: str) -> str:
    """No post of the period carries ``field`` (one of the AccountPost counts)."""
    sentences = {
        "likes": _(
            "No likes counts: Bluesky repository exports and older Mastodon archives do "
            "not include them; connect the account or import a page analytics export."
        ),
        "reposts": _(
            "No reposts counts: Bluesky repository exports and older Mastodon archives do "
            "not include them; connect the account or import a page analytics export."
        ),
        "replies": _(
            "No replies counts: X archives and Mastodon archives do not include them; "
            "connect the account or import a page analytics export."
        ),
        "quotes": _("No quotes counts: connect the account to collect them."),
        "impressions": _(
            "No impressions: archives do not include them; import a page analytics export "
            "(Facebook, Instagram, LinkedIn) or connect the account."
        ),
        "reach": _(
            "No reach: archives do not include it; import a page analytics export "
            "(Facebook, Instagram, LinkedIn) or connect the account."
        ),
        "clicks": _(
            "No clicks counts: archives do not include them; import a page analytics "
            "export or connect the account."
        ),
        "saves": _("No saves counts: import an Instagram analytics export."),
        "video_views": _(
            "No video views: archives do not include them; import a page analytics export "
            "or connect the account."
        ),
    }
    return sentences[field]


def no_posts() -> str:
    return _("No posts in the period.")


def no_own_posts() -> str:
    return _("No own posts in the period (only reposts).")


def no_engagement_set() -> str:
    return _(
        "No post of the period carries its likes, replies and reposts counts together; "
        "import a page analytics export or connect the account."
    )


def zero(what: str) -> str:
    """The denominator is 0 (``what`` names it, already translated)."""
    return _("Cannot divide by zero: %(what)s is 0 in the period.") % {"what": what}


def no_followers(end: dt.date) -> str:
    return _(
        "No follower count on or before %(date)s: connect the account (mostra reads it "
        "every day) or import a followers export."
    ) % {"date": date_format(end, "SHORT_DATE_FORMAT")}


def stale_followers(day: dt.date) -> str:
    return _("The latest follower count is from %(date)s, before the period.") % {
        "date": date_format(day, "SHORT_DATE_FORMAT")
    }


def zero_followers() -> str:
    return _("The follower count at the period's end is 0.")


def no_growth() -> str:
    return _(
        "Needs two follower counts on different days within the period (near its start "
        "and its end): connect the account (mostra reads it every day) or import a "
        "followers export covering the period."
    )


def not_measured(kind: str) -> str:
    """A KPI no post tells: listening, paid campaigns, conversions (the team records the
    conversions, for the workspace: mostra.analytics.measurements)."""
    if kind == LISTENING:
        return _("Needs listening (mentions) — not available yet.")
    if kind == PAID:
        return _("Needs paid campaign data — not available yet.")
    return _(
        "Needs conversion data, which no post gives: the team records it for the whole "
        "workspace (KPIs your team records: entered, or imported from a ticketing, shop "
        "or CRM export), and the objectives read it."
    )


def partial(posts: int, own_posts: int, field: str) -> str:
    """The value covers ``posts`` of the ``own_posts``: the others lack ``field``."""
    names = {
        "likes": _("likes count"),
        "reposts": _("reposts count"),
        "replies": _("replies count"),
        "quotes": _("quotes count"),
        "impressions": _("impressions"),
        "reach": _("reach"),
        "clicks": _("clicks count"),
        "saves": _("saves count"),
        "video_views": _("video views count"),
        "engagements": _("likes, replies and reposts counts"),
    }
    return _("Computed over %(n)s of %(total)s own posts: the others have no %(what)s.") % {
        "n": posts,
        "total": own_posts,
        "what": names[field],
    }
