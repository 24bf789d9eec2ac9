"""The demo workspace: a realistic French organisation, the same on every run.

« Atelier Vélo Solidaire » is a bicycle-repair social enterprise in Lyon. Its team
joins through invitations, gets its titles, fills its RACI matrix and crisis playbook
through the same services as a person in the app would, so that everything is in the
audit log. Demo members cannot log in (their passwords are unusable): only the
administrator does, as the workspace's owner.

The strategy (mission, targets, platforms, objectives, strategies, tactics, and one
objective wrong on purpose for the lint to show) is in :mod:`mostra.strategy.demo`;
the charter in :mod:`mostra.charter.demo`; the pillars, posts and events of the
calendar (dated from today) in :mod:`mostra.editorial.demo`; the accounts' history in
:mod:`mostra.analytics.demo`. Those apps sit above core: each registers its part with
:func:`add_step` from its ``AppConfig.ready``, and :func:`build_demo` runs the parts in
their order (core never imports them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import translation

from mostra.core.models import (
    ApprovalPolicy,
    CrisisLevel,
    Membership,
    OrgLevel,
    Role,
    TriggerKind,
    User,
    Workspace,
)
from mostra.core.services import archive, invitations, members, organisation, workspaces

DEMO_SLUG = "demo"
DEMO_NAME = "Atelier Vélo Solidaire"
DEMO_DESCRIPTION = (
    "Atelier associatif de réparation de vélos à Lyon (7e arrondissement) : réparation "
    "solidaire, ateliers d'autoréparation, vente de vélos reconditionnés et parcours "
    "d'insertion vers le métier de mécanicien·ne cycle. Une entreprise de l'économie "
    "sociale et solidaire de 14 salarié·es et une quarantaine de bénévoles."
)
DEMO_SENSITIVE_TOPICS = [
    "tarifs",
    "accidents",
    "subventions",
    "vols de vélos",
    "salarié·es en insertion",
]
DEMO_DOMAIN = "demo.mostra.local"


@dataclass(frozen=True)
class DemoMember:
    key: str
    email: str
    name: str
    title: str
    department: str
    org_level: str
    role: str
    is_approver: bool = False
    is_sponsor: bool = False


#: The team, in the order they join.
DEMO_MEMBERS: list[DemoMember] = [
    DemoMember(
        key="directrice",
        email=f"claire.fournier@{DEMO_DOMAIN}",
        name="Claire Fournier",
        title="Directrice",
        department="Direction",
        org_level=OrgLevel.EXECUTIVE,
        role=Role.VIEWER,
        is_sponsor=True,
    ),
    DemoMember(
        key="communication",
        email=f"julien.morel@{DEMO_DOMAIN}",
        name="Julien Morel",
        title="Responsable communication et partenariats",
        department="Communication",
        org_level=OrgLevel.DIRECTOR,
        role=Role.MANAGER,
        is_approver=True,
    ),
    DemoMember(
        key="community",
        email=f"ines.benali@{DEMO_DOMAIN}",
        name="Inès Benali",
        title="Community manager",
        department="Communication",
        org_level=OrgLevel.STAFF,
        role=Role.EDITOR,
    ),
    DemoMember(
        key="graphiste",
        email=f"lucas.girard@{DEMO_DOMAIN}",
        name="Lucas Girard",
        title="Graphiste indépendant",
        department="Prestataire (studio Girard)",
        org_level=OrgLevel.EXTERNAL,
        role=Role.CONTRIBUTOR,
    ),
    DemoMember(
        key="benevole",
        email=f"martine.lefevre@{DEMO_DOMAIN}",
        name="Martine Lefèvre",
        title="Bénévole, référente de l'atelier du samedi",
        department="Atelier",
        org_level=OrgLevel.STAFF,
        role=Role.VIEWER,
    ),
]

#: The member who owns the strategy's objectives: the communication manager.
DEMO_STRATEGY_OWNER = "communication"

#: The RACI matrix: activity key -> {member key: letter}; "owner" is the administrator.
#: Exactly one A per activity.
DEMO_RACI: dict[str, dict[str, str]] = {
    "strategy": {"directrice": "A", "communication": "R", "community": "C", "benevole": "I"},
    "calendar": {"communication": "A", "community": "R", "graphiste": "C", "benevole": "C"},
    "writing": {"communication": "A", "community": "R", "benevole": "C"},
    "visuals": {"communication": "A", "graphiste": "R", "community": "C"},
    "approval": {"communication": "A", "directrice": "C", "community": "I"},
    "publishing": {"communication": "A", "community": "R", "graphiste": "I"},
    "community": {"communication": "A", "community": "R", "benevole": "C"},
    "monitoring": {"communication": "A", "community": "R", "benevole": "I"},
    "crisis": {"directrice": "A", "communication": "R", "community": "R", "benevole": "I"},
    "reporting": {"communication": "A", "community": "R", "directrice": "I", "owner": "I"},
}


@dataclass(frozen=True)
class DemoLevel:
    response_minutes: int
    responders: list[str]
    first_actions: list[str]
    triggers: list[tuple[str, int, int | None]] = field(default_factory=list)


#: The crisis playbook, by level key (the default levels every workspace has).
DEMO_PLAYBOOK: dict[str, DemoLevel] = {
    "watch": DemoLevel(
        response_minutes=24 * 60,
        responders=["community"],
        first_actions=[
            "Noter les messages dans le journal de veille",
            "Vérifier les faits auprès de l'atelier concerné",
        ],
        triggers=[(TriggerKind.NEGATIVE_MENTIONS, 3, 24)],
    ),
    "incident": DemoLevel(
        response_minutes=4 * 60,
        responders=["community", "communication"],
        first_actions=[
            "Répondre publiquement avec courtoisie, proposer un échange en message privé",
            "Prévenir le responsable communication",
        ],
        triggers=[(TriggerKind.SAME_ISSUE, 3, 12), (TriggerKind.AUTHOR_FOLLOWERS, 5_000, None)],
    ),
    "alert": DemoLevel(
        response_minutes=60,
        responders=["communication", "community", "directrice"],
        first_actions=[
            "Suspendre les publications programmées",
            "Préparer une déclaration d'attente",
            "Informer la directrice",
        ],
        triggers=[(TriggerKind.SAME_ISSUE, 10, 6), (TriggerKind.REPOSTS_PER_HOUR, 30, 1)],
    ),
    "crisis": DemoLevel(
        response_minutes=30,
        responders=["directrice", "communication", "community"],
        first_actions=[
            "Suspendre toutes les publications",
            "Réunir la cellule de crise (direction, communication, chef d'atelier)",
            "Publier la déclaration validée par la directrice",
        ],
        triggers=[(TriggerKind.REPOSTS_PER_HOUR, 150, 1), (TriggerKind.PRESS, 1, 24)],
    ),
    "major_crisis": DemoLevel(
        response_minutes=15,
        responders=["directrice", "communication", "community", "owner"],
        first_actions=[
            "Arrêter toute publication",
            "La directrice s'exprime seule au nom de l'atelier",
            "Prévenir le conseil d'administration, l'assureur et les financeurs",
        ],
        triggers=[(TriggerKind.REPOSTS_PER_HOUR, 500, 1), (TriggerKind.PRESS, 3, 6)],
    ),
}


def demo_workspace() -> Workspace | None:
    return Workspace.objects.filter(slug=DEMO_SLUG).first()


def _demo_user(member: DemoMember) -> User:
    """The member's account, created or brought back to its demo state; it cannot log in."""
    user = User.objects.filter(email=member.email).first()
    if user is None:
        user = User.objects.create_user(member.email, None, display_name=member.name)
    user.display_name = member.name
    user.language = "fr"
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    return user


