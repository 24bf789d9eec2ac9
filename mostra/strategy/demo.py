"""The demo workspace's strategy: « Atelier Vélo Solidaire », a bicycle-repair social
enterprise in Lyon.

A complete, coherent strategy in French (mission, ranked targets, platforms, objectives
on the three axes, strategies, tactics), plus one deliberately flawed objective so that
the lint has something to show: an "action" objective on LinkedIn, an account opened
in August 2026, whose target value is below its baseline and which has no deadline.

Everything is fixed (no "today"): the demo is the same on every run. It is built by
:func:`build_demo_strategy` through :mod:`mostra.strategy.services.objects`, like a
person in the app would, so that every object is in the audit log.
"""

from __future__ import annotations

import datetime as dt

from mostra.core.demo import DEMO_STRATEGY_OWNER, DemoBuild
from mostra.core.models import Membership
from mostra.strategy import document as d
from mostra.strategy.services import objects

#: The demo's strategy was written on this day: its baselines are from the end of
#: October 2026 and its objectives start on 1 December 2026.
WRITTEN_ON = dt.date(2026, 11, 22)
#: The id of the objective that is wrong on purpose.
FLAWED_OBJECTIVE = "o-contrats-flottes-linkedin"

VISION = (
    "Que chaque Lyonnaise et chaque Lyonnais puisse rouler sur un vélo sûr, réparé plutôt "
    "que jeté. D'ici 2030, l'Atelier Vélo Solidaire veut être le lieu de référence du vélo "
    "solidaire dans la Métropole de Lyon : réparer, apprendre à réparer, et former chaque "
    "année douze mécanicien·nes cycle en parcours d'insertion."
)

MISSION_NETWORKS = [
    d.MissionNetwork(
        network="facebook",
        why=(
            "Fédérer la communauté de proximité (adhérent·es, bénévoles, voisin·es du 7e) et "
            "annoncer les ateliers, les permanences et les bourses aux vélos."
        ),
        audience_present=True,
        competitors_present=True,
        partners_present=True,
        behaviour=["shares", "opinions"],
        active=True,
    ),
    d.MissionNetwork(
        network="instagram",
        why=(
            "Montrer le travail de l'atelier en images : avant/après de réparations, tutos "
            "express, portraits de l'équipe en insertion."
        ),
        audience_present=True,
        competitors_present=True,
        partners_present=True,
        behaviour=["posts", "shares"],
        active=True,
    ),
    d.MissionNetwork(
        network="linkedin",
        why=(
            "Parler aux entreprises engagées (RSE, forfait mobilités durables) et aux "
            "financeurs ; valoriser le parcours d'insertion et l'impact de l'atelier."
        ),
        audience_present=True,
        competitors_present=False,
        partners_present=True,
        behaviour=["opinions", "shares", "sells"],
        active=True,
    ),
    d.MissionNetwork(
        network="youtube",
        why=(
            "Envisagé pour des tutoriels de réparation longs, que les cyclistes cherchent "
            "quand une panne les arrête ; à décider en 2027 selon le temps disponible."
        ),
        audience_present=True,
        competitors_present=True,
        partners_present=False,
        behaviour=["opinions"],
        active=True,
    ),
]

