"""The team's organisation: the RACI matrix and the crisis playbook."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from mostra.core import audit, numbers
from mostra.core.errors import DomainError
from mostra.core.models import (
    Activity,
    AuditAction,
    CrisisLevel,
    CrisisTrigger,
    Membership,
    RaciAssignment,
    RaciLetter,
    TriggerKind,
    Workspace,
)
from mostra.core.models.crisis import WINDOWED_KINDS
from mostra.core.permissions import Perm, has_perm
from mostra.core.services.workspaces import workspace_language

#: {activity id: {membership id: letter or ""}}
Matrix = dict[int, dict[int, str]]


def _require_editor(actor: Membership) -> None:
    if not has_perm(actor, Perm.EDIT_ORGANISATION):
        raise DomainError(_("Only owners and managers can change the organisation."))


def current_matrix(workspace: Workspace) -> Matrix:
    matrix: Matrix = {a.pk: {} for a in workspace.activities.all()}
    for cell in RaciAssignment.objects.filter(activity__workspace=workspace):
        matrix.setdefault(cell.activity_id, {})[cell.membership_id] = cell.letter
    return matrix


def validate_matrix(workspace: Workspace, matrix: Matrix) -> list[str]:
    """Every problem in a proposed matrix, as messages naming the activity."""
    activities = {a.pk: a for a in workspace.activities.all()}
    members = set(workspace.memberships.values_list("pk", flat=True))
    errors: list[str] = []
    for activity_id, activity in activities.items():
        row = matrix.get(activity_id, {})
        unknown = set(row) - members
        if unknown:
            errors.append(_("%(activity)s: unknown member.") % {"activity": activity.name})
        bad = {letter for letter in row.values() if letter and letter not in RaciLetter.values}
        if bad:
            errors.append(_("%(activity)s: use only R, A, C or I.") % {"activity": activity.name})
        accountable = sum(1 for letter in row.values() if letter == RaciLetter.ACCOUNTABLE)
        if accountable == 0:
            errors.append(
                _("%(activity)s has no Accountable: choose exactly one person with A.")
                % {"activity": activity.name}
            )
        elif accountable > 1:
            errors.append(
                _(
                    "%(activity)s has %(count)d Accountables: exactly one person can be "
                    "accountable, make the others Responsible (R)."
                )
                % {"activity": activity.name, "count": accountable}
            )
    extra = set(matrix) - set(activities)
    if extra:
        errors.append(_("The matrix names an activity that does not exist: reload the page."))
    return errors


@transaction.atomic
def save_matrix(actor: Membership, matrix: Matrix) -> int:
    """Replace the whole RACI matrix, or change nothing. Returns the number of changed cells."""
    _require_editor(actor)
    workspace = actor.workspace
    errors = validate_matrix(workspace, matrix)
    if errors:
        raise DomainError(" ".join(errors))
    before = current_matrix(workspace)
    changed: dict[str, list[str]] = {}
    activities = {a.pk: a for a in workspace.activities.all()}
    members = {m.pk: m for m in workspace.memberships.select_related("user")}
    # Delete first, so the one-Accountable constraint never sees two A at once.
    RaciAssignment.objects.filter(activity__workspace=workspace).delete()
    cells = []
    for activity_id, row in matrix.items():
        for membership_id, letter in row.items():
            if letter:
                cells.append(
                    RaciAssignment(
                        activity_id=activity_id, membership_id=membership_id, letter=letter
                    )
                )
            old = before.get(activity_id, {}).get(membership_id, "")
            if old != letter:
                key = f"{activities[activity_id].name} / {members[membership_id].user.name}"
                changed[key] = [old, letter]
    RaciAssignment.objects.bulk_create(cells)
    if changed:
        audit.record(
            AuditAction.UPDATE,
            actor=actor.user,
            workspace=workspace,
            label=_("RACI matrix"),
            changes=changed,
        )
    return len(changed)


@transaction.atomic
def add_activity(actor: Membership, name: str, accountable: Membership) -> Activity:
    _require_editor(actor)
    name = name.strip()
    if not name:
        raise DomainError(_("Give the activity a name."), field="name")
    if accountable.workspace_id != actor.workspace_id:
        raise DomainError(_("Choose the Accountable among the members."), field="accountable")
    last = actor.workspace.activities.order_by("-position").first()
    activity = Activity.objects.create(
        workspace=actor.workspace, custom_name=name, position=(last.position + 1) if last else 0
    )
    RaciAssignment.objects.create(activity=activity, membership=accountable, letter="A")
    audit.record(AuditAction.CREATE, actor=actor.user, workspace=actor.workspace, obj=activity)
    return activity


@transaction.atomic
def delete_activity(actor: Membership, activity: Activity) -> None:
    _require_editor(actor)
    audit.record(AuditAction.DELETE, actor=actor.user, workspace=actor.workspace, obj=activity)
    activity.delete()


def _whole_number(value: object, language: str, refusal: str, field: str) -> int:
    """A whole number typed in ``language`` ("10 000"), or DomainError: ``refusal``, or
    the two readings of an ambiguous one ("10,000")."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return int(numbers.parse_number(str(value), language, whole=True))
    except numbers.AmbiguousNumber as exc:
        raise DomainError(exc.message, field=field) from None
    except numbers.NumberRefused:
        raise DomainError(refusal, field=field) from None


