"""The approval workflow: every allowed transition of a post, declared in one place.

``draft → in_review → changes_requested → approved → scheduled`` plus ``cancelled``;
publishing adds ``publishing → published | failed``. :func:`apply` is the only way a
post changes status: it checks the transition and its guards, writes the audit event,
and raises :class:`~mostra.core.errors.DomainError` with a message that says what to
do when the transition is refused.

Each :class:`Transition` carries two kinds of conditions:

* ``guards``: who may do it (the author or an editor, an approver who neither wrote
  nor changed the post...), decided in :mod:`mostra.core.permissions`. Cheap:
  :func:`allowed_actions` runs them to decide which buttons to show.
* ``checks``: whether the post itself is ready (variants, date, the charter, the
  strategy's readiness). Run by :func:`apply` only, since they read more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from mostra.core.audit import record
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership
from mostra.core.permissions import Perm, has_perm
from mostra.editorial import workflow_rules as rules
from mostra.editorial.models import Decision, Post, Revision
from mostra.editorial.models import PostStatus as S
from mostra.editorial.services import approvals as approval_service

#: Statuses in which the content may still change without consequence.
EDITABLE = frozenset({S.DRAFT, S.CHANGES_REQUESTED})
#: Statuses whose content change invalidates the approvals (back to review).
APPROVAL_INVALIDATED_BY_EDIT = frozenset({S.IN_REVIEW, S.APPROVED, S.SCHEDULED})
#: Statuses after which nothing can change any more (date, content or status).
FINAL = frozenset({S.PUBLISHING, S.PUBLISHED, S.CANCELLED})

#: A condition: None when it holds, else the message saying what to do.
Condition = Callable[[Post, Membership], str | None]
#: Told of every change of status (and of a move: action "move", of an edit: "edit")
#: inside its transaction, with (post, action, before, after, membership); raising a
#: DomainError refuses the change. The publishing app plans its publications here.
Hook = Callable[[Post, str, str, str, Membership | None], None]
HOOKS: list[Hook] = []


def run_hooks(
    post: Post, action: str, before: str, after: str, membership: Membership | None
) -> None:
    for hook in HOOKS:
        hook(post, action, before, after, membership)


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    perm: Perm
    label: Promise
    #: Who may: run for the buttons and again by apply().
    guards: tuple[Condition, ...] = ()
    #: Whether the post is ready: run by apply() only.
    checks: tuple[Condition, ...] = ()
    #: How the button looks: "primary", "danger" or "" (plain).
    style: str = ""


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "submit",
            frozenset({S.DRAFT, S.CHANGES_REQUESTED}),
            S.IN_REVIEW,
            Perm.DRAFT_CONTENT,
            pgettext_lazy("post action", "Submit for approval"),
            guards=(rules.may_submit,),
            checks=(rules.has_variants, rules.has_date, rules.has_approvers, rules.charter_ok),
            style="primary",
        ),
        Transition(
            "withdraw",
            frozenset({S.IN_REVIEW}),
            S.DRAFT,
            Perm.DRAFT_CONTENT,
            pgettext_lazy("post action", "Withdraw from review…"),
            guards=(rules.may_withdraw,),
        ),
        Transition(
            "request_changes",
            frozenset({S.IN_REVIEW}),
            S.CHANGES_REQUESTED,
            Perm.DRAFT_CONTENT,
            pgettext_lazy("post action", "Request changes"),
            guards=(rules.may_request_changes,),
        ),
        Transition(
            "approve",
            frozenset({S.IN_REVIEW}),
            S.APPROVED,
            Perm.DRAFT_CONTENT,
            pgettext_lazy("post action", "Approve"),
            guards=(rules.may_approve,),
            style="primary",
        ),
        Transition(
            "schedule",
            frozenset({S.APPROVED}),
            S.SCHEDULED,
            Perm.EDIT_CONTENT,
            pgettext_lazy("post action", "Schedule"),
            checks=(rules.has_variants, rules.date_in_future, rules.strategy_ready),
            style="primary",
        ),
        Transition(
            "send_now",
            frozenset({S.APPROVED, S.SCHEDULED}),
            S.SCHEDULED,
            Perm.EDIT_CONTENT,
            pgettext_lazy("post action", "Publish now"),
            checks=(rules.has_variants, rules.strategy_ready),
        ),
        Transition(
            "unschedule",
            frozenset({S.SCHEDULED}),
            S.APPROVED,
            Perm.EDIT_CONTENT,
            pgettext_lazy("post action", "Withdraw from the schedule…"),
        ),
        Transition(
            "retry",
            frozenset({S.FAILED}),
            S.SCHEDULED,
            Perm.EDIT_CONTENT,
            pgettext_lazy("post action", "Retry"),
            checks=(rules.date_in_future,),
        ),
        Transition(
            "cancel",
            frozenset(
                {S.DRAFT, S.IN_REVIEW, S.CHANGES_REQUESTED, S.APPROVED, S.SCHEDULED, S.FAILED}
            ),
            S.CANCELLED,
            Perm.EDIT_CONTENT,
            pgettext_lazy("post action", "Abandon the post…"),
            style="danger",
        ),
        Transition(
            "reopen",
            frozenset({S.CANCELLED}),
            S.DRAFT,
            Perm.EDIT_CONTENT,
            pgettext_lazy("post action", "Reopen"),
        ),
    )
}

#: Actions that take a note from the person acting (a reason, what to change).
WITH_NOTE = frozenset({"approve", "request_changes", "withdraw", "cancel"})


def approvals_needed(post: Post) -> int:
    """0, 1 or 2: the workspace's policy, at least 1 for a sensitive post."""
    return approval_service.approvals_needed(post)


