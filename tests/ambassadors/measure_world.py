"""A small programme for MEASURE's tests: one paid influencer and one unpaid
ambassador in the "Lancement Comté" campaign of October 2026, their tracked posts,
their personal tracked links' clicks, and the brand's own posts of the same month.

The figures a user checks: reach 1,200 + 800 = 2,000; engagements 30 + 10 = 40 (and the
ambassador's 6); compliance 1 of 2 = 50 %; fee 100 EUR ÷ 40 engagements = 2.50 EUR,
÷ 20 clicks = 5.00 EUR."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from mostra.ambassadors.models import (
    Collaboration,
    Compensation,
    Compliance,
    InfluenceCampaign,
    Member,
    MemberKind,
    TrackedPost,
    TrackedPostSource,
)
from mostra.analytics.models import AccountPost, PostSource, TrackedAccount
from mostra.core.models import Workspace
from mostra.links.models import ClickDay, TrackedLink

OCTOBER_START = dt.date(2026, 10, 1)
OCTOBER_END = dt.date(2026, 10, 31)


def at(day: int, month: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, 12, tzinfo=dt.UTC)


@dataclass
class Programme:
    campaign: InfluenceCampaign
    influencer: Member
    ambassador: Member


def _link(workspace: Workspace, code: str) -> TrackedLink:
    return TrackedLink.objects.create(
        workspace=workspace,
        code=code,
        target="https://fromagerie.example/comte",
        utm_source="bluesky",
        utm_medium="ambassador",
        utm_campaign="lancement-comte",
        utm_content=code,
    )


def _post(workspace: Workspace, member: Member, campaign: InfluenceCampaign | None, n: int, **kw):
    fields = {"likes": 0, "reposts": 0, "replies": 0, "quotes": 0, **kw}
    return TrackedPost.objects.create(
        workspace=workspace,
        member=member,
        campaign=campaign,
        network="bluesky",
        network_id=f"at://post/{member.pk}/{n}",
        url=f"https://bsky.app/profile/x/post/{member.pk}{n}",
        source=TrackedPostSource.PUBLIC_FEED,
        **fields,
    )


def build_programme(workspace: Workspace) -> Programme:
    campaign = InfluenceCampaign.objects.create(
        workspace=workspace,
        name="Lancement Comté",
        start=OCTOBER_START,
        end=OCTOBER_END,
        utm_campaign="lancement-comte",
    )
    influencer = Member.objects.create(
        workspace=workspace,
        name="Léa <Fromages>",
        kind=MemberKind.INFLUENCER,
        compensation=Compensation.PAID,
    )
    ambassador = Member.objects.create(workspace=workspace, name="Marc Petit")
    paid_link = _link(workspace, "lea0001")
    free_link = _link(workspace, "marc001")
    Collaboration.objects.create(
        campaign=campaign,
        member=influencer,
        compensation=Compensation.PAID,
        fee=Decimal("100.00"),
        currency="EUR",
        tracked_link=paid_link,
    )
    Collaboration.objects.create(campaign=campaign, member=ambassador, tracked_link=free_link)
    ClickDay.objects.create(link=paid_link, day=dt.date(2026, 10, 5), clicks=12, uniques=10)
    ClickDay.objects.create(link=paid_link, day=dt.date(2026, 10, 6), clicks=8, uniques=8)
    ClickDay.objects.create(link=free_link, day=dt.date(2026, 10, 6), clicks=5, uniques=5)
    ClickDay.objects.create(link=paid_link, day=dt.date(2026, 9, 30), clicks=99, uniques=99)
    _post(
        workspace,
        influencer,
        campaign,
        1,
        published_at=at(4),
        reach=1200,
        likes=20,
        reposts=5,
        replies=3,
        quotes=2,
        compliance=Compliance.COMPLIANT,
    )
    _post(
        workspace,
        influencer,
        campaign,
        2,
        published_at=at(10),
        reach=800,
        likes=8,
        reposts=1,
        replies=1,
        compliance=Compliance.NON_COMPLIANT,
        findings=[{"code": "missing", "rule": "« Collaboration commerciale »", "message": ""}],
    )
    _post(workspace, ambassador, campaign, 3, published_at=at(12), likes=4, reposts=2)
    # Another month's post: never counted in October.
    _post(workspace, influencer, campaign, 4, published_at=at(2, 11), reach=5000, likes=500)
    return Programme(campaign, influencer, ambassador)


def build_brand_posts(workspace: Workspace) -> None:
    """Three own posts in October with 10, 20 and 60 engagements (median 20), and a
    competitor's post that never counts."""
    own = TrackedAccount.objects.create(workspace=workspace, network="bluesky", handle="fromagerie")
    rival = TrackedAccount.objects.create(
        workspace=workspace, network="bluesky", handle="rival", is_competitor=True
    )
    for n, likes in enumerate([10, 20, 60]):
        AccountPost.objects.create(
            account=own,
            network_id=f"own{n}",
            published_at=at(3 + n),
            likes=likes,
            reposts=0,
            replies=0,
            source=PostSource.CSV,
        )
    AccountPost.objects.create(
        account=rival,
        network_id="rival",
        published_at=at(3),
        likes=1000,
        reposts=0,
        replies=0,
        source=PostSource.CSV,
    )
