"""Template tags of the approval workflow: the status badge, the buttons, the queue count.

``{% load workflow %}`` then:

* ``{% post_status post %}``: the status as a coloured badge;
* ``{% workflow_actions post membership as actions %}``: the transitions the member
  may take now (what :func:`mostra.editorial.workflow.allowed_actions` returns);
* ``{% approval_progress post %}``: "1 of 2 approvals" while a post is in review;
* ``{% approval_refusal post membership as why %}``: why this approver has no
  *Approve* button on a post in review (they wrote it, changed it, already approved);
* ``{% approvals_waiting_count %}``: a badge with the number of posts waiting for the
  current member's decision (nothing when none), for the navigation;
  ``{% approvals_waiting as n %}`` gives the number itself.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mostra.core.models import Membership
from mostra.editorial import workflow
from mostra.editorial.models import Post, PostStatus
from mostra.editorial.services import approvals, calendar_chips
from mostra.strategy.catalogue import network_label

register = template.Library()

#: The badge's colour class per status (see .badge in app.css).
STATUS_CLASS = {
    PostStatus.DRAFT: "",
    PostStatus.IN_REVIEW: "warn",
    PostStatus.CHANGES_REQUESTED: "err",
    PostStatus.APPROVED: "ok",
    PostStatus.SCHEDULED: "ok",
    PostStatus.PUBLISHING: "warn",
    PostStatus.PUBLISHED: "ok",
    PostStatus.FAILED: "err",
    PostStatus.CANCELLED: "",
}


@register.simple_tag
def post_status(post: Post) -> str:
    """The status badge; a post being published says whether its sending was interrupted
    and when it is retried (as the calendar: :func:`calendar_chips.sendings_of`)."""
    status = PostStatus(post.status)
    label = str(status.label)
    if status == PostStatus.PUBLISHING:
        found = calendar_chips.sendings_of([post.pk]).get(post.pk)
        if found is not None:
            label = found.label(ZoneInfo(post.workspace.timezone))
    return format_html(
        '<span class="badge status {} status-{}" data-status="{}">{}</span>',
        STATUS_CLASS.get(status, ""),
        status.value,
        status.value,
        label,
    )


@register.simple_tag
def workflow_actions(
    post: Post, membership: Membership | None, only: str = ""
) -> list[workflow.Transition]:
    """The allowed transitions; ``only`` ("approve,request_changes") keeps those alone."""
    actions = workflow.allowed_actions(post, membership)
    wanted = {a.strip() for a in (only or "").split(",") if a.strip()}
    return [t for t in actions if t.action in wanted] if wanted else actions


@register.simple_tag
def approval_progress(post: Post) -> str:
    """ "1 of 2 approvals" for a post in review; empty otherwise."""
    if post.status != PostStatus.IN_REVIEW:
        return ""
    needed = max(workflow.approvals_needed(post), 1)
    count = len(approvals.approvers_of_version(post))
    return ngettext(
        "%(count)d of %(needed)d approval", "%(count)d of %(needed)d approvals", needed
    ) % {"count": count, "needed": needed}


@register.simple_tag
def approval_refusal(post: Post, membership: Membership | None) -> str:
    """Why the approver may not approve the post in review ("" when they may).

    Said to approvers only: a member who is not one is not expected to approve. The
    reason is the workflow's, decided in :func:`mostra.core.permissions.approval_refusal`.
    """
    if membership is None or not membership.is_approver or post.status != PostStatus.IN_REVIEW:
        return ""
    return workflow.refusal(workflow.TRANSITIONS["approve"], post, membership, full=False) or ""


def _membership(context: template.Context) -> Membership | None:
    membership = context.get("membership")
    if membership is None and "request" in context:
        membership = getattr(context["request"], "membership", None)
    return membership if isinstance(membership, Membership) else None


@register.simple_tag(takes_context=True)
def approvals_waiting(context: template.Context) -> int:
    return approvals.waiting_count(_membership(context))


@register.simple_tag(takes_context=True)
def approvals_waiting_count(context: template.Context) -> Any:
    """A small badge with the number of posts waiting for this member; "" when none."""
    count = approvals.waiting_count(_membership(context))
    if not count:
        return ""
    label = ngettext(
        "%(count)d post waits for your approval", "%(count)d posts wait for your approval", count
    ) % {"count": count}
    return format_html(
        '<span class="badge warn approvals-count" title="{}"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{}</span></span>',
        label,
        count,
        label,
    )


@register.filter
def note_help(actions: list[workflow.Transition]) -> str:
    """What the note is for, given the buttons next to it."""
    if any(t.action in {"approve", "request_changes"} for t in actions):
        return _("Optional when approving; say what to change when you request changes.")
    return _("Optional: why, for the team and the audit log.")


@register.filter
def takes_note(actions: list[workflow.Transition]) -> bool:
    """Whether one of these actions takes a note (the form then shows the note field)."""
    return any(t.action in workflow.WITH_NOTE for t in actions)


@register.simple_tag
def transition_confirm(transition: workflow.Transition) -> str:
    """A confirmation question for the actions that are hard to take back."""
    if transition.action == "cancel":
        return _(
            "Abandon this post? Nothing is published; it stays in the history as cancelled "
            "and you can reopen it later."
        )
    if transition.action == "withdraw":
        return _("Withdraw this post from review? It goes back to draft; nothing is published.")
    if transition.action == "unschedule":
        return _(
            "Withdraw this post from the schedule? It stays approved and goes out only once "
            "scheduled again; nothing is published."
        )
    return ""


@register.simple_tag
def sensitive_topics(post: Post) -> list[str]:
    """The workspace's sensitive topics the post mentions."""
    return approvals.sensitive_topics_in(post)


@register.filter
def network_name(code: str) -> str:
    return network_label(code)
