from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import field_validator

from mostra.api.schemas.common import PatchSchema
from mostra.core.models import Invitation, Membership, OrgLevel, Role


class MemberOut(Schema):
    id: int
    user_id: int
    email: str
    name: str
    role: Role
    is_approver: bool
    is_sponsor: bool
    title: str
    department: str
    org_level: OrgLevel
    joined_at: datetime


class MemberPatch(PatchSchema):
    role: Role | None = None
    is_approver: bool | None = None
    is_sponsor: bool | None = None
    title: str | None = Field(None, max_length=120)
    department: str | None = Field(None, max_length=120)
    org_level: OrgLevel | None = None


class InvitationOut(Schema):
    id: int
    email: str
    role: Role
    is_approver: bool
    is_pending: bool
    #: Human-readable, in the caller's language; use the dates to decide.
    status_label: str
    created_by: str | None
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None
    revoked_at: datetime | None


class InvitationCreated(InvitationOut):
    #: The single-use link, shown this once: only its hash is stored.
    url: str


class InvitationIn(Schema):
    email: str = Field("", max_length=254, description="Optional: leave empty to get a link.")
    role: Role = Role.EDITOR
    is_approver: bool = False

    @field_validator("email")
    @classmethod
    def _valid_email(cls, value: str) -> str:
        value = value.strip()
        if value:
            try:
                validate_email(value)
            except DjangoValidationError as exc:
                raise ValueError(_("Enter a valid e-mail address, or none.")) from exc
        return value


def member_out(m: Membership) -> dict[str, Any]:
    return {
        "id": m.pk,
        "user_id": m.user_id,
        "email": m.user.email,
        "name": m.user.name,
        "role": m.role,
        "is_approver": m.is_approver,
        "is_sponsor": m.is_sponsor,
        "title": m.title,
        "department": m.department,
        "org_level": m.org_level,
        "joined_at": m.joined_at,
    }


def invitation_out(invitation: Invitation) -> dict[str, Any]:
    creator = invitation.created_by
    return {
        "id": invitation.pk,
        "email": invitation.email,
        "role": invitation.role,
        "is_approver": invitation.is_approver,
        "is_pending": invitation.is_pending,
        "status_label": invitation.status,
        "created_by": creator.name if creator else None,
        "created_at": invitation.created_at,
        "expires_at": invitation.expires_at,
        "accepted_at": invitation.accepted_at,
        "revoked_at": invitation.revoked_at,
    }
