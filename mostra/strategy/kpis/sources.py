"""Where each KPI definition comes from: the published definitions the catalogue cites.

The reference notes (listening research, section 5) list them. A definition that no
vendor publishes (the repost ratio, the posting volume) says so instead of pointing at
a page: ``url`` is then empty and the title explains it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Source:
    """A definition's origin: a title to show and, when there is one, its address."""

    title: str | Promise
    url: str = ""


KAUSHIK = Source(
    "Avinash Kaushik, “Best Social Media Metrics: Conversation, Amplification, Applause, "
    "Economic Value”",
    "https://www.kaushik.net/avinash/best-social-media-metrics-conversation-amplification-"
    "applause-economic-value/",
)
TRUE_SOCIAL_METRICS = Source(
    "TrueSocialMetrics, “Metric introduction” (the operational formulas Kaushik points to)",
    "https://www.truesocialmetrics.com/university/metric-introduction",
)
ENGAGEMENT_RATE = Source(
    "Hootsuite, “All the ways to calculate engagement rate” (mirror)",
    "https://responsema.org/social-media-marketing/all-the-different-ways-to-calculate-"
    "engagement-rate",
)
ENGAGEMENT_RATE_FOLLOWERS = Source(
    "NapoleonCat, engagement rate by followers",
    "https://brain.napoleoncat.com/en/articles/1096078",
)
ENGAGEMENT_RATE_REACH = Source(
    "Popsters, “ER: how to calculate engagement rate”",
    "https://popsters.us/blog/post/er-how-to-calculate-engagement-rate",
)
REACH_IMPRESSIONS = Source(
    "CalculatorLib, engagement rate by reach (reach versus impressions)",
    "https://calculatorlib.com/engagement-rate-by-reach-calculator",
)
SHARE_OF_VOICE = Source(
    "MutualMind, “Social metrics that matter: share of voice” (2013)",
    "http://www.mutualmind.com/2013/01/social-metrics-that-matter-share-of-voice/",
)
NET_SENTIMENT_NS2 = Source(
    "Symanto, “What is net sentiment”",
    "https://help.symanto.com/knowledge/what-is-net-sentiment",
)
NET_SENTIMENT_NS1 = Source(
    _("Directional sentiment, neutral mentions excluded (codingace net sentiment calculator)")
)
FOLLOWER_GROWTH = Source(
    "Metricool, follower growth",
    "https://help.metricool.com/en/article/1kxa7fv",
)
CTR = Source(_("Clicks ÷ impressions, as in LinkedIn's page analytics export (CTR column)"))
PAID = Source(_("Meta Ads Manager's definitions (spend, results, impressions, clicks)"))
REPOST_RATIO = Source(
    _(
        "mostra's definition: no network or vendor publishes one; X archive viewers and "
        "rtweet split an account's output into originals, replies and reposts the same way"
    )
)
MENTION_REACH = Source(
    _(
        "mostra's definition: the authors' audiences summed, as Mention and Talkwalker "
        "estimate a mention's reach from its author's followers"
    )
)
RESPONSE_TIME = Source(
    _("mostra's definition: the inbox's response time (its median over the period)")
)
PROGRAMME = Source(
    _(
        "mostra's definition: the ambassadors and influencers programme's tracked posts, "
        "the members' personal tracked links and the collaborations' fees"
    )
)
MOSTRA = Source(_("mostra's definition (a plain count over the period)"))
NETWORK = Source(_("The network's own count (profile, analytics export or connected account)"))
CONVERSION = Source(_("Web analytics or CRM goals (not measured by mostra yet)"))