TARGETS = [
    d.Target(
        id="t-cyclistes-quotidien",
        name="Cyclistes du quotidien lyonnais",
        kind="direct",
        priority=1,
        typology="collective",
        segments=d.Segments(age=["25-34", "30-49"], country="FR"),
        behaviour={"instagram": ["shares", "posts"], "facebook": ["opinions", "shares"]},
        evidence=(
            "Enquête adhérent·es de juin 2026 (312 réponses) : 68 % suivent l'atelier sur "
            "Instagram, 54 % sur Facebook ; les questions d'entretien arrivent surtout en "
            "commentaires Facebook."
        ),
    ),
    d.Target(
        id="t-entreprises-rse",
        name="Entreprises RSE du territoire",
        kind="direct",
        priority=2,
        typology="collective",
        segments=d.Segments(age=["30-49", "50-64"], education=["college_grad"], country="FR"),
        behaviour={"linkedin": ["opinions", "shares"]},
        inactive=["facebook"],
        evidence=(
            "Douze entreprises ont participé au Challenge Mobilité 2026 avec l'atelier ; "
            "leurs responsables RSE publient et commentent sur LinkedIn, pas sur Facebook."
        ),
    ),
    d.Target(
        id="t-collectivites-financeurs",
        name="Collectivités et financeurs",
        kind="indirect",
        priority=3,
        typology="collective",
        segments=d.Segments(age=["30-49", "50-64"], country="FR"),
        behaviour={"linkedin": ["opinions"], "facebook": ["shares"]},
        evidence=(
            "Métropole de Lyon, mairie du 7e, fondations d'entreprise : leurs chargé·es de "
            "mission suivent LinkedIn et relaient les actions de terrain sur Facebook."
        ),
    ),
    d.Target(
        id="t-velotafeurs-influents",
        name="Vélotafeurs influents",
        kind="direct",
        priority=None,
        typology="individual",
        segments=d.Segments(age=["25-34"], country="FR"),
        behaviour={"instagram": ["posts", "shares"], "youtube": ["posts"]},
        evidence=(
            "Une dizaine de comptes lyonnais (5 000 à 40 000 abonné·es) qui publient leurs "
            "trajets et leurs tests de matériel ; trois ont déjà cité l'atelier."
        ),
    ),
]

PLATFORMS = [
    d.Platform(
        network="facebook",
        handle="AtelierVeloSolidaireLyon",
        present_since=dt.date(2019, 3, 1),
        stage="established",
    ),
    d.Platform(
        network="instagram",
        handle="@atelier.velo.solidaire",
        present_since=dt.date(2021, 5, 1),
        stage="established",
    ),
    d.Platform(
        network="linkedin",
        handle="atelier-velo-solidaire",
        present_since=dt.date(2026, 8, 1),
        stage="launching",
    ),
    d.Platform(network="youtube", stage="candidate"),
]

BASELINE_DATE = dt.date(2026, 10, 31)
START = dt.date(2026, 12, 1)


def objectives(manager_email: str) -> list[d.Objective]:
    """The objectives, owned by the communication manager."""
    return [
        d.Objective(
            id="o-notoriete-instagram",
            title="Faire connaître l'atelier aux cyclistes lyonnais sur Instagram",
            description=(
                "Augmenter la portée mensuelle du compte Instagram auprès des cyclistes du "
                "quotidien, en montrant les réparations et l'équipe."
            ),
            axis="awareness",
            networks=["instagram"],
            kpi="reach",
            baseline=d.Baseline(
                value=18000,
                date=BASELINE_DATE,
                source="Meta Business Suite, portée mensuelle d'octobre 2026",
            ),
            target=27000,
            start=START,
            deadline=dt.date(2027, 8, 31),
            owner=manager_email,
            targets=["t-cyclistes-quotidien"],
            alignment=(
                "Projet associatif 2025-2028, axe 1 : passer de 2 400 à 4 000 vélos réparés par an."
            ),
        ),
        d.Objective(
            id="o-notoriete-linkedin-rse",
            title="Faire connaître l'offre « vélo en entreprise » aux responsables RSE",
            description=(
                "Installer la page LinkedIn de l'atelier auprès des entreprises et des "
                "financeurs de la métropole."
            ),
            axis="awareness",
            networks=["linkedin"],
            kpi="impressions",
            baseline=d.Baseline(
                value=2400,
                date=BASELINE_DATE,
                source="Statistiques de la page LinkedIn, impressions d'octobre 2026",
            ),
            target=5000,
            start=START,
            deadline=dt.date(2027, 8, 31),
            owner=manager_email,
            targets=["t-entreprises-rse", "t-collectivites-financeurs"],
            alignment=(
                "Diversifier les ressources : 30 % du budget issu des prestations aux "
                "entreprises d'ici 2028."
            ),
        ),
        d.Objective(
            id="o-engagement-facebook",
            title="Faire aimer l'atelier : plus d'échanges avec la communauté Facebook",
            description=(
                "Faire réagir et commenter les adhérent·es, bénévoles et partenaires, pour "
                "que la page soit un lieu d'entraide et non un panneau d'affichage."
            ),
            axis="liking",
            networks=["facebook"],
            kpi="engagement_rate_reach",
            baseline=d.Baseline(
                value=3.2,
                date=BASELINE_DATE,
                source="Meta Business Suite, taux d'engagement par portée, octobre 2026",
            ),
            target=4,
            start=START,
            deadline=dt.date(2027, 7, 31),
            owner=manager_email,
            targets=["t-cyclistes-quotidien", "t-collectivites-financeurs"],
            alignment="Charte de la vie associative : faire participer adhérent·es et bénévoles.",
        ),
        d.Objective(
            id="o-inscriptions-ateliers",
            title="Faire agir : remplir les ateliers d'autoréparation",
            description=(
                "Amener les cyclistes des réseaux sociaux jusqu'au formulaire d'inscription "
                "des ateliers d'autoréparation, via le blog et les pages du site."
            ),
            axis="action",
            networks=["facebook", "instagram"],
            kpi="registrations",
            baseline=d.Baseline(
                value=45,
                date=BASELINE_DATE,
                source="Formulaire d'inscription du site, visites avec UTM réseaux sociaux",
            ),
            target=70,
            start=START,
            deadline=dt.date(2027, 6, 30),
            owner=manager_email,
            targets=["t-cyclistes-quotidien"],
            alignment=(
                "Projet associatif, axe 2 : rendre les cyclistes autonomes (objectif de "
                "800 participant·es par an aux ateliers)."
            ),
        ),
        # Wrong on purpose: an action objective on an account opened in August 2026,
        # a target below the baseline for a KPI that should go up, and no deadline.
        d.Objective(
            id=FLAWED_OBJECTIVE,
            title="Décrocher des contrats d'entretien de flottes via LinkedIn",
            description=(
                "Obtenir des demandes de devis pour l'entretien des flottes de vélos de "
                "service des entreprises."
            ),
            axis="action",
            networks=["linkedin"],
            kpi="leads",
            baseline=d.Baseline(
                value=6, date=BASELINE_DATE, source="Tableur des demandes de devis, octobre 2026"
            ),
            target=4,
            start=START,
            deadline=None,
            owner=manager_email,
            targets=["t-entreprises-rse"],
            alignment="Diversifier les ressources (prestations aux entreprises).",
        ),
    ]