def parse_trigger(
    kind: str, threshold: object, window: object, language: str = "en"
) -> tuple[str, int, int | None]:
    """Validate a trigger's numbers, typed in ``language``; raise DomainError naming the
    field otherwise."""
    if kind not in TriggerKind.values:
        raise DomainError(_("Choose a kind of trigger from the list."), field="kind")
    n = _whole_number(
        threshold, language, _("The threshold must be a whole number, such as 50."), "threshold"
    )
    if n < 1:
        raise DomainError(_("The threshold must be at least 1."), field="threshold")
    h: int | None = None
    if kind in WINDOWED_KINDS:
        h = _whole_number(
            window,
            language,
            _("The window must be a whole number of hours, such as 24."),
            "window_hours",
        )
        if h < 1:
            raise DomainError(_("The window must be at least 1 hour."), field="window_hours")
    return kind, n, h


@transaction.atomic
def update_level(
    actor: Membership,
    level: CrisisLevel,
    *,
    name: str,
    response_minutes: object,
    first_actions: str,
    responder_ids: list[int],
    triggers: list[tuple[str, object, object]],
) -> CrisisLevel:
    """Replace a level's settings and triggers as a whole, or change nothing."""
    _require_editor(actor)
    language = workspace_language(actor.workspace)
    minutes = _whole_number(
        response_minutes,
        language,
        _("The response time must be a whole number of minutes, such as 60."),
        "response_minutes",
    )
    if minutes < 1:
        raise DomainError(
            _("The response time must be at least 1 minute."), field="response_minutes"
        )
    parsed = [parse_trigger(*t, language=language) for t in triggers]
    responders = list(
        actor.workspace.memberships.filter(pk__in=responder_ids).select_related("user")
    )
    if len(responders) != len(set(responder_ids)):
        raise DomainError(_("Choose the responders among the members."), field="responders")
    before = {
        "name": level.name,
        "response_minutes": level.response_minutes,
        "first_actions": level.first_actions,
        "responders": sorted(m.user.name for m in level.responders.select_related("user")),
        "triggers": [t.describe() for t in level.triggers.all()],
    }
    if name.strip() and name.strip() != level.name:
        level.custom_name = name.strip()
    level.response_minutes = minutes
    level.first_actions = first_actions.strip()
    level.save()
    level.responders.set(responders)
    level.triggers.all().delete()
    for kind, n, h in parsed:
        CrisisTrigger.objects.create(level=level, kind=kind, threshold=n, window_hours=h)
    after = {
        "name": level.name,
        "response_minutes": minutes,
        "first_actions": level.first_actions,
        "responders": sorted(m.user.name for m in responders),
        "triggers": [t.describe() for t in level.triggers.all()],
    }
    changes = audit.diff(before, after)
    if changes:
        audit.record(
            AuditAction.UPDATE,
            actor=actor.user,
            workspace=actor.workspace,
            obj=level,
            changes=changes,
        )
    return level
