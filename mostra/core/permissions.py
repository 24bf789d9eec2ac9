"""Who may do what: the one place where permissions are decided.

Rights come only from a membership of the workspace. Anyone without one is an
outsider and gets a 404 (:func:`membership_or_404`), never a 403 that would
reveal that the workspace exists.

Posts add rules that depend on the post, not only on the role: who changes, submits
and withdraws it (:func:`may_edit_post`), and who approves it (:func:`approval_refusal`,
read from a :class:`Review`). The workflow's guards, the pages, the API and the
approval queue all ask these functions; the refusals say what to do instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.http import Http404
from django.utils.translation import gettext as _

from mostra.core.models import Membership, Role, Workspace


class Perm(StrEnum):
    VIEW = "view"
    EDIT_WORKSPACE = "edit_workspace"
    DELETE_WORKSPACE = "delete_workspace"
    ARCHIVE_WORKSPACE = "archive_workspace"
    MANAGE_MEMBERS = "manage_members"
    MANAGE_OWNERS = "manage_owners"
    EDIT_ORGANISATION = "edit_organisation"
    EDIT_STRATEGY = "edit_strategy"
    VIEW_AUDIT = "view_audit"
    EDIT_CONTENT = "edit_content"
    DRAFT_CONTENT = "draft_content"
    REQUIRE_TWO_FACTOR = "require_two_factor"
    #: The commentary that opens a period's report: the team that writes, not readers.
    WRITE_COMMENTARY = "write_commentary"
    #: Letting the first post on a network through before the strategy answers for it.
    OVERRIDE_READINESS = "override_readiness"


_ALL = set(Perm)
#: What owners alone decide: the workspace's life, its owners, and its sign-in rule.
_OWNERS_ONLY = {
    Perm.ARCHIVE_WORKSPACE,
    Perm.DELETE_WORKSPACE,
    Perm.MANAGE_OWNERS,
    Perm.REQUIRE_TWO_FACTOR,
    Perm.OVERRIDE_READINESS,
}
GRANTS: dict[str, set[Perm]] = {
    Role.OWNER: _ALL,
    Role.MANAGER: _ALL - _OWNERS_ONLY,
    Role.EDITOR: {Perm.VIEW, Perm.EDIT_CONTENT, Perm.DRAFT_CONTENT, Perm.WRITE_COMMENTARY},
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


# --- Posts: who changes, submits and approves them ------------------------------------


def may_edit_post(membership: Membership | None, author_id: int | None) -> bool:
    """Editors, managers and owners handle every post; contributors only their own.

    To handle a post is to change it, delete its draft, submit it and withdraw it: a
    contributor does not send a colleague's draft for approval (which the policy "No
    approval" would approve at once).
    """
    if membership is None:
        return False
    if has_perm(membership, Perm.EDIT_CONTENT):
        return True
    return (
        has_perm(membership, Perm.DRAFT_CONTENT)
        and author_id is not None
        and author_id == membership.user_id
    )


def submit_refusal(membership: Membership, author_id: int | None) -> str | None:
    """None when the member may submit the post, else why not and what to do."""
    if may_edit_post(membership, author_id):
        return None
    return _(
        "Only its author, an editor, a manager or the owner can submit this post: ask its "
        "author to submit it."
    )


def withdraw_refusal(membership: Membership, author_id: int | None) -> str | None:
    """None when the member may withdraw the post from review, else why not."""
    if may_edit_post(membership, author_id):
        return None
    return _("Only its author or an editor can withdraw this post.")


@dataclass(frozen=True)
class Review:
    """What the approval rules read of a post.

    ``editor_ids``: the users who changed its content, at any version (its revisions);
    ``approver_ids``: the users who approved its current version.
    """

    author_id: int | None
    editor_ids: frozenset[int] = frozenset()
    approver_ids: frozenset[int] = frozenset()


def _decider_refusal(membership: Membership) -> str | None:
    """Approving and requesting changes alike need a role that writes and the approver flag."""
    if not membership.is_approver:
        return _(
            "Only approvers can approve or request changes: ask an approver, or ask the "
            "owner to make you one on the Members page."
        )
    if not has_perm(membership, Perm.DRAFT_CONTENT):
        return _(
            "Your role (%(role)s) does not let you decide on posts: ask the owner for "
            "another role on the Members page."
        ) % {"role": membership.get_role_display().lower()}
    return None


def _wrote(membership: Membership, author_id: int | None) -> bool:
    return author_id is not None and author_id == membership.user_id


def approver_refusal(membership: Membership, review: Review) -> str | None:
    """None when the member may approve this post at all, else why not and what to do.

    Steps, the first refusal wins: the member did not write the post; is an approver
    with a role that writes posts; did not change its content at any version (their
    words may still be there after someone else's change, or after a reopening).
    Whether they already approved this version is :func:`approval_refusal`'s question.
    """
    if _wrote(membership, review.author_id):
        return _("You wrote this post: another approver must approve it.")
    problem = _decider_refusal(membership)
    if problem is None and membership.user_id in review.editor_ids:
        problem = _(
            "You changed this post's content: another approver must approve it. If there is "
            "none, ask an owner to name one on the Members page, or to choose a lighter "
            "approval policy on the Organisation page (then withdraw the post and submit it "
            "again)."
        )
    return problem


def approval_refusal(membership: Membership, review: Review) -> str | None:
    """The one rule of who approves a post's current version: None, or why not.

    :func:`approver_refusal`, and the member has not approved this version yet. The
    workflow's *Approve* (pages and API), its button and the approval queue ask it.
    """
    problem = approver_refusal(membership, review)
    if problem is None and membership.user_id in review.approver_ids:
        problem = _("You already approved this version: another approver must approve it too.")
    return problem


def changes_request_refusal(membership: Membership, author_id: int | None) -> str | None:
    """None when the member may request changes: an approver other than the author.

    One who changed the content may: asking the author for more changes approves
    nothing.
    """
    if _wrote(membership, author_id):
        return _("You wrote this post: withdraw it and change it yourself instead.")
    return _decider_refusal(membership)


def possible_approvers(memberships: Iterable[Membership], review: Review) -> list[Membership]:
    """The members who could approve the post (whether or not they already did)."""
    return [m for m in memberships if approver_refusal(m, review) is None]
