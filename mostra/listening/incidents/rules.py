"""Each trigger's rule, a pure function of figures: whether it fires, and with what.

The evaluation (:mod:`.evaluation`) reads the figures from the mentions; these functions
only decide, so that each rule is tested with hand-made series. Each returns the figures
that fired (shown on the incident's timeline) or None.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence

#: How many MADs above the median an hour must be to be a spike.
SPIKE_K = 3.0
#: A negative share "surges" when it is at least this many points above its usual share
#: and at least twice it.
SURGE_POINTS = 0.2

Figures = dict[str, float | int | str]


def median_mad(series: Sequence[int]) -> tuple[float, float]:
    """The median of ``series`` and its median absolute deviation (0, 0 when empty)."""
    if not series:
        return 0.0, 0.0
    median = float(statistics.median(series))
    return median, float(statistics.median(abs(x - median) for x in series))


def volume_spike(
    last_hour: int, baseline: Sequence[int], minimum: int, k: float = SPIKE_K
) -> Figures | None:
    """The last hour's count against the same hour of the week in past weeks
    (``baseline``): fires when it reaches ``minimum`` and exceeds median + k·MAD (a MAD
    of 0, a flat series, counts as 1: one more mention than usual is no spike)."""
    median, mad = median_mad(baseline)
    limit = median + k * max(mad, 1.0)
    if last_hour >= minimum and last_hour > limit:
        return {"count": last_hour, "median": median, "mad": mad, "limit": round(limit, 2)}
    return None


def negative_surge(
    negative: int, total: int, baseline_negative: int, baseline_total: int, minimum: int
) -> Figures | None:
    """The last hour's share of negative mentions against the usual share (the past
    weeks'): fires when at least ``minimum`` were negative and the share is both
    :data:`SURGE_POINTS` above and twice the usual one."""
    if negative < minimum or total <= 0:
        return None
    share = negative / total
    usual = baseline_negative / baseline_total if baseline_total > 0 else 0.0
    # Compared in whole per-mille: 6/20 is 30 %, as 10 % + 20 points is (no float fuzz).
    share_pm, usual_pm = round(share * 1000), round(usual * 1000)
    if share_pm >= usual_pm + round(SURGE_POINTS * 1000) and share_pm >= 2 * usual_pm:
        return {
            "negative": negative,
            "total": total,
            "share": round(share, 3),
            "usual": round(usual, 3),
        }
    return None


def author_followers(authors: Iterable[tuple[str, int | None]], threshold: int) -> Figures | None:
    """The most followed author above ``threshold`` followers, if any."""
    top: tuple[str, int] | None = None
    for author, followers in authors:
        if followers is not None and followers > threshold and (top is None or followers > top[1]):
            top = (author, followers)
    if top is None:
        return None
    return {"author": top[0], "followers": top[1]}


def same_issue(raised: Iterable[tuple[str, str]], threshold: int) -> Figures | None:
    """``raised``: (issue, author) pairs within the window. Fires when one issue is
    raised by at least ``threshold`` distinct people: the issue raised by the most."""
    people: dict[str, set[str]] = {}
    for issue, author in raised:
        if author:
            people.setdefault(issue, set()).add(author)
    if not people:
        return None
    issue, who = max(people.items(), key=lambda item: (len(item[1]), item[0]))
    if len(who) >= threshold:
        return {"issue": issue, "people": len(who)}
    return None


def reposts(counts: Iterable[int | None], threshold: int) -> Figures | None:
    """The reposts of the window's mentions, added up: fires at ``threshold``."""
    total = sum(c or 0 for c in counts)
    return {"reposts": total} if total >= threshold else None


def negative_mentions(negative: int, threshold: int) -> Figures | None:
    """Fires when the window holds at least ``threshold`` negative mentions."""
    return {"negative": negative} if negative >= threshold else None


def press_requests(authors: Sequence[str], threshold: int) -> Figures | None:
    """``authors``: who made the window's press requests, newest first. Fires at
    ``threshold`` requests: how many, and the latest requester."""
    if len(authors) < threshold or not authors:
        return None
    return {"requests": len(authors), "latest": authors[0]}