STRATEGIES = [
    d.Strategy(
        id="s-atelier-en-images",
        objective="o-notoriete-instagram",
        title="Montrer l'atelier en action",
        plan=(
            "Avant/après de réparations et tutos express en format court ; portraits des "
            "mécanicien·nes en insertion ; relais par les vélotafeurs influents qui "
            "connaissent déjà l'atelier."
        ),
    ),
    d.Strategy(
        id="s-vitrine-entreprises",
        objective="o-notoriete-linkedin-rse",
        title="Une vitrine pour les entreprises et les financeurs",
        plan=(
            "Témoignages d'entreprises partenaires, chiffres d'impact (vélos réparés, "
            "parcours d'insertion), prises de parole de la directrice ; chaque post renvoie "
            "vers la page « Entreprises » du site."
        ),
        owned_channels=["page « Entreprises » du site"],
    ),
    d.Strategy(
        id="s-communaute-facebook",
        objective="o-engagement-facebook",
        title="Animer la communauté",
        plan=(
            "La question d'entretien du vendredi, des sondages sur les prochains ateliers, "
            "les coulisses des bénévoles ; réponse à chaque commentaire sous 24 heures."
        ),
    ),
    d.Strategy(
        id="s-parcours-inscription",
        objective="o-inscriptions-ateliers",
        title="Du post au formulaire d'inscription",
        plan=(
            "Chaque publication renvoie vers un article du blog (conseils d'entretien), qui "
            "mène à la page « Ateliers » et à son formulaire d'inscription ; liens avec UTM "
            "pour mesurer ce qui vient des réseaux."
        ),
        owned_channels=["blog", "pages du site (Ateliers, Tarifs)", "formulaire de contact"],
    ),
    d.Strategy(
        id="s-boosts-facebook",
        objective="o-inscriptions-ateliers",
        title="Boosts payants sur Facebook",
        plan=(
            "Sponsoriser deux publications par mois vers la page « Ateliers » : 25-49 ans, "
            "Lyon et 10 km autour, 60 € par mois."
        ),
        owned_channels=["page « Ateliers » du site"],
        paid=True,
    ),
]

