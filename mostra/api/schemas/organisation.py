from __future__ import annotations

from typing import Any

from ninja import Field, Schema

from mostra.api.schemas.common import Id, Number
from mostra.core.models import (
    ApprovalPolicy,
    CrisisLevel,
    Membership,
    OrgLevel,
    RaciLetter,
    Role,
    TriggerKind,
)


class PersonOut(Schema):
    """A member as the organisation chart shows them."""

    id: int
    name: str
    title: str
    department: str
    org_level: OrgLevel


class OrganisationOut(Schema):
    approval_policy: ApprovalPolicy
    required_approvals: int
    sensitive_topics: list[str]
    #: Approved posts wait for someone to schedule them; false: approving a post whose
    #: date is to come schedules it.
    separate_scheduling: bool
    sponsor: PersonOut | None
    approvers: list[PersonOut]


class ActivityOut(Schema):
    id: int
    key: str
    name: str


class RaciMemberOut(Schema):
    id: int
    name: str
    role: Role


class Cell(Schema):
    activity: Id
    member: Id
    letter: RaciLetter


class RaciOut(Schema):
    activities: list[ActivityOut]
    members: list[RaciMemberOut]
    #: Only the cells holding a letter.
    cells: list[Cell]


class RaciIn(Schema):
    """The whole matrix: cells left out are emptied. Exactly one A per activity."""

    cells: list[Cell]


class TriggerOut(Schema):
    kind: TriggerKind
    threshold: int
    window_hours: int | None
    description: str


class TriggerIn(Schema):
    kind: TriggerKind
    threshold: Number
    window_hours: Number | None = None


class ResponderOut(Schema):
    id: int
    name: str


class CrisisLevelOut(Schema):
    id: int
    key: str
    name: str
    rank: int
    response_minutes: int
    first_actions: list[str]
    responders: list[ResponderOut]
    triggers: list[TriggerOut]


class CrisisLevelIn(Schema):
    """A level is replaced as a whole."""

    name: str = Field(max_length=120, description="Empty keeps the current name.")
    response_minutes: Number
    first_actions: list[str]
    #: Member ids.
    responders: list[Id]
    triggers: list[TriggerIn]


def person_out(m: Membership) -> dict[str, Any]:
    return {
        "id": m.pk,
        "name": m.user.name,
        "title": m.title,
        "department": m.department,
        "org_level": m.org_level,
    }


def level_out(level: CrisisLevel) -> dict[str, Any]:
    """Expects ``responders__user`` and ``triggers`` prefetched."""
    return {
        "id": level.pk,
        "key": level.key,
        "name": level.name,
        "rank": level.rank,
        "response_minutes": level.response_minutes,
        "first_actions": level.first_action_list,
        "responders": [{"id": m.pk, "name": m.user.name} for m in level.responders.all()],
        "triggers": [
            {
                "kind": t.kind,
                "threshold": t.threshold,
                "window_hours": t.window_hours,
                "description": t.describe(),
            }
            for t in level.triggers.all()
        ],
    }
