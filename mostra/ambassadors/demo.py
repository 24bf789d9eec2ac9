"""The demo's ambassador and influencer programme: who carries the workshop's word.

Three ambassadors (two employees, one client) and two influencers (a paid micro
influencer and a gifted nano one), with their Bluesky, Mastodon and Instagram accounts;
one campaign, « Juin des ateliers », with its brief, its share kit, the members taking
part (each with a personal tracked link and a private page) and the posts tracked, with
their counts: the paid influencer's Instagram post lacks « Collaboration commerciale »
and is flagged non-compliant by the same check as a post read from the network. Through
the services a person in the app uses; French texts; dated from today, no randomness.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from mostra.ambassadors.models import (
    Compensation,
    Compliance,
    MemberKind,
    Relationship,
    TrackedPost,
    TrackedPostSource,
)
from mostra.ambassadors.services import campaigns, roster, tracked_posts
from mostra.ambassadors.services.post_reading import ReadPost
from mostra.core.demo import DemoBuild
from mostra.strategy.models import Objective

DEMO_LINK = "https://atelier-velo-solidaire.example/ateliers-juin"
DEMO_OBJECTIVE = "o-inscriptions-ateliers"


@dataclass(frozen=True)
class DemoPerson:
    name: str
    kind: str
    relationship: str
    compensation: str
    email: str
    #: (network, handle, followers): Bluesky and Mastodon handles on reserved ".example"
    #: domains, so that the daily reading never reads a real person's account.
    accounts: tuple[tuple[str, str, int], ...]
    note: str


PEOPLE = (
    DemoPerson(
        "Camille Roux",
        MemberKind.AMBASSADOR,
        Relationship.EMPLOYEE,
        Compensation.NONE,
        "camille.roux@demo.mostra.local",
        (
            ("mastodon", "camille@piaille.example", 640),
            ("bluesky", "camille-roux.bsky.example", 410),
        ),
        "Mécanicienne, anime les ateliers du samedi.",
    ),
    DemoPerson(
        "Yanis Benali",
        MemberKind.AMBASSADOR,
        Relationship.EMPLOYEE,
        Compensation.NONE,
        "",
        (("bluesky", "yanis-velo.bsky.example", 280),),
        "Salarié en insertion, partage volontiers les coulisses de l'atelier.",
    ),
    DemoPerson(
        "Hélène Marchand",
        MemberKind.AMBASSADOR,
        Relationship.CLIENT,
        Compensation.NONE,
        "helene.marchand@demo.mostra.local",
        (("mastodon", "helene@mastodon.example", 1_150),),
        "Cliente fidèle, vélotafeuse, a réparé son vélo cargo à l'atelier.",
    ),
    DemoPerson(
        "Lucie Vélo Lyon",
        MemberKind.INFLUENCER,
        Relationship.CREATOR,
        Compensation.PAID,
        "contact@lucievelolyon.demo.mostra.local",
        (
            ("instagram", "lucie.velo.lyon", 24_500),
            ("bluesky", "lucievelolyon.bsky.example", 3_200),
        ),
        "Micro-influenceuse vélo urbain à Lyon ; contrat pour deux publications.",
    ),
    DemoPerson(
        "Théo Pédale",
        MemberKind.INFLUENCER,
        Relationship.CREATOR,
        Compensation.GIFT,
        "theo.pedale@demo.mostra.local",
        (("instagram", "theo.pedale", 4_300), ("mastodon", "theo@piaille.example", 900)),
        "Nano-influenceur ; a reçu une révision complète en cadeau.",
    ),
)

KIT = (
    (
        "bluesky",
        "En juin, l'Atelier Vélo Solidaire ouvre ses ateliers d'autoréparation tous les "
        "samedis : on apprend à régler ses freins et à changer une chambre à air, "
        "ensemble. Inscription : {link} #vélo #Lyon",
    ),
    (
        "mastodon",
        "Réparer son vélo soi-même, accompagné·e d'un·e mécanicien·ne : les ateliers de "
        "juin de l'Atelier Vélo Solidaire sont ouverts. Places limitées, inscription "
        "ici : {link} #vélo #Lyon #réparation",
    ),
    (
        "instagram",
        "Collaboration commerciale avec @atelier.velo.solidaire — En juin, venez "
        "apprendre à entretenir votre vélo aux ateliers d'autoréparation du samedi. "
        "Lien d'inscription en bio. #vélo #Lyon",
    ),
)


@dataclass(frozen=True)
class DemoPost:
    """A post of the programme, as the network showed it."""

    person: str
    network: str
    key: str
    text: str
    days_ago: int
    likes: int
    reposts: int
    replies: int


POSTS = (
    DemoPost(
        "Camille Roux",
        "mastodon",
        "112500000000000001",
        "Samedi on répare ensemble ! Les ateliers de juin sont ouverts, venez avec votre "
        "vélo : {link} #vélo #Lyon",
        6,
        34,
        12,
        5,
    ),
    DemoPost(
        "Hélène Marchand",
        "mastodon",
        "112500000000000002",
        "J'ai appris à régler mes freins à l'Atelier Vélo Solidaire, je recommande leurs "
        "ateliers de juin : {link} #vélo",
        5,
        51,
        18,
        7,
    ),
    DemoPost(
        "Lucie Vélo Lyon",
        "instagram",
        "C7demoLucie01",
        # Paid, and no « Collaboration commerciale »: flagged by the compliance check.
        "Ce samedi j'ai découvert l'atelier d'autoréparation de l'Atelier Vélo Solidaire "
        "🚲 On y apprend tout, je vous le conseille ! Lien en bio #vélo #Lyon #partenariat",
        4,
        1_240,
        35,
        88,
    ),
    DemoPost(
        "Théo Pédale",
        "instagram",
        "C7demoTheo01",
        "Collaboration commerciale — Révision complète offerte par l'Atelier Vélo "
        "Solidaire : mon vélo revit ! Leurs ateliers de juin sont ouverts à tous. #vélo",
        3,
        310,
        9,
        21,
    ),
)


def _address(post: DemoPost, handle: str) -> str:
    if post.network == "mastodon":
        user, _at, host = handle.partition("@")
        return f"https://{host}/@{user}/{post.key}"
    if post.network == "bluesky":
        return f"https://bsky.app/profile/{handle}/post/{post.key}"
    return f"https://www.instagram.com/p/{post.key}/"


def seed_demo_programme(build: DemoBuild, now: dt.datetime | None = None) -> int:
    """The demo's programme (a step of :func:`mostra.core.demo.build_demo`); the number
    of posts tracked."""
    owner, workspace = build.owner, build.workspace
    now = now or timezone.now()
    today = timezone.localdate(now)
    members = {}
    for person in PEOPLE:
        member = roster.create_member(
            owner,
            roster.MemberInput(
                name=person.name,
                kind=person.kind,
                relationship=person.relationship,
                compensation=person.compensation,
                email=person.email,
                consent_at=now - dt.timedelta(days=30),
                consent_note="Accord écrit (formulaire du programme)",
                notes=person.note,
            ),
        )
        for network, handle, followers in person.accounts:
            roster.add_account(owner, member, network, handle, followers)
        members[person.name] = member
    objective = Objective.objects.filter(workspace=workspace, key=DEMO_OBJECTIVE).first()
    campaign = campaigns.create_campaign(
        owner,
        campaigns.CampaignInput(
            name="Juin des ateliers",
            start=today - dt.timedelta(days=10),
            end=today + dt.timedelta(days=20),
            networks=[network for network, _text in KIT],
            objective_id=objective.pk if objective else None,
            key_messages=(
                "Les ateliers d'autoréparation du samedi sont ouverts à toutes et tous.\n"
                "On apprend à entretenir son vélo soi-même, accompagné·e par nos "
                "mécanicien·nes."
            ),
            do_say=(
                "Racontez ce que vous avez appris ou réparé ; montrez l'atelier, les outils, "
                "l'ambiance ; invitez à s'inscrire avec votre lien personnel."
            ),
            dont_say=(
                "Ne parlez pas de prix ni de « bon plan » ; pas de comparaison avec d'autres "
                "ateliers ; pas de photo de personnes sans leur accord."
            ),
            hashtags=["#vélo", "#Lyon", "#réparation"],
            link=DEMO_LINK,
            # The workshops' campaign tag, as the paid campaign and the flyer: one campaign,
            # its channels told apart by their medium (ambassador, paid_social, offline).
            utm_campaign="ateliers-autoreparation",
        ),
    )
    for network, text in KIT:
        campaigns.add_kit_post(owner, campaign, campaigns.KitPostInput(network, text))
    deals = {
        "Lucie Vélo Lyon": campaigns.CollaborationInput(
            member_id=0,
            compensation=Compensation.PAID,
            fee=Decimal("450.00"),
            contract_reference="Contrat AVS-2026-06 (2 publications Instagram)",
            start=today - dt.timedelta(days=10),
            end=today + dt.timedelta(days=20),
        ),
        "Théo Pédale": campaigns.CollaborationInput(
            member_id=0,
            compensation=Compensation.GIFT,
            fee=Decimal("85.00"),
            gift="Révision complète du vélo",
        ),
    }
    collaborations = {}
    for name, member in members.items():
        deal = deals.get(name) or campaigns.CollaborationInput(member_id=0)
        deal.member_id = member.pk
        collaborations[name] = campaigns.add_collaboration(owner, campaign, deal)
    for post in POSTS:
        member = members[post.person]
        account = member.accounts.get(network=post.network)
        link = collaborations[post.person].tracked_link
        code = f"https://demo.mostra.local/l/{link.code}" if link else DEMO_LINK
        address = _address(post, account.handle)
        tracked_posts.store_read(
            member,
            ReadPost(
                network=post.network,
                network_id=address,
                url=address,
                text=post.text.replace("{link}", code),
                published_at=now - dt.timedelta(days=post.days_ago, hours=3),
                handle=account.handle,
                language="fr",
                likes=post.likes,
                reposts=post.reposts,
                replies=post.replies,
                followers=account.followers,
            ),
            TrackedPostSource.PUBLIC_FEED
            if post.network in tracked_posts.READ_NETWORKS
            else TrackedPostSource.URL,
            account=account,
            campaign=campaign,
        )
    # The demo's posts are its history: their flag is shown on the compliance page, not
    # e-mailed to the person who just started the app about fictional people.
    TrackedPost.objects.filter(
        workspace=campaign.workspace, compliance=Compliance.NON_COMPLIANT
    ).update(flagged_notified_at=now)
    return len(POSTS)