def _status_label(status: str) -> str:
    return str(S(status).label).lower()


def _wrong_state(transition: Transition, post: Post) -> str:
    """Why the post cannot take this transition from its status, and what to do."""
    status = {"status": _status_label(post.status)}
    if transition.action == "approve":
        if post.status in {S.APPROVED, S.SCHEDULED, S.PUBLISHING, S.PUBLISHED}:
            return _("This post is already %(status)s: it cannot be approved again.") % status
        if post.status in {S.DRAFT, S.CHANGES_REQUESTED}:
            return _("This post is %(status)s: its author must submit it first.") % status
    if post.status in {S.PUBLISHING, S.PUBLISHED}:
        return _("This post is %(status)s: it can no longer change.") % status
    if post.status == S.CANCELLED:
        return _("This post is cancelled: reopen it first.")
    possible = [str(t.label) for t in TRANSITIONS.values() if post.status in t.sources]
    return _(
        "This post is %(status)s: “%(action)s” is not possible now (possible: %(possible)s)."
    ) % {
        **status,
        "action": transition.label,
        "possible": ", ".join(possible) or "—",
    }


def _permission_refusal(transition: Transition, membership: Membership) -> str | None:
    if has_perm(membership, transition.perm):
        return None
    return _(
        "Your role (%(role)s) does not allow “%(action)s”: ask an editor, a manager or the "
        "owner of the workspace."
    ) % {"role": membership.get_role_display().lower(), "action": transition.label}


def refusal(
    transition: Transition, post: Post, membership: Membership, *, full: bool = True
) -> str | None:
    """None when the member may take the transition now, else why not (and what to do).

    Steps: the post's status is a source; the member's role grants the permission;
    every guard holds; with ``full``, every check of the post holds.
    """
    if post.status not in transition.sources:
        return _wrong_state(transition, post)
    problem = _permission_refusal(transition, membership)
    conditions = transition.guards + (transition.checks if full else ())
    for condition in conditions:
        if problem:
            break
        problem = condition(post, membership)
    return problem


