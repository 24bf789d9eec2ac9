"""The demo's third axis, "faire agir", measured from the post to the registration.

For the objective « Faire agir : remplir les ateliers d'autoréparation » the demo gets,
over the last six weeks (so that last month's report and the dashboard's period both
hold figures on a fresh ``mostra up``):

* tracked links: the workshops page shared from a published post of the objective, and
  the same page printed on a flyer (its offline child link), with their clicks by day;
* a paid campaign on Facebook and Instagram with its days (spend, impressions, reach,
  clicks, registrations) entered as an ad manager's export would give them;
* the website's visits and « Inscription atelier » goals of the campaign tag, as a
  Matomo export gives them, the goal counted as the objective's KPI (registrations).

Built through the services a person would use (links, campaigns, conversions), so that
it is in the audit log; the same on every run (a seeded random generator).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from mostra.analytics.conversions.exports import Traffic, TrafficLine
from mostra.analytics.conversions.services import import_traffic, map_goal
from mostra.core.demo import DemoBuild
from mostra.editorial.models import Post, PostStatus
from mostra.links.models import ClickDay, Medium, TrackedLink
from mostra.links.qr.supports import support_link
from mostra.links.services.links import create_link
from mostra.paid.models import Kind, Origin
from mostra.paid.services.campaigns import CampaignInput, create_campaign
from mostra.paid.services.days import DayFigures, store_days
from mostra.strategy.models import Objective

#: The objective the demo measures (mostra.strategy.demo).
OBJECTIVE_KEY = "o-inscriptions-ateliers"
#: The campaign tag the links, the ads and the website's analytics share.
CAMPAIGN_TAG = "ateliers-autoreparation"
WORKSHOPS_PAGE = "https://atelier-velo-solidaire.example/ateliers"
GOAL = "Inscription atelier"
#: Days of figures, ending yesterday.
DAYS = 42
#: The paid campaign's name (French: the demo's language).
CAMPAIGN_NAME = "Ateliers d'autoréparation : boosts Facebook et Instagram"


def seed_demo_make_act(build: DemoBuild, today: dt.date | None = None) -> None:
    workspace = build.workspace
    objective = Objective.objects.filter(workspace=workspace, key=OBJECTIVE_KEY).first()
    if objective is None or TrackedLink.objects.filter(workspace=workspace).exists():
        return
    today = today or timezone.localdate()
    first = today - dt.timedelta(days=DAYS)
    days = [first + dt.timedelta(days=i) for i in range(DAYS)]
    rng = random.Random(17)
    owner = build.owner
    # The objective's latest published post (else its latest post) shares the page.
    posts = Post.objects.filter(workspace=workspace, tactic__strategy__objective=objective)
    post = (
        posts.filter(status=PostStatus.PUBLISHED).order_by("-scheduled_at", "pk").first()
        or posts.order_by("scheduled_at", "pk").first()
    )
    network = post.variants.order_by("position", "pk").first().network if post else "facebook"
    shared = create_link(
        owner,
        WORKSHOPS_PAGE,
        medium=Medium.ORGANIC,
        campaign=CAMPAIGN_TAG,
        post=post,
        network=network,
        label="Page des ateliers (publication)",
    )
    printed = create_link(
        owner,
        WORKSHOPS_PAGE,
        medium=Medium.OFFLINE,
        campaign=CAMPAIGN_TAG,
        content="flyer-ateliers",
        label="Flyer des ateliers",
    )
    flyer = support_link(owner, printed, "flyer")
    click_days = []
    for day in days:
        weekend = day.weekday() >= 5
        for link, low, high in ((shared, 2, 9), (flyer, 0, 5 if weekend else 3)):
            clicks = rng.randint(low, high)
            if clicks:
                uniques = max(1, clicks - rng.randint(0, 2))
                click_days.append(ClickDay(link=link, day=day, clicks=clicks, uniques=uniques))
    ClickDay.objects.bulk_create(click_days)

    campaign = create_campaign(
        owner,
        CampaignInput(
            name=CAMPAIGN_NAME,
            kind=Kind.ALWAYS_ON,
            start=first,
            end=today + dt.timedelta(days=13),
            budget=Decimal("300.00"),
            networks=list(objective.networks),
            audience="Lyonnais·es de 18 à 45 ans à 5 km de l'atelier, intéressé·es par le vélo.",
            utm_campaign=CAMPAIGN_TAG,
            objective_id=objective.pk,
            post_ids=[post.pk] if post is not None else [],
        ),
    )
    figures = []
    for day in days:
        impressions = rng.randint(900, 1600)
        clicks = rng.randint(14, 30)
        figures.append(
            DayFigures(
                day=day,
                spend=Decimal(rng.randint(450, 650)) / 100,
                impressions=impressions,
                reach=impressions * 7 // 10,
                clicks=clicks,
                results=rng.randint(0, 3),
            )
        )
    store_days({campaign.pk: figures}, Origin.META)
    _conversions(build, days, rng, network)
    map_goal(owner, GOAL, objective.kpi or "registrations")


def _conversions(build: DemoBuild, days: list[dt.date], rng: random.Random, network: str) -> None:
    """The website's visits of the campaign tag, day by day, as Matomo exports them."""
    lines = []
    for day in days:
        for source, medium, low, high in (
            ("facebook", "paid_social", 10, 22),
            (network, "social", 2, 7),
            ("flyer", "offline", 0, 3),
        ):
            visits = rng.randint(low, high)
            if not visits:
                continue
            registrations = rng.randint(0, max(1, visits // 8))
            lines.append(
                TrafficLine(
                    start=day,
                    end=day,
                    campaign=CAMPAIGN_TAG,
                    source=source,
                    medium=medium,
                    content="",
                    visits=visits,
                    goals={GOAL: registrations} if registrations else {},
                )
            )
    import_traffic(
        build.owner,
        Traffic(tool="matomo", lines=lines, first=days[0], last=days[-1], rows_read=len(lines)),
        filename="matomo-demo.csv",
    )
