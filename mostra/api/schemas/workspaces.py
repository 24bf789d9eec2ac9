from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator

from mostra.api.schemas.common import PatchSchema
from mostra.core.models import ApprovalPolicy, Membership, Role, User
from mostra.core.services.workspaces import time_zones


def _check_time_zone(value: str) -> str:
    if value not in time_zones():
        raise ValueError(_("Choose a time zone from the IANA list, such as Europe/Paris."))
    return value


def _check_country(value: str) -> str:
    value = value.strip().upper()
    if len(value) != 2 or not value.isalpha():
        raise ValueError(_("Use a two-letter country code, such as FR."))
    return value


TimeZone = Annotated[str, AfterValidator(_check_time_zone)]
Country = Annotated[str, AfterValidator(_check_country)]
Name = Annotated[str, Field(min_length=1, max_length=120)]


class MeOut(Schema):
    id: int
    email: str
    name: str
    display_name: str
    language: str


class WorkspaceOut(Schema):
    slug: str
    name: str
    description: str
    country: str
    timezone: str
    approval_policy: ApprovalPolicy
    sensitive_topics: list[str]
    created_at: datetime
    #: Set while the workspace is archived (read-only): when it was archived.
    archived_at: datetime | None = None
    #: The caller's role in this workspace.
    role: Role


class WorkspaceIn(Schema):
    name: Name
    slug: str = Field("", max_length=60, description="Derived from the name when empty.")
    description: str = ""
    country: Country = "FR"
    timezone: TimeZone = "Europe/Paris"
    sensitive_topics: list[str] = Field(default_factory=list)


class WorkspacePatch(PatchSchema):
    name: Name | None = None
    description: str | None = None
    country: Country | None = None
    timezone: TimeZone | None = None
    approval_policy: ApprovalPolicy | None = None
    sensitive_topics: list[str] | None = None


def topics_text(topics: list[str]) -> str:
    """The model keeps one topic per line."""
    return "\n".join(t.strip() for t in topics if t.strip())


def me_out(user: User) -> dict[str, Any]:
    return {
        "id": user.pk,
        "email": user.email,
        "name": user.name,
        "display_name": user.display_name,
        "language": user.language,
    }


def workspace_out(membership: Membership) -> dict[str, Any]:
    ws = membership.workspace
    return {
        "slug": ws.slug,
        "name": ws.name,
        "description": ws.description,
        "country": ws.country,
        "timezone": ws.timezone,
        "approval_policy": ws.approval_policy,
        "sensitive_topics": ws.sensitive_topic_list,
        "created_at": ws.created_at,
        "archived_at": ws.archived_at,
        "role": membership.role,
    }
