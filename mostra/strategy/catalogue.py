"""The fixed vocabularies of a strategy: networks, axes, KPIs, behaviours, formats.

These codes are what strategy files contain; the labels are translated. Adding a code
is backwards compatible; renaming one is not (files travel between installs).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

#: Networks mostra knows: code -> label. The order is the one pages show.
NETWORKS: dict[str, str] = {
    "facebook": "Facebook",
    "instagram": "Instagram",
    "linkedin": "LinkedIn",
    "x": "X (Twitter)",
    "youtube": "YouTube",
    "tiktok": "TikTok",
    "snapchat": "Snapchat",
    "pinterest": "Pinterest",
    "threads": "Threads",
    "bluesky": "Bluesky",
    "mastodon": "Mastodon",
    "reddit": "Reddit",
    "whatsapp": "WhatsApp",
    "dailymotion": "Dailymotion",
    "viadeo": "Viadeo",
}

#: The classic either-or choices the method asks a team to settle with data.
ALTERNATIVES: list[tuple[str, str]] = [
    ("dailymotion", "youtube"),
    ("viadeo", "linkedin"),
    ("instagram", "snapchat"),
]

AXES: dict[str, Promise] = {
    "awareness": _("Make known (awareness)"),
    "liking": _("Make liked (image, engagement)"),
    "action": _("Make act (conversion)"),
}

BEHAVIOURS: dict[str, Promise] = {
    "posts": _("post their own content"),
    "shares": _("share"),
    "opinions": _("give opinions"),
    "sells": _("sell their skills"),
}

STAGES: dict[str, Promise] = {
    "candidate": _("Candidate"),
    "launching": _("Launching"),
    "established": _("Established"),
    "abandoned": _("Abandoned"),
}

TARGET_KINDS: dict[str, Promise] = {"direct": _("Direct"), "indirect": _("Indirect")}
TYPOLOGIES: dict[str, Promise] = {
    "collective": _("Collective (community)"),
    "individual": _("Individual (influencer)"),
}

AGE_BANDS = ["13-17", "18-24", "18-29", "25-34", "30-49", "35-49", "50-64", "65+"]
GENDERS: dict[str, Promise] = {"women": _("Women"), "men": _("Men")}
EDUCATION: dict[str, Promise] = {
    "hs_or_less": _("High school or less"),
    "some_college": _("Some college"),
    "college_grad": _("College graduate"),
}

CONTENT_TYPES: dict[str, Promise] = {
    "video": _("Video"),
    "text": _("Text"),
    "photo": _("Photo"),
    "infographic": _("Infographic"),
    "link": _("Link"),
    "audio": _("Audio"),
    "event": _("Event"),
    "poll": _("Poll"),
}

FORMATS: dict[str, Promise] = {
    "post": _("Post"),
    "carousel": _("Carousel"),
    "story": _("Story"),
    "reel": _("Reel / short video"),
    "live": _("Live"),
    "article": _("Article"),
    "thread": _("Thread"),
    "infographic": _("Infographic"),
    "newsletter": _("Newsletter"),
    "short": _("Short"),
    "long_video": _("Long video"),
}

#: The content types that are not also formats. The source method names formats in
#: its own words, "vidéos, texte, photos": in a tactic's ``formats``, these are read as
#: content types (docs/strategy-file.md, "Content types written as formats").
CONTENT_TYPES_NOT_FORMATS = [code for code in CONTENT_TYPES if code not in FORMATS]

DAYS: dict[str, Promise] = {
    "mon": _("Monday"),
    "tue": _("Tuesday"),
    "wed": _("Wednesday"),
    "thu": _("Thursday"),
    "fri": _("Friday"),
    "sat": _("Saturday"),
    "sun": _("Sunday"),
}

Direction = Literal["up", "down", "any"]


@dataclass(frozen=True)
class Kpi:
    code: str
    label: Promise
    axis: str  # the axis it usually measures
    direction: Direction  # which way is progress
    unit: str  # "count", "percent", "currency", "ratio"
    vanity: bool = False  # popular but says little on its own


KPIS: dict[str, Kpi] = {
    k.code: k
    for k in [
        Kpi("followers", _("Followers"), "awareness", "up", "count", vanity=True),
        Kpi("reach", _("Reach"), "awareness", "up", "count"),
        Kpi("impressions", _("Impressions"), "awareness", "up", "count"),
        Kpi("video_views", _("Video views"), "awareness", "up", "count"),
        Kpi("share_of_voice", _("Share of voice"), "awareness", "up", "percent"),
        Kpi("engagement_rate_reach", _("Engagement rate by reach"), "liking", "up", "percent"),
        Kpi(
            "engagement_rate_followers",
            _("Engagement rate by followers"),
            "liking",
            "up",
            "percent",
        ),
        Kpi(
            "engagement_rate_impressions",
            _("Engagement rate by impressions"),
            "liking",
            "up",
            "percent",
        ),
        Kpi("conversation_rate", _("Conversation rate"), "liking", "up", "ratio"),
        Kpi("amplification_rate", _("Amplification rate"), "liking", "up", "ratio"),
        Kpi("applause_rate", _("Applause rate"), "liking", "up", "ratio"),
        Kpi("net_sentiment", _("Net sentiment"), "liking", "up", "percent"),
        Kpi("likes", _("Likes"), "liking", "up", "count", vanity=True),
        Kpi("repost_ratio", _("Repost ratio"), "liking", "any", "percent"),
        Kpi("link_clicks", _("Link clicks"), "action", "up", "count"),
        Kpi("ctr", _("Click-through rate (CTR)"), "action", "up", "percent"),
        Kpi("registrations", _("Registrations"), "action", "up", "count"),
        Kpi("sales", _("Sales"), "action", "up", "count"),
        Kpi("leads", _("Leads"), "action", "up", "count"),
        Kpi("cost_per_result", _("Cost per result"), "action", "down", "currency"),
    ]
}


#: Which way is progress for a KPI.
DIRECTIONS: dict[str, Promise] = {
    "up": _("higher is better"),
    "down": _("lower is better"),
    "any": _("neither: read it in context"),
}

#: The units a workspace's own KPI may have, on the objective's scale (3.2 for 3.2 %).
KPI_UNITS: dict[str, Promise] = {
    "count": _("a number (12,345)"),
    "people": _("people (45 people)"),
    "percent": _("per cent (3.2%)"),
    "permille": _("per thousand (3.2‰)"),
    "euro": _("euros (€1,234.50)"),
}

#: How a KPI's recorded values are read (mostra.analytics.measurements).
COLLECTIONS: dict[str, Promise] = {
    "sum": _(
        "Each value counts what happened that day (registrations, sales, donations): "
        "now is the total of the last 30 days"
    ),
    "latest": _(
        "Each value is a reading (members, a rate, a running total): now is the latest one"
    ),
}
#: Units whose values cannot be added up: their KPIs are always read as "latest".
READING_UNITS = frozenset({"percent", "permille"})


def network_label(code: str) -> str:
    return NETWORKS.get(code, code)