TACTICS = [
    d.Tactic(
        id="k-reels-avant-apres",
        strategy="s-atelier-en-images",
        title="Réels avant/après",
        networks=["instagram"],
        content_types=["video"],
        formats=["reel"],
        slots=[
            d.Slot(day="tue", time="10:00", network="instagram"),
            d.Slot(day="sat", time="11:00", network="instagram"),
        ],
        per_week=2,
        targets=["t-cyclistes-quotidien", "t-velotafeurs-influents"],
    ),
    d.Tactic(
        id="k-carrousels-tutos",
        strategy="s-atelier-en-images",
        title="Carrousels « tuto express »",
        networks=["instagram"],
        content_types=["photo", "infographic"],
        formats=["carousel"],
        slots=[d.Slot(day="thu", time="18:30", network="instagram")],
        per_week=1,
        targets=["t-cyclistes-quotidien"],
    ),
    d.Tactic(
        id="k-temoignages-linkedin",
        strategy="s-vitrine-entreprises",
        title="Témoignages d'entreprises et chiffres d'impact",
        networks=["linkedin"],
        content_types=["text", "photo"],
        formats=["post", "article"],
        slots=[d.Slot(day="tue", time="08:30", network="linkedin")],
        per_week=1,
        targets=["t-entreprises-rse", "t-collectivites-financeurs"],
    ),
    d.Tactic(
        id="k-question-du-vendredi",
        strategy="s-communaute-facebook",
        title="La question d'entretien du vendredi",
        networks=["facebook"],
        content_types=["text", "poll"],
        formats=["post"],
        slots=[d.Slot(day="fri", time="12:30", network="facebook")],
        per_week=1,
        targets=["t-cyclistes-quotidien", "t-collectivites-financeurs"],
    ),
    d.Tactic(
        id="k-coulisses-benevoles",
        strategy="s-communaute-facebook",
        title="Coulisses des bénévoles",
        networks=["facebook"],
        content_types=["photo"],
        formats=["post"],
        slots=[d.Slot(day="wed", time="18:00", network="facebook")],
        per_week=1,
        targets=["t-cyclistes-quotidien"],
    ),
    d.Tactic(
        id="k-conseils-blog",
        strategy="s-parcours-inscription",
        title="Conseil d'entretien avec lien vers le blog",
        networks=["facebook"],
        content_types=["link", "photo"],
        formats=["post"],
        slots=[d.Slot(day="mon", time="18:00", network="facebook")],
        per_week=1,
        targets=["t-cyclistes-quotidien"],
    ),
    d.Tactic(
        id="k-boost-ateliers",
        strategy="s-boosts-facebook",
        title="Publication sponsorisée « prochains ateliers »",
        networks=["facebook"],
        content_types=["photo", "event"],
        formats=["post"],
        slots=[d.Slot(day="sun", time="17:00", network="facebook")],
        per_week=0.5,
        targets=["t-cyclistes-quotidien"],
    ),
]

#: The team's capacity: posts a week (the tactics plan 7.5).
POSTS_PER_WEEK = 8


def seed_demo_strategy(build: DemoBuild) -> None:
    """The demo's strategy, its objectives owned by the team's manager (a step of
    :func:`mostra.core.demo.build_demo`)."""
    build_demo_strategy(build.owner, build.team[DEMO_STRATEGY_OWNER].user.email)


def build_demo_strategy(actor: Membership, manager_email: str) -> None:
    """Write the demo strategy into the actor's workspace through the services."""
    objects.save_profile(actor, vision=VISION, posts_per_week=POSTS_PER_WEEK)
    for mission in MISSION_NETWORKS:
        objects.save_mission_network(actor, mission)
    for target in TARGETS:
        objects.save_target(actor, target)
    for platform in PLATFORMS:
        objects.save_platform(actor, platform)
    for objective in objectives(manager_email):
        objects.save_objective(actor, objective)
    for strategy in STRATEGIES:
        objects.save_strategy(actor, strategy)
    for tactic in TACTICS:
        objects.save_tactic(actor, tactic)
