"""The demo's listening: what Lyon says about the workshop and its competitor.

Three saved queries (the brand, the competitor CycloRécup Lyon, a topic), two sources
left paused (a Google News search and a Mastodon hashtag: nothing is fetched until the
team resumes them) and six weeks of mentions they brought, in French, stored through the
same pipeline as a reading (matched, language and sentiment read), the older ones
handled within hours: the inbox, the listening KPIs and the report have figures from the
first login.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from mostra.core.demo import DemoBuild
from mostra.listening.items import FetchedItem
from mostra.listening.models import Mention, MentionState, QueryGroup
from mostra.listening.services import queries, sources, store

QUERIES = (
    ("Atelier Vélo Solidaire", '"atelier vélo solidaire" OR "AVS Lyon" OR @avs_lyon', "brand"),
    ("CycloRécup Lyon", '"CycloRécup" OR cyclorecup OR @cyclorecup_lyon', "competitor"),
    ("Réparation de vélos", "(réparation OR autoréparation OR réparer) NEAR/4 vélo*", "topic"),
)


@dataclass(frozen=True)
class Said:
    """One mention of the demo: its text, who, how many days ago, on which network."""

    text: str
    author: str
    followers: int | None
    days_ago: float
    network: str = "mastodon"


#: (text, author, followers, days ago, network). Deterministic: no randomness.
SAID = (
    Said(
        "Merci à l'Atelier Vélo Solidaire, mon vélo repart comme neuf !",
        "@lea@piaille.fr",
        320,
        1.2,
    ),
    Said(
        "L'atelier vélo solidaire était fermé samedi sans prévenir, c'est décevant.",
        "@marc@mastodon.social",
        85,
        1.6,
    ),
    Said(
        "Super accueil chez AVS Lyon, j'ai appris à changer une chambre à air, merci !",
        "@nadia@piaille.fr",
        140,
        2.3,
    ),
    Said(
        "CycloRécup propose des vélos reconditionnés à petit prix, bonne idée.",
        "@julien@mastodon.social",
        410,
        2.8,
    ),
    Said(
        "Atelier d'autoréparation de vélo à la Guillotière ce samedi, venez !",
        "@quartier@piaille.fr",
        1200,
        3.1,
    ),
    Said(
        "Attente horrible à l'atelier vélo solidaire, deux heures pour un pneu, nul.",
        "@sam@mastodon.social",
        60,
        4.5,
    ),
    Said(
        "Bravo AVS Lyon pour les 212 vélos réparés ce mois-ci, impressionnant.",
        "@velolyon@piaille.fr",
        5400,
        5.2,
    ),
    Said(
        "CycloRécup Lyon ouvre un deuxième atelier à Villeurbanne.", "Le Progrès", None, 6.0, "feed"
    ),
    Said(
        "Réparer son vélo soi-même, c'est possible : l'atelier vélo solidaire montre comment.",
        "Lyon Capitale",
        None,
        7.4,
        "feed",
    ),
    Said(
        "Merci AVS Lyon, la bourse aux vélos était très bien organisée.",
        "@claire@piaille.fr",
        230,
        8.8,
    ),
    Said(
        "CycloRécup : service rapide et efficace, je recommande.", "@tom@mastodon.social", 150, 9.3
    ),
    Said(
        "L'Atelier Vélo Solidaire recrute des bénévoles pour la rentrée, génial.",
        "@asso69@piaille.fr",
        2600,
        10.1,
    ),
    Said(
        "Déçue par l'atelier vélo solidaire, mon dérailleur est encore cassé.",
        "@ines@mastodon.social",
        45,
        11.6,
    ),
    Said(
        "Tuto réparation vélo de l'atelier vélo solidaire très clair, merci !",
        "@hugo@piaille.fr",
        90,
        13.0,
    ),
    Said(
        "CycloRécup Lyon : trop cher, vraiment décevant pour un vélo d'occasion.",
        "@leo@mastodon.social",
        70,
        14.2,
    ),
    Said("Belle initiative d'AVS Lyon avec les écoles du 7e.", "@ecole7@piaille.fr", 640, 16.4),
    Said(
        "L'atelier vélo solidaire, une vraie réussite pour l'insertion à Lyon.",
        "Rue89Lyon",
        None,
        18.0,
        "feed",
    ),
    Said(
        "J'ai réparé ma roue à l'atelier vélo solidaire, ambiance géniale.",
        "@paul@piaille.fr",
        110,
        20.5,
    ),
    Said(
        "CycloRécup organise une collecte de vieux vélos dimanche.",
        "@cyclorecup_lyon@mastodon.social",
        3150,
        22.0,
    ),
    Said(
        "Atelier vélo solidaire : horaires pas clairs sur le site, c'est pénible.",
        "@anne@mastodon.social",
        38,
        24.3,
    ),
    Said("Merci AVS Lyon pour l'atelier chaîne, super pédagogie.", "@kevin@piaille.fr", 75, 27.0),
    Said(
        "CycloRécup Lyon récompensé par la Métropole pour son action.",
        "Lyon Mag",
        None,
        29.5,
        "feed",
    ),
    Said(
        "Encore une belle matinée d'autoréparation vélo avec l'atelier vélo solidaire.",
        "@mila@piaille.fr",
        260,
        33.0,
    ),
    Said(
        "Atelier vélo solidaire : excellent conseil pour choisir un vélo d'occasion.",
        "@yanis@mastodon.social",
        55,
        36.2,
    ),
    Said(
        "CycloRécup : pas de réponse à mes messages depuis une semaine, décevant.",
        "@eva@mastodon.social",
        48,
        39.0,
    ),
    Said(
        "AVS Lyon à la fête du vélo : stand plein toute la journée, bravo.",
        "@fetevelo@piaille.fr",
        1800,
        41.5,
    ),
)

#: Mentions older than this were handled (or ignored) by the team, within hours.
HANDLED_AFTER_DAYS = 3.0


def seed_demo_listening(build: DemoBuild, now: dt.datetime | None = None) -> int:
    """The demo's queries, paused sources and mentions; returns how many mentions."""
    now = now or timezone.now()
    owner, workspace = build.owner, build.workspace
    for name, text, group in QUERIES:
        queries.add_query(owner, name=name, text=text, group=QueryGroup(group))
    news = sources.add_source(
        owner, "google_news", {"words": "atelier vélo Lyon", "language": "fr"}
    )
    hashtag = sources.add_source(
        owner, "mastodon_hashtag", {"instance": "piaille.fr", "hashtag": "vélo"}
    )
    for source in (news, hashtag):
        sources.set_enabled(owner, source.pk, False)
    stored = 0
    for source, network in ((news, "feed"), (hashtag, "mastodon")):
        items = [
            _item(i, said, now)
            for i, said in enumerate(SAID)
            if (said.network == "feed") == (network == "feed")
        ]
        stored += store.store(items, workspace=workspace, source=source, fetched_at=now)
    _handled(workspace.pk, now)
    return stored