def allowed_actions(post: Post, membership: Membership | None) -> list[Transition]:
    """The transitions the member may take on the post now (for buttons).

    Only the cheap guards run: a post that fails a check (the charter, the date, the
    readiness) still shows the button, and pressing it says what to fix.
    """
    if membership is None or membership.workspace_id != post.workspace_id:
        return []
    return [
        t
        for t in TRANSITIONS.values()
        if post.status in t.sources and refusal(t, post, membership, full=False) is None
    ]


def _audit(
    post: Post,
    membership: Membership,
    action: str,
    before: str,
    after: str,
    note: str,
    extra: dict[str, object],
) -> None:
    """Who (the actor), when (the event's time), from → to, the version and the note."""
    changes: dict[str, object] = {
        "status": [before, after],
        "transition": action,
        "version": post.version,
        **extra,
    }
    if note:
        changes["note"] = note
    record(
        AuditAction.APPROVAL if action == "approve" else AuditAction.UPDATE,
        actor=membership.user,
        workspace=post.workspace,
        obj=post,
        changes=changes,
    )


def _effect(
    post: Post, transition: Transition, membership: Membership, note: str
) -> tuple[str, dict[str, object]]:
    """Carry the transition out; return the status reached and what the audit adds.

    The audit's additions are data, not sentences, so that the log reads in every
    language: ``approval_policy`` when submitting skips the review, ``approvals`` as
    "count/needed" for an approval.
    """
    if transition.action == "submit":
        needed = approvals_needed(post)
        approved = len(approval_service.approvers_of_version(post)) if needed else 0
        if needed == 0 or approved >= needed:
            # Nobody needs to approve (policy "none", not sensitive), or this very
            # version was already approved before being withdrawn: approved at once.
            return S.APPROVED, {
                "approval_policy": post.workspace.approval_policy,
                "approvals": f"{approved}/{needed}",
            }
        topics = approval_service.sensitive_topics_in(post)
        return S.IN_REVIEW, {"sensitive_topics": topics} if topics else {}
    if transition.action == "approve":
        approval_service.record_decision(post, membership, Decision.APPROVED, note)
        needed = max(approvals_needed(post), 1)
        count = len(approval_service.approvers_of_version(post))
        reached = S.APPROVED if count >= needed else S.IN_REVIEW
        return reached, {"approvals": f"{count}/{needed}"}
    if transition.action == "request_changes":
        approval_service.record_decision(post, membership, Decision.CHANGES_REQUESTED, note)
    if transition.action == "reopen":
        # A new round: decisions given before the cancellation no longer count.
        post.version += 1
    return transition.target, {}


