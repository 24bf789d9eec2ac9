"""From a :class:`~mostra.analytics.listening_kpis.tally.Tally` to each listening KPI's
:class:`~mostra.analytics.kpis.KpiValue`. Pure functions, no queries.

Unknown is not zero: without the queries a KPI needs, or without a mention in the
period, the value is None and ``missing`` says why and what to do. A ratio is between
0 and 1 (a net sentiment between −1 and 1), as the engine's.

- **mentions**: the brand's mentions in the period;
- **mention_reach**: the followers of their authors, summed over the mentions whose
  author's audience is known (the note says "n of m mentions");
- **share_of_voice** = brand ÷ (brand + each competitor's mentions);
- **net_sentiment_ns1** = (P − N) ÷ (P + N), neutral excluded;
- **net_sentiment_ns2** (and **net_sentiment**, the same) = (P − N) ÷ (P + N + U);
- **response_time_median**: the median hours to the first handling or ignoring.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import replace

from django.utils.translation import gettext as _

from mostra.analytics.kpis.values import KpiValue
from mostra.analytics.listening_kpis.tally import Setup, Tally
from mostra.strategy.kpis.definitions_other import LISTENING_NEEDS

Formula = Callable[[str, Tally], KpiValue]
#: Every listening KPI, in the catalogue's order.
CODES = tuple(LISTENING_NEEDS)


def _lacking(code: str, text: str) -> KpiValue:
    return KpiValue(code, None, None, None, text)


def needs_queries(code: str) -> str:
    """What to add so that listening measures ``code``."""
    groups = LISTENING_NEEDS[code]
    if groups == ("brand", "competitor"):
        return _(
            "Listening needs an own-brand query and at least one competitor query to "
            "measure the share of voice: add them in Listening → Queries."
        )
    if groups:
        return _(
            "Listening needs an own-brand query to measure this: add one in Listening → "
            "Queries (group “Own brand”)."
        )
    return _("Listening has no query yet: add one in Listening → Queries.")


def no_brand_mention() -> str:
    return _(
        "No mention of the brand in the period: nothing to measure (check that the "
        "sources are polled and the own-brand queries match)."
    )


def mentions(code: str, t: Tally) -> KpiValue:
    if not t.brand:
        return _lacking(code, no_brand_mention())
    return KpiValue(code, float(t.brand), float(t.brand), None)


def mention_reach(code: str, t: Tally) -> KpiValue:
    if not t.brand:
        return _lacking(code, no_brand_mention())
    if not t.reach_known:
        return _lacking(
            code,
            _(
                "No author's audience is known for the brand's mentions of the period: "
                "feeds and news alerts do not give it; Bluesky and Mastodon sources and "
                "tool exports (Mention, Brandwatch, Talkwalker) do."
            ),
        )
    value = KpiValue(code, float(t.reach), float(t.reach), float(t.reach_known))
    if t.reach_known < t.brand:
        return _covering(value, t.reach_known, t.brand, _("a known reach"))
    return value


def _covering(value: KpiValue, n: int, total: int, what: str) -> KpiValue:
    note = _("%(n)s of %(total)s mentions had %(what)s.") % {"n": n, "total": total, "what": what}
    return replace(value, note=note)


def share_of_voice(code: str, t: Tally) -> KpiValue:
    others = sum(t.competitors.values())
    total = t.brand + others
    if not total:
        return _lacking(code, _("No mention of the brand or of its competitors in the period."))
    return KpiValue(code, t.brand / total, float(t.brand), float(total))


def _sentiment_lack(code: str, t: Tally) -> KpiValue | None:
    if not t.brand:
        return _lacking(code, no_brand_mention())
    if not t.scored:
        return _lacking(
            code,
            _(
                "No mention of the brand in the period has a sentiment: mostra scores "
                "French and English only; check the workspace's languages."
            ),
        )
    return None


def net_sentiment_ns1(code: str, t: Tally) -> KpiValue:
    lack = _sentiment_lack(code, t)
    if lack is not None:
        return lack
    decided = t.positive + t.negative
    if not decided:
        return _lacking(
            code,
            _(
                "Only neutral mentions in the period: NS₁ divides by the positive and "
                "negative ones, so it is undefined (NS₂ reads 0)."
            ),
        )
    value = KpiValue(code, (t.positive - t.negative) / decided, t.positive - t.negative, decided)
    return _scored_note(value, t)


def net_sentiment_ns2(code: str, t: Tally) -> KpiValue:
    lack = _sentiment_lack(code, t)
    if lack is not None:
        return lack
    diff = t.positive - t.negative
    return _scored_note(KpiValue(code, diff / t.scored, diff, t.scored), t)


def _scored_note(value: KpiValue, t: Tally) -> KpiValue:
    if t.scored < t.brand:
        return _covering(value, t.scored, t.brand, _("a sentiment"))
    return value


def response_time_median(code: str, hours: Sequence[float]) -> KpiValue:
    """The median of ``hours`` (the mentions answered in the period)."""
    if not hours:
        return _lacking(
            code,
            _("No mention was handled or ignored in the period: no response time to measure."),
        )
    median = round(statistics.median(hours), 2)
    return KpiValue(code, median, median, float(len(hours)))


FORMULAS: dict[str, Formula] = {
    "mentions": mentions,
    "mention_reach": mention_reach,
    "share_of_voice": share_of_voice,
    "net_sentiment": net_sentiment_ns2,
    "net_sentiment_ns1": net_sentiment_ns1,
    "net_sentiment_ns2": net_sentiment_ns2,
}


def evaluate(code: str, found: Setup, t: Tally, hours: Sequence[float] = ()) -> KpiValue:
    """The KPI ``code`` over the tally (and the response times), or why it is missing."""
    if code == "response_time_median":  # the inbox's conversations need no query
        return response_time_median(code, hours)
    if not found.has(LISTENING_NEEDS[code]):
        return _lacking(code, needs_queries(code))
    return FORMULAS[code](code, t)
