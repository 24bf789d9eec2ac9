"""The demo workspace's calendar: about 25 posts over this month and the next.

« Atelier Vélo Solidaire » posts along its tactics' slots (Tuesday 10:00 Instagram reel,
Friday 12:30 Facebook question…), in content pillars with their colours, by its
community manager, its communication manager and its graphic designer, in every
status of the workflow: what is past is published, the coming days are scheduled or
approved, later ones are still in review or drafts. Two team events are on the
calendar too (a bike swap and a trade fair). Unlike the strategy, the calendar follows
today: a calendar of last year would show nothing.

:func:`seed_demo_calendar` is idempotent: pillars and events are found by name, and
posts are added only when the demo pillars have none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from mostra.core.models import Membership, Role, User, Workspace
from mostra.editorial.models import (
    Approval,
    CalendarEvent,
    ContentPillar,
    Decision,
    EventKind,
    Post,
    PostStatus,
    PostVariant,
)
from mostra.editorial.services.calendar_time import local_today, workspace_zone
from mostra.strategy.models import Tactic

#: name -> (colour, description)
PILLARS: dict[str, tuple[str, str]] = {
    "Avant / après": ("#d9480f", "Des vélos sauvés de la casse, en images."),
    "Tutos express": ("#2b8a3e", "Un geste d'entretien en une minute."),
    "Impact et partenaires": ("#1971c2", "Chiffres, entreprises engagées, financeurs."),
    "Vie de l'atelier": ("#ae3ec9", "Bénévoles, ateliers, rendez-vous de quartier."),
}

#: tactic key -> (pillar, author's demo key, texts to cycle through)
TACTIC_POSTS: dict[str, tuple[str, str, list[str]]] = {
    "k-reels-avant-apres": (
        "Avant / après",
        "community",
        [
            "Ce Peugeot de 1982 dormait dans une cave. Deux heures d'atelier plus tard, il "
            "repart pour dix ans. #vélo #réparation #Lyon",
            "Roue voilée, chaîne rouillée, freins fatigués : regardez la transformation. "
            "#upcycling #vélo",
            "Un vélo d'enfant remis à neuf pour la bourse aux vélos. #réemploi #Lyon",
        ],
    ),
    "k-carrousels-tutos": (
        "Tutos express",
        "graphiste",
        [
            "Régler ses freins en 4 étapes : faites glisser pour suivre le geste. #tuto",
            "Gonfler à la bonne pression : le repère est écrit sur le flanc du pneu. #tuto",
            "Nettoyer sa chaîne sans produit agressif, en 5 images. #entretien",
        ],
    ),
    "k-temoignages-linkedin": (
        "Impact et partenaires",
        "communication",
        [
            "Cette année, 1 200 vélos réparés et 12 mécanicien·nes formé·es en parcours "
            "d'insertion. Merci à nos entreprises partenaires. #ESS #mobilité",
            "Forfait mobilités durables : comment une entreprise lyonnaise a remis 40 "
            "salarié·es en selle avec nous. #RSE",
        ],
    ),
    "k-question-du-vendredi": (
        "Tutos express",
        "community",
        [
            "La question du vendredi : à quelle fréquence graissez-vous votre chaîne ?",
            "La question du vendredi : pneus à chambre à air ou tubeless, qu'en pensez-vous ?",
        ],
    ),
    "k-coulisses-benevoles": (
        "Vie de l'atelier",
        "community",
        [
            "Martine anime l'atelier du samedi depuis six ans. Elle vous raconte pourquoi.",
            "Dans les coulisses : le tri des pièces détachées du mercredi soir.",
        ],
    ),
    "k-conseils-blog": (
        "Tutos express",
        "community",
        ["Conseil de saison : préparez votre vélo pour l'hiver, notre guide est sur le blog."],
    ),
    "k-boost-ateliers": (
        "Vie de l'atelier",
        "communication",
        ["Les prochains ateliers d'autoréparation sont ouverts : réservez votre place."],
    ),
}
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
#: How many of the week's slots get a post, week after week.
PER_WEEK = 3


@dataclass(frozen=True)
class Slot:
    tactic: Tactic
    weekday: int
    time: dt.time
    network: str


def _slots(workspace: Workspace) -> list[Slot]:
    slots = []
    for tactic in Tactic.objects.filter(workspace=workspace, key__in=TACTIC_POSTS):
        for slot in tactic.slots or []:
            hour, minute = (int(x) for x in slot["time"].split(":"))
            network = slot.get("network") or (tactic.networks or ["facebook"])[0]
            slots.append(Slot(tactic, DAYS.index(slot["day"]), dt.time(hour, minute), network))
    return sorted(slots, key=lambda s: (s.weekday, s.time, s.tactic.key))


def _status(when: dt.datetime, now: dt.datetime, index: int) -> str:
    """Past: published; this week: scheduled; later, the workflow's other states."""
    if when <= now:
        return PostStatus.PUBLISHED
    days = (when - now).days
    if days < 7:
        return PostStatus.SCHEDULED
    if days < 14:
        return [PostStatus.APPROVED, PostStatus.IN_REVIEW][index % 2]
    return [PostStatus.DRAFT, PostStatus.IN_REVIEW, PostStatus.CHANGES_REQUESTED][index % 3]


