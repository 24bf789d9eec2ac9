"""What the campaign tests build on: members of the programme and a campaign with its
brief, share kit and members taking part."""

from __future__ import annotations

import datetime as dt

from mostra.ambassadors.models import Compensation, Member, MemberAccount, MemberKind
from mostra.ambassadors.services import campaigns
from mostra.core.models import Membership, Workspace


def member(workspace: Workspace, name: str, *, email: str = "", paid: str = "none") -> Member:
    m = Member.objects.create(
        workspace=workspace,
        name=name,
        email=email,
        kind=MemberKind.INFLUENCER if paid != "none" else MemberKind.AMBASSADOR,
        compensation=paid,
    )
    MemberAccount.objects.create(
        workspace=workspace, member=m, network="bluesky", handle=f"{name.lower()}.bsky.social"
    )
    return m


def campaign(membership: Membership, name: str = "Fête du vélo") -> object:
    c = campaigns.create_campaign(
        membership,
        campaigns.CampaignInput(
            name=name,
            start=dt.date(2026, 6, 1),
            end=dt.date(2026, 6, 30),
            networks=["bluesky", "mastodon"],
            key_messages="L'atelier répare votre vélo avec vous.",
            do_say="Parlez de l'autoréparation.",
            dont_say="Ne parlez pas de prix.",
            hashtags=["#velo lyon"],
            link="https://atelier.example/fete",
        ),
    )
    campaigns.add_kit_post(
        membership, c, campaigns.KitPostInput("bluesky", "Venez à la fête du vélo ! {link}")
    )
    return c


def with_members(membership: Membership, c: object) -> tuple[Member, Member, Member]:
    workspace = membership.workspace
    lea = member(workspace, "Léa", email="lea@example.org", paid=Compensation.PAID)
    marc = member(workspace, "Marc", email="marc@example.org")
    nadia = member(workspace, "Nadia")
    for m in (lea, marc, nadia):
        campaigns.add_collaboration(membership, c, campaigns.CollaborationInput(member_id=m.pk))
    return lea, marc, nadia
