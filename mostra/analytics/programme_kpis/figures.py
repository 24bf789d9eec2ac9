"""The programme's figures over a period: its tracked posts, its members' tracked links
and its collaborations' fees, added up for the workspace, per member and per campaign.

* **posts**: the tracked posts published in the period (in the workspace's time zone);
* **reach**: the sum of their reach (the audience each post could reach), over the
  posts whose reach is known;
* **engagements**: likes + replies + reposts + quotes, over the posts whose likes,
  replies and reposts are all known (the catalogue's one definition,
  :mod:`mostra.core.engagement`);
* **clicks**: the clicks in the period on the collaborations' personal tracked links;
* **conversions**: the imported web-analytics conversions of the traffic rows matched
  to those links (:mod:`mostra.analytics.conversions.matching`), when asked for;
* **compliance**: compliant ÷ checked posts (compliant or not: the paid and gifted ones);
* **fees**: the paid collaborations whose dates (else their campaign's) overlap the
  period; cost per engagement and per click divide them by the engagements of their
  posts and the clicks on their links only (an unpaid ambassador's figures never
  lower the cost of a paid influencer).

Unknown is not zero: a sum nothing measures is None. Three queries (the posts, the
collaborations, the clicks), whatever the number of members, campaigns and posts, and
the conversions' matching (five more) only when asked for.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Sum

from mostra.ambassadors.models import Collaboration, Compensation, Compliance, TrackedPost
from mostra.analytics.kpis import Period
from mostra.analytics.models import AccountPost, PostKind
from mostra.core.engagement import engaged, engagement_expression, engagements
from mostra.core.models import Workspace
from mostra.links.models import ClickDay


@dataclass
class Figures:
    """One line of figures: the programme, a member or a campaign."""

    name: str = ""
    key: int | None = None
    posts: int = 0
    reach: int | None = None
    engagements: int | None = None
    #: Posts whose engagements are known (the median's and the rate's posts).
    engaged_posts: int = 0
    #: Reach of the posts whose engagements and reach are both known.
    engaged_reach: int = 0
    engaged_reach_engagements: int = 0
    clicks: int | None = None
    conversions: int | None = None
    compliant: int = 0
    non_compliant: int = 0
    #: Fees of the paid collaborations, and the engagements and clicks they bought.
    fees: Decimal | None = None
    paid_engagements: int | None = None
    paid_clicks: int | None = None
    currency: str = ""
    #: More than one currency among the fees: no cost is computed.
    mixed_currencies: bool = False
    per_post: list[int] = field(default_factory=list)

    @property
    def checked(self) -> int:
        return self.compliant + self.non_compliant

    @property
    def compliance_rate(self) -> float | None:
        return self.compliant / self.checked if self.checked else None

    @property
    def engagement_rate(self) -> float | None:
        """Engagements ÷ reach, over the posts that give both."""
        if not self.engaged_reach:
            return None
        return self.engaged_reach_engagements / self.engaged_reach

    @property
    def cost_per_engagement(self) -> Decimal | None:
        return _cost(self.fees, self.paid_engagements, self.mixed_currencies)

    @property
    def cost_per_click(self) -> Decimal | None:
        return _cost(self.fees, self.paid_clicks, self.mixed_currencies)

    @property
    def median_engagements(self) -> float | None:
        return float(statistics.median(self.per_post)) if self.per_post else None


def _cost(fees: Decimal | None, count: int | None, mixed: bool) -> Decimal | None:
    if fees is None or not count or mixed:
        return None
    return (fees / count).quantize(Decimal("0.01"))


def _add(total: int | None, value: int | None) -> int | None:
    if value is None:
        return total
    return (total or 0) + value


@dataclass
class ProgrammeFigures:
    period: Period
    total: Figures
    members: list[Figures]
    campaigns: list[Figures]
    #: The brand's own posts over the same period (median engagements per post).
    brand: Figures | None = None

    @property
    def has_programme(self) -> bool:
        return bool(self.members or self.campaigns or self.total.posts)


@dataclass
class _Collab:
    member_id: int
    member: str
    campaign_id: int
    campaign: str
    paid: bool
    #: Its dates (else its campaign's) overlap the period.
    active: bool
    fee: Decimal | None
    currency: str
    link_id: int | None


def _overlaps(start: dt.date | None, end: dt.date | None, period: Period) -> bool:
    return (start is None or start <= period.end) and (end is None or end >= period.start)


def gather(
    workspace: Workspace,
    period: Period,
    *,
    conversions: bool = False,
    brand: bool = False,
) -> ProgrammeFigures:
    """The programme's figures over ``period`` (see the module's docstring)."""
    start, end = period.bounds(workspace.timezone or "UTC")
    posts = list(
        TrackedPost.objects.filter(
            workspace=workspace, published_at__gte=start, published_at__lt=end
        ).values(
            "member_id",
            "campaign_id",
            "reach",
            "likes",
            "reposts",
            "replies",
            "quotes",
            "compliance",
            member_name=F("member__name"),
            campaign_name=F("campaign__name"),
        )
    )
    collabs = [
        _Collab(
            c.member_id,
            c.member.name,
            c.campaign_id,
            c.campaign.name,
            c.compensation == Compensation.PAID,
            _overlaps(c.start or c.campaign.start, c.end or c.campaign.end, period),
            c.fee,
            c.currency,
            c.tracked_link_id,
        )
        for c in Collaboration.objects.filter(campaign__workspace=workspace)
        .select_related("member", "campaign")
        .only(
            "member_id",
            "campaign_id",
            "compensation",
            "fee",
            "currency",
            "tracked_link_id",
            "start",
            "end",
            "member__name",
            "campaign__name",
            "campaign__start",
            "campaign__end",
        )
    ]
    link_ids = [c.link_id for c in collabs if c.link_id is not None]
    clicks: dict[int, int] = {}
    if link_ids:
        clicks = dict(
            ClickDay.objects.filter(
                link_id__in=link_ids, day__gte=period.start, day__lte=period.end
            )
            .values("link_id")
            .annotate(total=Sum("clicks"))
            .values_list("link_id", "total")
        )
    converted = _conversions(workspace, period, link_ids) if conversions else {}
    total = Figures()
    members: dict[int, Figures] = {}
    campaigns: dict[int, Figures] = {}

    def line(table: dict[int, Figures], key: int, name: str) -> Figures:
        if key not in table:
            table[key] = Figures(name=name, key=key)
        return table[key]

    paid_pairs = {(c.member_id, c.campaign_id) for c in collabs if c.paid and c.active}
    for post in posts:
        count = engagements(post)
        member_id, campaign_id, reach = post["member_id"], post["campaign_id"], post["reach"]
        lines = [total, line(members, member_id, post["member_name"])]
        if campaign_id is not None:
            lines.append(line(campaigns, campaign_id, post["campaign_name"]))
        paid = (member_id, campaign_id) in paid_pairs
        compliance = post["compliance"]
        for one in lines:
            one.posts += 1
            one.reach = _add(one.reach, reach)
            one.engagements = _add(one.engagements, count)
            if count is not None:
                one.engaged_posts += 1
                one.per_post.append(count)
                if reach:
                    one.engaged_reach += reach
                    one.engaged_reach_engagements += count
                if paid:
                    one.paid_engagements = _add(one.paid_engagements, count)
            if compliance == Compliance.COMPLIANT:
                one.compliant += 1
            elif compliance == Compliance.NON_COMPLIANT:
                one.non_compliant += 1
    currencies: dict[int, Counter[str]] = defaultdict(Counter)
    for c in collabs:
        link_clicks = clicks.get(c.link_id, 0) if c.link_id is not None else None
        if not c.active and not link_clicks:
            continue  # another period's collaboration
        lines = [
            total,
            line(members, c.member_id, c.member),
            line(campaigns, c.campaign_id, c.campaign),
        ]
        for one in lines:
            one.clicks = _add(one.clicks, link_clicks)
            if c.link_id is not None and conversions:
                one.conversions = _add(one.conversions, converted.get(c.link_id))
            if c.paid and c.active:
                one.paid_clicks = _add(one.paid_clicks, link_clicks)
                if c.fee is not None:
                    one.fees = (one.fees or Decimal(0)) + c.fee
                    currencies[id(one)][c.currency] += 1
    for one in [total, *members.values(), *campaigns.values()]:
        used = currencies.get(id(one))
        if used:
            one.currency = used.most_common(1)[0][0]
            one.mixed_currencies = len(used) > 1
    found = ProgrammeFigures(
        period,
        total,
        sorted(members.values(), key=lambda f: f.name.casefold()),
        sorted(campaigns.values(), key=lambda f: f.name.casefold()),
    )
    if brand:
        found.brand = brand_figures(workspace, period)
    return found


def _conversions(workspace: Workspace, period: Period, link_ids: list[int]) -> dict[int, int]:
    """Conversions per programme link: the rows matched to exactly one link count for it;
    a row matched to several links is counted for none of them (it cannot be told).
    Empty when no traffic row of the period was imported (unknown, not 0)."""
    from mostra.analytics.conversions.matching import match

    wanted = set(link_ids)
    found: dict[int, int] = {}
    rows = match(workspace, period.start, period.end)
    if not rows:  # nothing imported for the period: unknown, not 0
        return found
    for row in rows:
        hits = [i for i in row.link_ids if i in wanted]
        if len(hits) == 1:
            found[hits[0]] = found.get(hits[0], 0) + row.conversions
    for link_id in wanted:
        found.setdefault(link_id, 0)
    return found


def brand_figures(workspace: Workspace, period: Period) -> Figures:
    """The brand's own posts (originals and replies of its non-competitor accounts) over
    the period: their count and engagements per post (one query)."""
    start, end = period.bounds(workspace.timezone or "UTC")
    own = AccountPost.objects.filter(
        account__workspace=workspace,
        account__is_competitor=False,
        published_at__gte=start,
        published_at__lt=end,
    ).exclude(kind=PostKind.REPOST)
    rows = list(
        own.annotate(engaged_count=engagement_expression())
        .filter(engaged())
        .values_list("engaged_count", flat=True)
    )
    brand = Figures(name="brand")
    brand.per_post = [int(v) for v in rows if v is not None]
    brand.posts = len(brand.per_post)
    brand.engaged_posts = len(brand.per_post)
    brand.engagements = sum(brand.per_post) if brand.per_post else None
    return brand


def campaigns_by_objective(workspace: Workspace, period: Period) -> dict[int, list[Figures]]:
    """The programme's campaigns serving each objective (``InfluenceCampaign.objective``),
    with their figures over ``period``: objective id → one line per campaign. One query
    when no campaign serves an objective, four otherwise."""
    from mostra.ambassadors.models import InfluenceCampaign

    served = list(
        InfluenceCampaign.objects.filter(workspace=workspace, objective__isnull=False)
        .order_by("name")
        .values_list("id", "name", "objective_id")
    )
    if not served:
        return {}
    lines = {f.key: f for f in gather(workspace, period).campaigns}
    found: dict[int, list[Figures]] = defaultdict(list)
    for campaign_id, name, objective_id in served:
        found[objective_id].append(lines.get(campaign_id) or Figures(name=name, key=campaign_id))
    return dict(found)