def _members(workspace: Workspace) -> dict[str, User]:
    from mostra.core.demo import DEMO_MEMBERS

    emails = {m.email: m.key for m in DEMO_MEMBERS}
    found = {
        emails[m.user.email]: m.user
        for m in Membership.objects.select_related("user").filter(workspace=workspace)
        if m.user.email in emails
    }
    owner = Membership.objects.filter(workspace=workspace, role=Role.OWNER).first()
    fallback = owner.user if owner else None
    return {key: found.get(key, fallback) for key in ("community", "communication", "graphiste")}


def _events(workspace: Workspace, today: dt.date) -> None:
    first_of_next = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    swap = first_of_next + dt.timedelta(days=(5 - first_of_next.weekday()) % 7 + 7)
    fair = today + dt.timedelta(days=9)
    for title, kind, starts_on, ends_on, note in [
        (
            "Bourse aux vélos de l'atelier",
            EventKind.LAUNCH,
            swap,
            None,
            "Dépôt des vélos le vendredi soir, vente le samedi de 9 h à 17 h.",
        ),
        (
            "Salon Vélo & Mobilités de Lyon",
            EventKind.TRADE_FAIR,
            fair,
            fair + dt.timedelta(days=2),
            "Stand partagé avec le réseau des ateliers vélo.",
        ),
    ]:
        CalendarEvent.objects.get_or_create(
            workspace=workspace,
            title=title,
            defaults={"kind": kind, "starts_on": starts_on, "ends_on": ends_on, "note": note},
        )


@transaction.atomic
def seed_demo_calendar(workspace: Workspace, now: dt.datetime | None = None) -> int:
    """Give the demo workspace its pillars, events and posts; returns the posts added."""
    now = now or timezone.now()
    zone = workspace_zone(workspace)
    today = local_today(zone, now)
    pillars = {
        name: ContentPillar.objects.get_or_create(
            workspace=workspace,
            name=name,
            defaults={"color": colour, "description": description, "position": position},
        )[0]
        for position, (name, (colour, description)) in enumerate(PILLARS.items())
    }
    _events(workspace, today)
    if Post.objects.filter(workspace=workspace, pillar__in=pillars.values()).exists():
        return 0
    slots = _slots(workspace)
    if not slots:
        return 0
    people = _members(workspace)
    approver = people["communication"]
    first = today.replace(day=1)
    last = (first + dt.timedelta(days=62)).replace(day=1) - dt.timedelta(days=1)
    monday = first - dt.timedelta(days=first.weekday())
    created = 0
    week = 0
    used: dict[str, int] = {}
    while monday <= last:
        for n in range(PER_WEEK):
            slot = slots[(week * PER_WEEK + n) % len(slots)]
            day = monday + dt.timedelta(days=slot.weekday)
            if not first <= day <= last:
                continue
            when = dt.datetime.combine(day, slot.time, tzinfo=zone)
            pillar_name, author_key, texts = TACTIC_POSTS[slot.tactic.key]
            turn = used.get(slot.tactic.key, 0)
            used[slot.tactic.key] = turn + 1
            status = _status(when, now, created)
            author = people[author_key]
            if status != PostStatus.DRAFT and author == approver:
                author = people["community"]  # nobody approves their own post
            post = Post.objects.create(
                workspace=workspace,
                tactic=slot.tactic,
                pillar=pillars[pillar_name],
                title=slot.tactic.title if turn == 0 else "",
                author=author,
                status=status,
                scheduled_at=when.astimezone(dt.UTC),
                sensitive=slot.tactic.key == "k-temoignages-linkedin" and turn == 0,
            )
            text = texts[turn % len(texts)]
            PostVariant.objects.create(post=post, network=slot.network, text=text)
            if slot.network == "instagram" and turn % 2 == 0:  # shared on Facebook too
                PostVariant.objects.create(post=post, network="facebook", text=text, position=1)
            if status in (PostStatus.APPROVED, PostStatus.SCHEDULED, PostStatus.PUBLISHED):
                Approval.objects.create(
                    post=post, approver=approver, version=post.version, decision=Decision.APPROVED
                )
            created += 1
        monday += dt.timedelta(days=7)
        week += 1
    return created
