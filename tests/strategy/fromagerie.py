"""The realistic strategy many tests start from: a cheese shop on three networks, three
ranked targets, four objectives (one of them deliberately flawed), their strategies and
tactics."""

from __future__ import annotations

import datetime as dt
import re

from mostra.core.models import Membership
from mostra.strategy import document as d
from mostra.strategy.services import objects as service

TODAY = dt.date.today()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def build_strategy(actor: Membership, *, flawed: bool = True, extra_objectives: int = 0) -> None:
    """A complete strategy through the services, as a community manager would enter it."""
    service.save_profile(
        actor,
        vision="Faire de la Fromagerie du Lac la référence des fromages fermiers de la "
        "région, en montrant les producteurs et les savoir-faire derrière chaque meule.",
        posts_per_week=8,
    )
    for network, why in [
        ("instagram", "Montrer les produits et les coulisses de l'affinage."),
        ("facebook", "Informer la clientèle locale des arrivages et des événements."),
        ("linkedin", "Trouver des restaurateurs et des épiceries fines partenaires."),
    ]:
        service.save_mission_network(
            actor,
            d.MissionNetwork(
                network=network,
                why=why,
                audience_present=True,
                competitors_present=True,
                partners_present=network != "instagram",
                behaviour=["shares", "opinions"],
                active=True,
            ),
        )
    service.save_target(
        actor,
        d.Target(
            id="t-gourmets",
            name="Gourmets de la région",
            priority=1,
            segments=d.Segments(age=["25-34", "35-49"], gender=["women"], country="FR"),
            behaviour={"instagram": ["shares", "opinions"], "facebook": ["opinions"]},
            evidence="Commentaires et partages sous nos posts d'arrivages.",
        ),
    )
    service.save_target(
        actor,
        d.Target(
            id="t-restaurateurs",
            name="Restaurateurs et épiceries fines",
            priority=2,
            segments=d.Segments(age=["30-49", "50-64"], country="FR"),
            behaviour={"linkedin": ["opinions", "sells"]},
        ),
    )
    service.save_target(
        actor,
        d.Target(
            id="t-touristes",
            name="Touristes de passage",
            kind="indirect",
            priority=3,
            segments=d.Segments(age=["18-29", "30-49"]),
        ),
    )
    service.save_target(
        actor,
        d.Target(
            id="t-influenceurs",
            name="Influenceurs culinaires",
            typology="individual",
            segments=d.Segments(age=["25-34"]),
            behaviour={"instagram": ["posts", "sells"]},
        ),
    )
    for network, since, stage in [
        ("instagram", dt.date(2023, 3, 1), "established"),
        ("facebook", dt.date(2019, 6, 1), "established"),
        ("linkedin", days(-60), "launching"),
        ("tiktok", None, "candidate"),
    ]:
        service.save_platform(
            actor,
            d.Platform(
                network=network, handle="@fromageriedulac", present_since=since, stage=stage
            ),
        )
    owner = actor.user.email
    objectives = [
        d.Objective(
            id="o-notoriete-ig",
            title="Faire connaître l'affinage sur Instagram",
            description="Plus d'abonnés locaux qui découvrent nos producteurs.",
            axis="awareness",
            networks=["instagram"],
            kpi="followers",
            baseline=d.Baseline(value=1200, date=days(-20), source="Statistiques Instagram"),
            target=1500,
            start=days(-10),
            deadline=days(170),
            owner=owner,
            targets=["t-gourmets", "t-touristes"],
        ),
        d.Objective(
            id="o-engagement-fb",
            title="Faire aimer nos arrivages sur Facebook",
            description="Des clients qui réagissent et recommandent.",
            axis="liking",
            networks=["facebook"],
            kpi="engagement_rate_reach",
            baseline=d.Baseline(value=2.1, date=days(-15), source="Meta Business Suite"),
            target=2.6,
            start=days(-5),
            deadline=days(175),
            owner=owner,
            targets=["t-gourmets"],
        ),
        d.Objective(
            id="o-leads-linkedin",
            title="Obtenir des contacts de restaurateurs",
            description="Des demandes de tarifs professionnels via le site.",
            axis="action",
            networks=["linkedin"],
            kpi="leads",
            baseline=d.Baseline(value=4, date=days(-10), source="Formulaire du site"),
            target=5,
            start=days(0),
            deadline=days(120),
            owner=owner,
            targets=["t-restaurateurs"],
        ),
    ]
    if flawed:
        objectives.append(
            d.Objective(
                id="o-ventes-tiktok",
                title="Vendre des plateaux sur TikTok",
                axis="action",
                networks=["tiktok"],
                kpi="sales",
                baseline=d.Baseline(value=30, date=days(-5)),
                target=20,
                targets=[],
            )
        )
    for i in range(extra_objectives):
        objectives.append(
            d.Objective(
                id=f"o-extra-{i}",
                title=f"Objectif supplémentaire {i}",
                axis=["awareness", "liking", "action"][i % 3],
                networks=["instagram"],
                kpi="reach",
                baseline=d.Baseline(value=1000 + i, date=days(-3)),
                target=1100 + i,
                start=days(0),
                deadline=days(90),
                owner=owner,
                targets=["t-gourmets"],
            )
        )
    for o in objectives:
        service.save_objective(actor, o)
    for sid, objective, title, plan in [
        ("s-coulisses", "o-notoriete-ig", "Les coulisses de l'affinage", "Reels en cave."),
        ("s-arrivages", "o-engagement-fb", "Les arrivages de la semaine", "Un post par arrivage."),
        ("s-pro", "o-leads-linkedin", "Le blog des pros", "Articles, puis formulaire de contact."),
        *([(f"s-extra-{i}", f"o-extra-{i}", f"Plan {i}", "") for i in range(extra_objectives)]),
    ]:
        service.save_strategy(
            actor,
            d.Strategy(
                id=sid,
                objective=objective,
                title=title,
                plan=plan,
                owned_channels=["blog"] if sid == "s-pro" else [],
            ),
        )
    tactics = [
        d.Tactic(
            id="k-reels",
            strategy="s-coulisses",
            title="Reels en cave d'affinage",
            networks=["instagram"],
            content_types=["video"],
            formats=["reel"],
            slots=[d.Slot(day="tue", time="18:30"), d.Slot(day="sat", time="10:00")],
            per_week=2,
            targets=["t-gourmets"],
        ),
        d.Tactic(
            id="k-arrivages",
            strategy="s-arrivages",
            title="Photo des arrivages",
            networks=["facebook", "instagram"],
            content_types=["photo"],
            formats=["post", "story"],
            slots=[
                d.Slot(day="wed", time="09:00", network="facebook"),
                d.Slot(day="fri", time="12:00", network="instagram"),
            ],
            per_week=3,
            targets=["t-gourmets", "t-touristes"],
        ),
        d.Tactic(
            id="k-articles",
            strategy="s-pro",
            title="Article du mois pour les pros",
            networks=["linkedin"],
            content_types=["text", "link"],
            formats=["article"],
            slots=[d.Slot(day="thu", time="08:30")],
            per_week=1,
            targets=["t-restaurateurs"],
        ),
    ]
    for i in range(extra_objectives):
        tactics.append(
            d.Tactic(
                id=f"k-extra-{i}",
                strategy=f"s-extra-{i}",
                title=f"Tactique {i}",
                networks=["instagram"],
                content_types=["photo"],
                formats=["post"],
                slots=[d.Slot(day="mon", time="11:00")],
                per_week=0.5,
                targets=["t-gourmets"],
            )
        )
    for t in tactics:
        service.save_tactic(actor, t)


def url(workspace, suffix: str = "") -> str:
    return f"/w/{workspace.slug}/strategy/{suffix}"


def letters(html: str, objective_id: str) -> dict[str, str]:
    """The SMART letters of an objective's card, as {letter: ok|fail|unknown}."""
    block = html.split(f'id="smart-{objective_id}"', 1)[1].split("</ul>", 1)[0]
    return dict(re.findall(r'data-letter="(\w)" data-state="(\w+)"', block))