def _item(index: int, said: Said, now: dt.datetime) -> FetchedItem:
    published = now - dt.timedelta(days=said.days_ago)
    address = (
        f"https://piaille.fr/@demo/{110000 + index}"
        if said.network == "mastodon"
        else f"https://actu.example.org/lyon/velo-{index}"
    )
    return FetchedItem(
        guid=address,
        text=said.text,
        url=address,
        author=said.author,
        author_followers=said.followers,
        published_at=published,
        network=said.network,
        kind="post" if said.network == "mastodon" else "article",
    )


def _handled(workspace_id: int, now: dt.datetime) -> None:
    """The older mentions answered within hours (the negative ones faster), a few
    ignored: a median response time and a backlog of new ones to triage."""
    older = Mention.objects.filter(
        workspace_id=workspace_id, published_at__lt=now - dt.timedelta(days=HANDLED_AFTER_DAYS)
    ).order_by("published_at", "id")
    for i, mention in enumerate(older):
        hours = 2 if (mention.sentiment or 0) < 0 else 5 + i % 7
        state = MentionState.IGNORED if i % 6 == 5 else MentionState.HANDLED
        Mention.objects.filter(pk=mention.pk).update(
            state=state, responded_at=mention.published_at + dt.timedelta(hours=hours)
        )
