"""What the tracked posts' tests build on: a paid influencer on Bluesky, an unpaid
ambassador, a campaign around today with its hashtag, and the AppView's answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from mostra.ambassadors.models import (
    Collaboration,
    Compensation,
    InfluenceCampaign,
    Member,
    MemberAccount,
    MemberKind,
)
from mostra.core.models import Workspace

APPVIEW = "https://appview.example"
DID = "did:plc:lea123"
HANDLE = "lea.bsky.social"
NOW = dt.datetime.now(dt.UTC)


def iso(days_ago: float = 0) -> str:
    return (NOW - dt.timedelta(days=days_ago)).isoformat().replace("+00:00", "Z")


def influencer(workspace: Workspace, name: str = "Léa", **extra: Any) -> Member:
    member = Member.objects.create(
        workspace=workspace,
        name=name,
        kind=MemberKind.INFLUENCER,
        compensation=Compensation.PAID,
        email=extra.pop("email", "lea@example.org"),
    )
    MemberAccount.objects.create(
        workspace=workspace,
        member=member,
        network="bluesky",
        handle=HANDLE,
        followers=extra.pop("followers", 12_000),
        profile_url=f"https://bsky.app/profile/{HANDLE}",
    )
    return member


def campaign_with(
    workspace: Workspace, member: Member, compensation: str = Compensation.PAID
) -> InfluenceCampaign:
    today = timezone.localdate()
    campaign = InfluenceCampaign.objects.create(
        workspace=workspace,
        name="Fête du vélo",
        start=today - dt.timedelta(days=10),
        end=today + dt.timedelta(days=10),
        hashtags=["#FeteDuVelo"],
        link="https://atelier.example/fete",
    )
    Collaboration.objects.create(campaign=campaign, member=member, compensation=compensation)
    return campaign


def bluesky_post(rkey: str, text: str, days_ago: float = 1, **counts: int) -> dict[str, Any]:
    """A ``postView`` as the AppView gives it: every count present (0 unless given)."""
    counts = {"likeCount": 0, "repostCount": 0, "replyCount": 0, "quoteCount": 0, **counts}
    return {
        "uri": f"at://{DID}/app.bsky.feed.post/{rkey}",
        "cid": "cid",
        "author": {"did": DID, "handle": HANDLE},
        "record": {"$type": "app.bsky.feed.post", "text": text, "createdAt": iso(days_ago)},
        "indexedAt": iso(days_ago),
        **counts,
    }


PROFILE = {"did": DID, "handle": HANDLE, "displayName": "Léa", "followersCount": 15_000}