def apply(post: Post, action: str, membership: Membership, *, note: str = "") -> Post:
    """Take the transition ``action`` on the post as ``membership``; return the post.

    Steps:
    1. Find the transition (an unknown action is refused).
    2. Lock the post's row (``select_for_update``; on SQLite the immediate
       transaction does the same) and read it again: what counts is its status now.
    3. Refuse with a :class:`DomainError` when the status is not a source, the role
       lacks the permission, a guard or a check fails (see :func:`refusal`).
    4. Carry it out: record the approver's decision for approve and request changes;
       with enough distinct approvers of this version the post is approved, else it
       stays in review; submit goes straight to approved when no approval is needed.
    5. Save the status and audit who, from → to, the version and the note.
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise DomainError(
            _("Unknown action “%(action)s”: use one of %(actions)s.")
            % {"action": action, "actions": ", ".join(TRANSITIONS)},
            field="action",
        )
    note = (note or "").strip()
    with transaction.atomic():
        locked = (
            Post.objects.select_for_update()
            .select_related("workspace")
            .filter(pk=post.pk, workspace_id=membership.workspace_id)
            .first()
        )
        if locked is None:
            raise DomainError(_("This post no longer exists: reload the page."))
        problem = refusal(transition, locked, membership)
        if problem is None and transition.action == "request_changes" and not note:
            problem = _("Say in a note what the author should change.")
        if problem is not None:
            raise DomainError(problem, field="note" if "note" in problem else None)
        before = locked.status
        after, extra = _effect(locked, transition, membership, note)
        locked.status = after
        if after != before or transition.action == "reopen":
            locked.save(update_fields=["status", "version", "updated_at"])
        run_hooks(locked, transition.action, before, after, membership)
        _audit(locked, membership, transition.action, before, after, note, extra)
        if transition.action == "approve" and after == S.APPROVED:
            locked.not_scheduled = schedule_on_approval(locked, membership)
    post.status, post.version, post.updated_at = locked.status, locked.version, locked.updated_at
    post.scheduled_at = locked.scheduled_at
    return locked


def schedule_on_approval(post: Post, membership: Membership) -> str:
    """Schedule the post its approval just made approved; "" when done or not wanted,
    else why it stays approved (what to do before scheduling it by hand).

    Unless the workspace keeps scheduling as a separate step
    (:attr:`~mostra.core.models.Workspace.separate_scheduling`), an approved post with a
    date goes on to scheduled as the "schedule" transition would take it: its checks
    (variants, a date to come, the strategy's readiness), the hooks (the publishing app
    plans the publications), its own audit entry. Refused, it is undone alone (a
    savepoint): the approval stands.
    """
    if post.workspace.separate_scheduling or post.scheduled_at is None:
        return ""
    schedule = TRANSITIONS["schedule"]
    try:
        with transaction.atomic():
            for check in schedule.checks:
                problem = check(post, membership)
                if problem is not None:
                    raise DomainError(problem)
            post.status = S.SCHEDULED
            post.save(update_fields=["status", "updated_at"])
            run_hooks(post, schedule.action, S.APPROVED, S.SCHEDULED, membership)
            _audit(post, membership, schedule.action, S.APPROVED, S.SCHEDULED, "", {})
    except DomainError as exc:
        post.status = S.APPROVED
        post.refresh_from_db(fields=["status", "scheduled_at", "updated_at"])
        return exc.message
    return ""


def content_changed(post: Post, membership: Membership) -> None:
    """Record a change of the post's content: a new version; approvals stop counting.

    Called by the post editor after any change of text, link, first comment, networks,
    media or flags, inside its transaction. A post in review, approved or scheduled goes
    back to review, once the new content passes the charter check (else a DomainError
    with the charter's problems: the caller's transaction saves nothing). A post
    that is publishing, published or cancelled cannot change (reopen a cancelled one
    first). The new version's :class:`Revision` names who made it: they may no longer
    approve the post (:func:`mostra.core.permissions.approver_refusal`).
    """
    with transaction.atomic():
        locked = (
            Post.objects.select_for_update().select_related("workspace").filter(pk=post.pk).first()
        )
        if locked is None:
            raise DomainError(_("This post no longer exists: reload the page."))
        if locked.status in FINAL:
            raise DomainError(_wrong_state(TRANSITIONS["submit"], locked))
        if locked.status in APPROVAL_INVALIDATED_BY_EDIT:
            # The new content must pass the charter as submitting would: refused, the
            # caller's transaction rolls the whole edit back.
            problem = rules.charter_ok_after_edit(locked, membership)
            if problem is not None:
                raise DomainError(problem)
        before, version = locked.status, locked.version
        locked.version += 1
        if locked.status in APPROVAL_INVALIDATED_BY_EDIT:
            locked.status = S.IN_REVIEW
        locked.save(update_fields=["status", "version", "updated_at"])
        Revision.objects.create(post=locked, version=locked.version, editor=membership.user)
        run_hooks(locked, "edit", before, locked.status, membership)
        changes: dict[str, object] = {"version": [version, locked.version]}
        if before in APPROVAL_INVALIDATED_BY_EDIT:
            # Earlier approvals were given to the old version: they no longer count.
            changes["status"] = [before, locked.status]
            changes["approvals"] = f"0/{approvals_needed(locked)}"
        record(
            AuditAction.UPDATE,
            actor=membership.user,
            workspace=locked.workspace,
            obj=locked,
            changes=changes,
        )
    post.status, post.version, post.updated_at = locked.status, locked.version, locked.updated_at
