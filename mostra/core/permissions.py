"""Who may do what: the one place where permissions are decided.

Rights come only from a membership of the workspace. Anyone without one is an
outsider and gets a 404 (:func:`membership_or_404`), never a 403 that would
reveal that the workspace exists.
"""

from __future__ import annotations

from enum import StrEnum

from django.http import Http404

from mostra.core.models import Membership, Role, Workspace


class Perm(StrEnum):
    VIEW = "view"
    EDIT_WORKSPACE = "edit_workspace"
    DELETE_WORKSPACE = "delete_workspace"
    MANAGE_MEMBERS = "manage_members"
    MANAGE_OWNERS = "manage_owners"
    EDIT_ORGANISATION = "edit_organisation"
    EDIT_STRATEGY = "edit_strategy"
    VIEW_AUDIT = "view_audit"
    EDIT_CONTENT = "edit_content"
    DRAFT_CONTENT = "draft_content"


_ALL = set(Perm)
GRANTS: dict[str, set[Perm]] = {
    Role.OWNER: _ALL,
    Role.MANAGER: _ALL - {Perm.DELETE_WORKSPACE, Perm.MANAGE_OWNERS},
    Role.EDITOR: {Perm.VIEW, Perm.EDIT_CONTENT, Perm.DRAFT_CONTENT},
    Role.CONTRIBUTOR: {Perm.VIEW, Perm.DRAFT_CONTENT},
    Role.VIEWER: {Perm.VIEW},
}


def has_perm(membership: Membership | None, perm: Perm) -> bool:
    if membership is None:
        return False
    return perm in GRANTS.get(membership.role, set())


def membership_for(user: object, workspace: Workspace) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(workspace=workspace, user=user).first()


def membership_or_404(user: object, slug: str) -> Membership:
    """The user's membership of the workspace ``slug``, or 404 for outsiders."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    membership = (
        Membership.objects.select_related("workspace", "user")
        .filter(workspace__slug=slug, user=user)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def require(membership: Membership, perm: Perm) -> None:
    """Raise 404 when a member lacks the right: same answer as for outsiders."""
    if not has_perm(membership, perm):
        raise Http404


def assignable_roles(membership: Membership) -> list[tuple[str, str]]:
    """Roles this member may give to others."""
    if has_perm(membership, Perm.MANAGE_OWNERS):
        return list(Role.choices)
    if has_perm(membership, Perm.MANAGE_MEMBERS):
        return [(v, label) for v, label in Role.choices if v != Role.OWNER]
    return []