@dataclass(frozen=True)
class DemoBuild:
    """What an app's part of the demo builds on: the workspace's owner (its membership)
    and the team, by :class:`DemoMember` key ("owner" for the owner)."""

    owner: Membership
    team: dict[str, Membership]

    @property
    def workspace(self) -> Workspace:
        return self.owner.workspace


#: The apps' parts of the demo, by app: (rank, step), run by rank once the team is in
#: (strategy 10, charter 20, editorial 30, analytics 40, make_act 45, listening 50).
#: Filled by :func:`add_step`.
STEPS: dict[str, tuple[int, Callable[[DemoBuild], object]]] = {}


def add_step(app: str, rank: int, step: Callable[[DemoBuild], object]) -> None:
    """Register ``app``'s part of the demo (from its ``AppConfig.ready``)."""
    STEPS[app] = (rank, step)


@transaction.atomic
def build_demo(owner: User) -> Workspace:
    """Create the demo workspace, owned by ``owner``. Refuses if it already exists."""
    with translation.override("fr"):
        workspace = workspaces.create_workspace(
            owner,
            DEMO_NAME,
            slug=DEMO_SLUG,
            description=DEMO_DESCRIPTION,
            country="FR",
            timezone="Europe/Paris",
            sensitive_topics="\n".join(DEMO_SENSITIVE_TOPICS),
        )
        owner_membership = Membership.objects.get(workspace=workspace, user=owner)
        team: dict[str, Membership] = {"owner": owner_membership}
        for member in DEMO_MEMBERS:
            user = _demo_user(member)
            _invitation, token = invitations.create_invitation(
                owner_membership, role=member.role, is_approver=member.is_approver
            )
            joined = invitations.accept_invitation(token, user, announce=False)  # made-up team
            team[member.key] = members.update_member(
                owner_membership,
                joined,
                title=member.title,
                department=member.department,
                org_level=member.org_level,
                is_sponsor=member.is_sponsor,
                is_approver=member.is_approver,
            )
        workspaces.update_workspace(owner, workspace, approval_policy=ApprovalPolicy.ONE)
        matrix = {
            activity.pk: {
                membership.pk: DEMO_RACI.get(activity.key, {}).get(key, "")
                for key, membership in team.items()
            }
            for activity in workspace.activities.all()
        }
        organisation.save_matrix(owner_membership, matrix)
        for level in CrisisLevel.objects.filter(workspace=workspace):
            plan = DEMO_PLAYBOOK.get(level.key)
            if plan is None:
                continue
            organisation.update_level(
                owner_membership,
                level,
                name="",
                response_minutes=plan.response_minutes,
                first_actions="\n".join(plan.first_actions),
                responder_ids=[team[key].pk for key in plan.responders],
                triggers=[(kind, n, h) for kind, n, h in plan.triggers],
            )
        build = DemoBuild(owner=owner_membership, team=team)
        for _rank, step in sorted(STEPS.values(), key=lambda item: item[0]):
            step(build)
    workspace.refresh_from_db()
    return workspace


@transaction.atomic
def reset_demo(owner: User) -> Workspace:
    """Delete the demo workspace (if any) and build it again, identical."""
    existing = demo_workspace()
    if existing is not None:
        archive.erase_workspace(owner, existing)
    return build_demo(owner)


def ensure_demo(owner: User) -> tuple[Workspace, bool]:
    """The demo workspace, built if missing; the flag says whether it was just built."""
    existing = demo_workspace()
    if existing is not None:
        return existing, False
    return build_demo(owner), True
