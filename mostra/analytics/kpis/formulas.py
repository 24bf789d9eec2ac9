"""From an account's :class:`Figures` to each KPI's :class:`KpiValue`.

Pure functions, no queries: the same code serves one account and several together.
A rate whose inputs are absent gives ``value=None`` and a sentence saying which data
is missing (:mod:`missing`); a zero denominator gives None too, never a 0 that would
read as a measured figure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from django.utils.translation import gettext_lazy

from mostra.analytics.kpis import missing
from mostra.analytics.kpis.aggregate import Figures
from mostra.analytics.kpis.values import KpiValue, Period
from mostra.core import engagement

Formula = Callable[[str, Figures, Period], KpiValue]

# The denominators' names, translated only when a denominator is 0 (missing.zero).
THE_REACH = gettext_lazy("the reach")
THE_IMPRESSIONS = gettext_lazy("the number of impressions")
THE_FIRST_COUNT = gettext_lazy("the follower count at the start")


def _ratio(code: str, numerator: float, denominator: float, zero_what: object) -> KpiValue:
    if not denominator:
        return KpiValue(code, None, numerator, denominator, missing.zero(zero_what))
    return KpiValue(code, numerator / denominator, numerator, denominator)


def _lacking(code: str, text: str) -> KpiValue:
    return KpiValue(code, None, None, None, text)


def _covering(value: KpiValue, posts: int, f: Figures, field: str) -> KpiValue:
    """``value`` with a note when it covers only ``posts`` of the own posts."""
    if value.value is None or posts >= f.own_posts:
        return value
    return replace(value, note=missing.partial(posts, f.own_posts, field))


def _share(kind: str) -> Formula:
    """Reposts, originals or replies ÷ all posts (replies included in the denominator)."""

    def formula(code: str, f: Figures, period: Period) -> KpiValue:
        if not f.posts:
            return _lacking(code, missing.no_posts())
        return KpiValue(code, getattr(f, kind) / f.posts, getattr(f, kind), f.posts)

    return formula


def posts_per_week(code: str, f: Figures, period: Period) -> KpiValue:
    weeks = period.days / 7
    return KpiValue(code, f.posts / weeks, f.posts, weeks)


def _total(field: str) -> Formula:
    """A sum over the own posts that carry the count."""

    def formula(code: str, f: Figures, period: Period) -> KpiValue:
        if not f.posts:
            return _lacking(code, missing.no_posts())
        if not f.carried[field]:
            return _lacking(code, missing.count_missing(field))
        total = KpiValue(code, float(f.sums[field]), float(f.sums[field]), None)
        return _covering(total, f.carried[field], f, field)

    return formula


def _engagement_lack(f: Figures) -> str:
    """Why no post has its engagements known: the first count no post carries."""
    if not f.posts:
        return missing.no_posts()
    if not f.own_posts:
        return missing.no_own_posts()
    for field in engagement.REQUIRED:
        if not f.carried[field]:
            return missing.count_missing(field)
    return missing.no_engagement_set()


def engagement_rate_reach(code: str, f: Figures, period: Period) -> KpiValue:
    if f.own_posts and not f.carried["reach"]:
        return _lacking(code, missing.count_missing("reach"))
    if not f.engaged_posts:
        return _lacking(code, _engagement_lack(f))
    value = _ratio(code, f.reach_rate_sum, f.reach_posts, THE_REACH)
    if f.carried["reach"] < f.own_posts:
        return _covering(value, f.carried["reach"], f, "reach")
    return _covering(value, f.engaged_posts, f, "engagements")


def engagement_rate_impressions(code: str, f: Figures, period: Period) -> KpiValue:
    if f.own_posts and not f.carried["impressions"]:
        return _lacking(code, missing.count_missing("impressions"))
    if not f.engaged_posts:
        return _lacking(code, _engagement_lack(f))
    value = _ratio(
        code,
        f.engagements_with_impressions,
        f.impressions_with_engagements,
        THE_IMPRESSIONS,
    )
    if f.carried["impressions"] < f.own_posts:
        return _covering(value, f.carried["impressions"], f, "impressions")
    return _covering(value, f.engaged_posts, f, "engagements")


def _followers_lack(f: Figures, period: Period) -> str:
    if f.followers_end is None:
        return missing.no_followers(period.end)
    return missing.zero_followers()


def engagement_rate_followers(code: str, f: Figures, period: Period) -> KpiValue:
    if not f.engaged_posts:
        return _lacking(code, _engagement_lack(f))
    if not f.followers_end:
        return _lacking(code, _followers_lack(f, period))
    denominator = f.engaged_posts * f.followers_end
    value = KpiValue(code, f.engagements / denominator, f.engagements, denominator)
    return _covering(value, f.engaged_posts, f, "engagements")


def _per_post(fields: tuple[str, ...], per_1000: bool = False) -> Formula:
    """Kaushik's rates: received counts ÷ own posts carrying the first field's count.

    Amplification adds quotes to reposts when they are given (a quote is a repost with
    a comment); the first field decides which posts count.
    """
    main = fields[0]

    def formula(code: str, f: Figures, period: Period) -> KpiValue:
        if not f.posts:
            return _lacking(code, missing.no_posts())
        if not f.own_posts:
            return _lacking(code, missing.no_own_posts())
        if not f.carried[main]:
            return _lacking(code, missing.count_missing(main))
        numerator = float(sum(f.sums[name] for name in fields))
        posts = f.carried[main]
        if not per_1000:
            return _covering(KpiValue(code, numerator / posts, numerator, posts), posts, f, main)
        if not f.followers_end:
            return _lacking(code, _followers_lack(f, period))
        denominator = posts * f.followers_end / 1000
        value = KpiValue(code, numerator / denominator, numerator, denominator)
        return _covering(value, posts, f, main)

    return formula


def followers(code: str, f: Figures, period: Period) -> KpiValue:
    if f.followers_end is None:
        return _lacking(code, missing.no_followers(period.end))
    value = KpiValue(code, float(f.followers_end), float(f.followers_end), None)
    if f.followers_end_date is not None and f.followers_end_date < period.start:
        return replace(value, note=missing.stale_followers(f.followers_end_date))
    return value


def follower_growth(code: str, f: Figures, period: Period) -> KpiValue:
    first, last = f.first_count, f.last_count
    if f.accounts_without_growth or first is None or last is None or first[0] >= last[0]:
        return _lacking(code, missing.no_growth())
    return _ratio(code, last[1] - first[1], first[1], THE_FIRST_COUNT)


def ctr(code: str, f: Figures, period: Period) -> KpiValue:
    if not f.posts:
        return _lacking(code, missing.no_posts())
    for field in ("clicks", "impressions"):
        if not f.carried[field]:
            return _lacking(code, missing.count_missing(field))
    value = _ratio(code, f.ctr_clicks, f.ctr_impressions, THE_IMPRESSIONS)
    for field in ("clicks", "impressions"):
        if f.carried[field] < f.own_posts:
            return _covering(value, f.carried[field], f, field)
    return value


#: The formulas that never compute: their KPIs' values are recorded by the team.
_RECORDED_FORMULAS: set[Formula] = set()


def _not_measured(kind: str) -> Formula:
    def formula(code: str, f: Figures, period: Period) -> KpiValue:
        return _lacking(code, missing.not_measured(kind))

    _RECORDED_FORMULAS.add(formula)
    return formula


FORMULAS: dict[str, Formula] = {
    "posts_per_week": posts_per_week,
    "repost_ratio": _share("reposts_made"),
    "original_share": _share("originals"),
    "reply_share": _share("replies_written"),
    "reach": _total("reach"),
    "impressions": _total("impressions"),
    "video_views": _total("video_views"),
    "likes": _total("likes"),
    "link_clicks": _total("clicks"),
    "engagement_rate_reach": engagement_rate_reach,
    "engagement_rate_followers": engagement_rate_followers,
    "engagement_rate_impressions": engagement_rate_impressions,
    "conversation_rate": _per_post(("replies",)),
    "amplification_rate": _per_post(("reposts", "quotes")),
    "applause_rate": _per_post(("likes",)),
    "conversation_rate_per_1000": _per_post(("replies",), per_1000=True),
    "amplification_rate_per_1000": _per_post(("reposts", "quotes"), per_1000=True),
    "applause_rate_per_1000": _per_post(("likes",), per_1000=True),
    "followers": followers,
    "follower_growth": follower_growth,
    "ctr": ctr,
    "registrations": _not_measured(missing.CONVERSION),
    "sales": _not_measured(missing.CONVERSION),
    "leads": _not_measured(missing.CONVERSION),
    "mentions": _not_measured(missing.LISTENING),
    "mention_reach": _not_measured(missing.LISTENING),
    "response_time_median": _not_measured(missing.LISTENING),
    "share_of_voice": _not_measured(missing.LISTENING),
    "net_sentiment": _not_measured(missing.LISTENING),
    "net_sentiment_ns1": _not_measured(missing.LISTENING),
    "net_sentiment_ns2": _not_measured(missing.LISTENING),
    "cost_per_result": _not_measured(missing.PAID),
    "cpm": _not_measured(missing.PAID),
    "cpc": _not_measured(missing.PAID),
    "programme_reach": _not_measured(missing.PROGRAMME),
    "programme_engagements": _not_measured(missing.PROGRAMME),
    "programme_engagement_rate": _not_measured(missing.PROGRAMME),
    "programme_clicks": _not_measured(missing.PROGRAMME),
    "programme_conversions": _not_measured(missing.PROGRAMME),
    "programme_compliance_rate": _not_measured(missing.PROGRAMME),
    "programme_cost_per_engagement": _not_measured(missing.PROGRAMME),
    "programme_cost_per_click": _not_measured(missing.PROGRAMME),
}

#: The KPIs whose formula never computes: the catalogue's recorded KPIs
#: (:data:`mostra.strategy.kpis.catalogue.RECORDED`, a test holds them equal).
NOT_MEASURED = frozenset(
    code for code, formula in FORMULAS.items() if formula in _RECORDED_FORMULAS
)

#: KPIs that read the follower counts (the second query is skipped without them).
NEEDS_FOLLOWERS = frozenset(
    {
        "followers",
        "follower_growth",
        "engagement_rate_followers",
        "conversation_rate_per_1000",
        "amplification_rate_per_1000",
        "applause_rate_per_1000",
    }
)
#: KPIs that read no posts at all (the first query is skipped when only these are asked).
NO_POSTS = frozenset(
    {
        "followers",
        "follower_growth",
        "registrations",
        "sales",
        "leads",
        "mentions",
        "mention_reach",
        "response_time_median",
        "share_of_voice",
        "net_sentiment",
        "net_sentiment_ns1",
        "net_sentiment_ns2",
        "cost_per_result",
        "cpm",
        "cpc",
        "programme_reach",
        "programme_engagements",
        "programme_engagement_rate",
        "programme_clicks",
        "programme_conversions",
        "programme_compliance_rate",
        "programme_cost_per_engagement",
        "programme_cost_per_click",
    }
)
