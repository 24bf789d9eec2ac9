"""What works on their pages as data: the API's answer and ``mostra kpi formats``.

Per account: handle, network, competitor, followers (with their date and source),
posts and measured posts, the median engagement, the best format and slot, the posts
per source, each format's posts, measured posts, median engagement and share, and the
top posts (counts as given, None when unknown); then the takeaways. Numbers are
numbers (a share between 0 and 1), unknown ones null, never 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from mostra.analytics.kpis import Period
from mostra.analytics.models import TrackedAccount
from mostra.analytics.their_pages.figures import (
    FORMATS,
    MIN_POSTS,
    Card,
    Column,
    TheirPages,
    build,
    with_followers,
)
from mostra.analytics.their_pages.takeaways import takeaways
from mostra.core import charts

#: The period when none is asked: the last 90 days up to today.
DEFAULT_DAYS = 90


def default_period(today: dt.date, start: dt.date | None, end: dt.date | None) -> Period:
    """``start``–``end``, missing ends filled: the last :data:`DEFAULT_DAYS` days up to
    ``end`` (or today)."""
    last = end or today
    return Period(start or last - dt.timedelta(days=DEFAULT_DAYS - 1), last)


def compute(accounts: Sequence[TrackedAccount], period: Period) -> TheirPages:
    """The figures of the chosen accounts (read again with their followers: one query)."""
    if not accounts:
        return TheirPages(period, [])
    chosen = TrackedAccount.objects.filter(pk__in=[a.pk for a in accounts]).order_by(
        "is_competitor", "network", "handle"
    )
    workspace = accounts[0].workspace
    return build(with_followers(chosen, period.end), period, workspace.timezone or "UTC")


def as_data(pages: TheirPages) -> dict[str, Any]:
    return {
        "period": {"from": pages.period.start.isoformat(), "to": pages.period.end.isoformat()},
        "min_posts": MIN_POSTS,
        "accounts": [_column(c) for c in pages.columns],
        "takeaways": takeaways(pages),
    }


def _column(column: Column) -> dict[str, Any]:
    slot = column.best_slot
    return {
        "handle": column.account.handle,
        "network": column.account.network,
        "competitor": column.account.is_competitor,
        "followers": column.followers,
        "followers_date": column.followers_date.isoformat() if column.followers_date else None,
        "followers_source": column.followers_source or None,
        "posts": column.posts,
        "measured": column.measured,
        "median_engagements": column.median,
        "best_format": column.best_format,
        "best_slot": {"weekday": slot.weekday, "hour": slot.hour} if slot else None,
        "sources": dict(sorted(column.sources.items())),
        "formats": {
            code: {
                "posts": cell.posts,
                "measured": cell.measured,
                "median_engagements": cell.median,
                "share": cell.share,
            }
            for code, cell in column.formats.items()
            if cell.posts
        },
        "top": [_card(card) for card in column.top],
    }


def _card(card: Card) -> dict[str, Any]:
    return {
        "published_at": card.published_at.isoformat(),
        "text": card.text,
        "url": card.url,
        "format": card.format,
        "source": card.source,
        "counts": card.counts,
        "engagements": card.engagements,
        "per_1000_followers": card.per_thousand,
    }


def as_text(pages: TheirPages) -> str:
    """A terminal's reading: per account its formats and best posts, then the takeaways."""
    lines = [
        _("Period: %(start)s to %(end)s")
        % {"start": pages.period.start.isoformat(), "end": pages.period.end.isoformat()}
    ]
    for column in pages.columns:
        who = f"@{column.account.handle} ({column.account.network})"
        if column.account.is_competitor:
            who += " " + _("competitor")
        lines += ["", who]
        for code in FORMATS:
            cell = column.formats[code]
            if not cell.posts:
                continue
            median = "—" if cell.median is None else charts.number(cell.median)
            star = " ★" if cell.best else ""
            lines.append(
                "  "
                + _("%(format)s: %(n)s posts (%(share)s), median engagement %(median)s")
                % {
                    "format": code,
                    "n": cell.posts,
                    "share": charts.percent(cell.share or 0),
                    "median": median,
                }
                + star
            )
        for card in column.top:
            excerpt = " ".join(card.text.split())[:80]
            lines.append(f"  {card.engagements:>7}  {card.format:<7}  {excerpt}  {card.url}")
    if pages.columns:
        lines += ["", _("Takeaways:")] + [f"- {t}" for t in takeaways(pages)]
    return "\n".join(lines) + "\n"
