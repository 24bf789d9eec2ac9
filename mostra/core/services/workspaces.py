from __future__ import annotations

import zoneinfo
from functools import cache
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Field
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.models import (
    Activity,
    ApprovalPolicy,
    AuditAction,
    CrisisLevel,
    CrisisTrigger,
    Membership,
    RaciAssignment,
    RaciLetter,
    Role,
    TriggerKind,
    Workspace,
)
from mostra.core.models.crisis import DEFAULT_LEVELS
from mostra.core.models.raci import DEFAULT_ACTIVITIES

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

RESERVED_SLUGS = {"new", "api", "static", "media", "admin", "accounts", "invitations", "settings"}

#: Countries whose workspaces speak French; a workspace elsewhere speaks English.
FRENCH_SPEAKING = frozenset({"FR", "BE", "CH", "LU", "MC"})

#: The country a workspace created from its language alone gets (its public holidays):
#: one that speaks that language, so that :func:`workspace_language` gives it back.
COUNTRY_OF_LANGUAGE = {"fr": "FR", "en": "GB"}

#: Default triggers per level key: (kind, N, H hours).
DEFAULT_TRIGGERS: dict[str, list[tuple[str, int, int | None]]] = {
    "watch": [(TriggerKind.NEGATIVE_MENTIONS, 3, 24)],
    "incident": [(TriggerKind.SAME_ISSUE, 5, 6), (TriggerKind.AUTHOR_FOLLOWERS, 10_000, None)],
    "alert": [(TriggerKind.SAME_ISSUE, 20, 3), (TriggerKind.REPOSTS_PER_HOUR, 50, 1)],
    "crisis": [(TriggerKind.REPOSTS_PER_HOUR, 200, 1), (TriggerKind.PRESS, 1, 24)],
    "major_crisis": [(TriggerKind.REPOSTS_PER_HOUR, 1_000, 1), (TriggerKind.PRESS, 3, 6)],
}

DEFAULT_FIRST_ACTIONS: dict[str, StrOrPromise] = {
    "watch": gettext_lazy("Note the posts in the monitoring log\nKeep watching the conversation"),
    "incident": gettext_lazy(
        "Reply publicly within the response time\nInform the accountable manager"
    ),
    "alert": gettext_lazy(
        "Pause scheduled posts\nPrepare a holding statement\nBrief the sponsor and the manager"
    ),
    "crisis": gettext_lazy(
        "Pause all scheduled posts\nConvene the crisis unit\n"
        "Publish the holding statement once approved"
    ),
    "major_crisis": gettext_lazy(
        "Pause all publishing\nThe sponsor speaks for the organisation\n"
        "Coordinate with legal and press relations"
    ),
}


def workspace_language(workspace: Workspace) -> str:
    """``fr`` or ``en``: the language of the workspace's country."""
    return "fr" if (workspace.country or "FR").upper() in FRENCH_SPEAKING else "en"


@cache
def time_zones() -> frozenset[str]:
    """The IANA time zones' names, such as ``Europe/Paris``."""
    return frozenset(zoneinfo.available_timezones())


def check_time_zone(name: str) -> None:
    """Refuse a time zone that is not in the IANA list (``Europe/Paris``…)."""
    if name not in time_zones():
        raise DomainError(
            _("Choose a time zone from the IANA list, such as Europe/Paris."), field="timezone"
        )


def unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "workspace"
    if base in RESERVED_SLUGS:
        base = f"{base}-ws"
    slug, n = base, 2
    while Workspace.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_workspace(owner: Any, name: str, *, slug: str = "", **fields: Any) -> Workspace:
    """Create a workspace with its owner, default RACI activities and crisis playbook
    (its first actions written in the workspace's language: :func:`workspace_language`).

    The owner starts as the Accountable of every activity, so the matrix is valid
    from the first minute; the approval policy starts at "none" (a solo community
    manager needs no approver).
    """
    name = name.strip()
    if not name:
        raise DomainError(_("Give the workspace a name."), field="name")
    _check_length("name", name)
    if "timezone" in fields:
        check_time_zone(fields["timezone"])
    if fields.get("approval_policy", ApprovalPolicy.NONE) != ApprovalPolicy.NONE:
        # A new workspace has no approver yet: the policy is chosen once the team is in.
        check_policy(Workspace(), fields["approval_policy"], approvers=0)
    slug = slug.strip().lower() or unique_slug(name)
    _check_length("slug", slug)
    if slug in RESERVED_SLUGS or slugify(slug) != slug:
        raise DomainError(
            _("This short name cannot be used: choose lowercase letters, digits and dashes."),
            field="slug",
        )
    if Workspace.objects.filter(slug=slug).exists():
        raise DomainError(_("This short name is already taken: choose another."), field="slug")
    workspace = Workspace.objects.create(name=name, slug=slug, **fields)
    membership = Membership.objects.create(workspace=workspace, user=owner, role=Role.OWNER)
    # The playbook's first actions are stored as text: in the workspace's language, not
    # in the creator's (a French association's playbook is French in any browser).
    with translation.override(workspace_language(workspace)):
        first_actions = {key: str(text) for key, text in DEFAULT_FIRST_ACTIONS.items()}
    for position, (key, _label) in enumerate(DEFAULT_ACTIVITIES):
        activity = Activity.objects.create(workspace=workspace, key=key, position=position)
        RaciAssignment.objects.create(
            activity=activity, membership=membership, letter=RaciLetter.ACCOUNTABLE
        )
    for rank, (key, _label, minutes) in enumerate(DEFAULT_LEVELS, start=1):
        level = CrisisLevel.objects.create(
            workspace=workspace,
            key=key,
            rank=rank,
            response_minutes=minutes,
            first_actions=first_actions[key],
        )
        level.responders.add(membership)
        for kind, n, h in DEFAULT_TRIGGERS[key]:
            CrisisTrigger.objects.create(level=level, kind=kind, threshold=n, window_hours=h)
    audit.record(AuditAction.CREATE, actor=owner, workspace=workspace, obj=workspace)
    return workspace


def _check_length(field: str, value: str) -> None:
    """Refuse text longer than the database keeps (the web form's limit, for the others)."""
    model_field = Workspace._meta.get_field(field)
    limit = (model_field.max_length if isinstance(model_field, Field) else None) or 0
    if len(value) > limit:
        raise DomainError(
            _("%(count)d characters: shorten it to %(max)d at most.")
            % {"count": len(value), "max": limit},
            field=field,
        )


@transaction.atomic
def update_workspace(actor: Any, workspace: Workspace, **fields: Any) -> Workspace:
    before = {k: getattr(workspace, k) for k in fields}
    if "name" in fields and not str(fields["name"]).strip():
        raise DomainError(_("Give the workspace a name."), field="name")
    if "approval_policy" in fields:
        check_policy(workspace, fields["approval_policy"])
    check_by_hand_delays(
        fields.get("by_hand_reminder_hours", workspace.by_hand_reminder_hours),
        fields.get("by_hand_escalation_hours", workspace.by_hand_escalation_hours),
    )
    for key, value in fields.items():
        setattr(workspace, key, value)
    workspace.save()
    changes = audit.diff(before, fields)
    if changes:
        audit.record(
            AuditAction.UPDATE, actor=actor, workspace=workspace, obj=workspace, changes=changes
        )
    return workspace


#: The longest delay of a publication by hand's reminder or escalation: a month.
BY_HAND_MAX_HOURS = 720


def check_by_hand_delays(reminder: int, escalation: int) -> None:
    """Refuse delays that would never remind, or tell the managers before the reminder."""
    if not 1 <= reminder <= BY_HAND_MAX_HOURS:
        raise DomainError(
            _("Remind after 1 to %(max)d hours.") % {"max": BY_HAND_MAX_HOURS},
            field="by_hand_reminder_hours",
        )
    if not reminder < escalation <= BY_HAND_MAX_HOURS:
        raise DomainError(
            _(
                "Tell the managers after more hours than the reminder (%(reminder)d), "
                "and %(max)d at most."
            )
            % {"reminder": reminder, "max": BY_HAND_MAX_HOURS},
            field="by_hand_escalation_hours",
        )


def check_policy(workspace: Workspace, policy: str, approvers: int | None = None) -> None:
    """Refuse a policy the team cannot satisfy."""
    if policy not in ApprovalPolicy.values:
        raise DomainError(_("Choose an approval policy from the list."), field="approval_policy")
    if approvers is None:
        approvers = workspace.memberships.filter(is_approver=True).count()
    needed = {"none": 0, "one": 1, "two": 2}[policy]
    if approvers < needed:
        raise DomainError(
            _(
                "This policy needs %(needed)d approvers and the workspace has %(count)d: "
                "mark more members as approvers first."
            )
            % {"needed": needed, "count": approvers},
            field="approval_policy",
        )
