"""The fixed vocabularies of a strategy: networks, axes, KPIs, behaviours, formats.

These codes are what strategy files contain; the labels are translated. Adding a code
is backwards compatible; renaming one is not (files travel between installs).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mostra.strategy import networks

#: Networks mostra knows: code -> label, in the order pages show
#: (declared in :mod:`mostra.strategy.networks`).
NETWORKS: dict[str, str] = {n.code: n.label for n in networks.all_networks()}

#: The classic either-or choices the method asks a team to settle with data.
ALTERNATIVES: list[tuple[str, str]] = list(networks.ALTERNATIVES)

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
    "mon": pgettext_lazy("day of the week", "Monday"),
    "tue": pgettext_lazy("day of the week", "Tuesday"),
    "wed": pgettext_lazy("day of the week", "Wednesday"),
    "thu": pgettext_lazy("day of the week", "Thursday"),
    "fri": pgettext_lazy("day of the week", "Friday"),
    "sat": pgettext_lazy("day of the week", "Saturday"),
    "sun": pgettext_lazy("day of the week", "Sunday"),
}

Direction = Literal["up", "down", "any"]


@dataclass(frozen=True)
class Kpi:
    code: str
    label: Promise
    axis: str  # the axis it usually measures
    direction: Direction  # which way is progress
    unit: str  # "count", "percent", "currency", "ratio", "hours"
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
        Kpi(
            "net_sentiment_ns1",
            _("Net sentiment NS₁ (neutral excluded)"),
            "liking",
            "up",
            "percent",
        ),
        Kpi(
            "net_sentiment_ns2",
            _("Net sentiment NS₂ (neutral included)"),
            "liking",
            "up",
            "percent",
        ),
        Kpi("mentions", _("Mentions"), "awareness", "up", "count"),
        Kpi("mention_reach", _("Mention reach"), "awareness", "up", "count"),
        Kpi("response_time_median", _("Median response time"), "liking", "down", "hours"),
        Kpi("likes", _("Likes"), "liking", "up", "count", vanity=True),
        Kpi("repost_ratio", _("Repost ratio"), "liking", "any", "percent"),
        Kpi("link_clicks", _("Link clicks"), "action", "up", "count"),
        Kpi("ctr", _("Click-through rate (CTR)"), "action", "up", "percent"),
        Kpi("registrations", _("Registrations"), "action", "up", "count"),
        Kpi("sales", _("Sales"), "action", "up", "count"),
        Kpi("leads", _("Leads"), "action", "up", "count"),
        Kpi("cost_per_result", _("Cost per result"), "action", "down", "currency"),
        Kpi("programme_reach", _("Programme reach"), "awareness", "up", "count"),
        Kpi("programme_engagements", _("Programme engagements"), "liking", "up", "count"),
        Kpi(
            "programme_engagement_rate",
            _("Programme engagement rate"),
            "liking",
            "up",
            "percent",
        ),
        Kpi("programme_clicks", _("Clicks on the members' links"), "action", "up", "count"),
        Kpi("programme_conversions", _("Programme conversions"), "action", "up", "count"),
        Kpi(
            "programme_compliance_rate",
            _("Disclosure compliance rate"),
            "liking",
            "up",
            "percent",
        ),
        Kpi(
            "programme_cost_per_engagement",
            _("Cost per engagement (influencers)"),
            "liking",
            "down",
            "currency",
        ),
        Kpi(
            "programme_cost_per_click",
            _("Cost per click (influencers)"),
            "action",
            "down",
            "currency",
        ),
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
    return networks.label(code)


# --- Publishing by hand ------------------------------------------------------------

#: Where a person publishes by hand on each network: its composer, or its app's site.
COMPOSERS: dict[str, str] = {
    n.code: n.composer_url for n in networks.all_networks() if n.composer_url
}

PostUrlShape = networks.PostUrlShape
#: A network's post addresses, for a post published by hand (checked when its link is
#: pasted). A network absent here accepts any https:// address.
POST_URLS: dict[str, PostUrlShape] = {
    n.code: n.post_url for n in networks.all_networks() if n.post_url is not None
}


def post_url_id(network: str, url: str) -> str | None:
    """The post's id on ``network`` read from its address ("" when the address fits but
    names no id, as some Facebook ones); None when it is not an address of a post of that
    network. The query and fragment are ignored, except YouTube's ``?v=``."""
    import re

    url = url.strip()
    shape = POST_URLS.get(network)
    if shape is None:
        return "" if re.fullmatch(r"https://[^\s/]+\.[^\s/]+(?:/\S*)?", url) else None
    match = re.match(shape.pattern + r"(?:[?&#]\S*)?$", url, flags=re.IGNORECASE)
    if match is None:
        return None
    groups = match.groupdict()
    if network == "linkedin" and groups.get("slug"):
        activity = re.search(r"activity-(\d+)", groups["slug"])
        return f"urn:li:activity:{activity.group(1)}" if activity else ""
    if network == "facebook":
        return _facebook_id(groups.get("path") or "")
    return groups.get("id") or ""


def _facebook_id(path: str) -> str:
    """A Facebook post's id when its address says it (…/posts/<id>, …/videos/<id>,
    story_fbid), else "" (the address itself then identifies it)."""
    parts = [p for p in path.split("/") if p]
    for marker in ("posts", "videos", "photos", "reel", "permalink"):
        if marker in parts[:-1]:
            return parts[parts.index(marker) + 1]
    return ""


def post_url_example(network: str) -> str:
    shape = POST_URLS.get(network)
    return shape.example if shape else "https://…"
