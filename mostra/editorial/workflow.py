"""The approval workflow: every allowed transition of a post, declared in one place.

``draft → in_review → changes_requested → approved → scheduled`` plus ``cancelled``;
publishing adds ``publishing → published | failed``. :func:`apply` is the only way a
post changes status: it checks the transition and its guards, writes the audit event,
and raises :class:`~mostra.core.errors.DomainError` with a message that says what to
do when the transition is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mostra.core.permissions import Perm
from mostra.editorial.models import PostStatus as S

#: Statuses in which the content may still change without consequence.
EDITABLE = frozenset({S.DRAFT, S.CHANGES_REQUESTED})
#: Statuses whose content change invalidates the approvals (back to review).
APPROVAL_INVALIDATED_BY_EDIT = frozenset({S.IN_REVIEW, S.APPROVED, S.SCHEDULED})
#: Statuses after which nothing can change any more (date, content or status).
FINAL = frozenset({S.PUBLISHING, S.PUBLISHED, S.CANCELLED})


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    perm: Perm
    label: Promise


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "submit",
            frozenset({S.DRAFT, S.CHANGES_REQUESTED}),
            S.IN_REVIEW,
            Perm.DRAFT_CONTENT,
            _("Submit for approval"),
        ),
        Transition(
            "withdraw", frozenset({S.IN_REVIEW}), S.DRAFT, Perm.DRAFT_CONTENT, _("Withdraw")
        ),
        Transition(
            "request_changes",
            frozenset({S.IN_REVIEW}),
            S.CHANGES_REQUESTED,
            Perm.DRAFT_CONTENT,
            _("Request changes"),
        ),
        Transition(
            "approve", frozenset({S.IN_REVIEW}), S.APPROVED, Perm.DRAFT_CONTENT, _("Approve")
        ),
        Transition(
            "schedule", frozenset({S.APPROVED}), S.SCHEDULED, Perm.EDIT_CONTENT, _("Schedule")
        ),
        Transition(
            "unschedule", frozenset({S.SCHEDULED}), S.APPROVED, Perm.EDIT_CONTENT, _("Unschedule")
        ),
        Transition(
            "cancel",
            frozenset(
                {S.DRAFT, S.IN_REVIEW, S.CHANGES_REQUESTED, S.APPROVED, S.SCHEDULED, S.FAILED}
            ),
            S.CANCELLED,
            Perm.EDIT_CONTENT,
            _("Cancel"),
        ),
        Transition("reopen", frozenset({S.CANCELLED}), S.DRAFT, Perm.EDIT_CONTENT, _("Reopen")),
    )
}
