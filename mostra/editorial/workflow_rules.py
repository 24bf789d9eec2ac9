"""The conditions of the workflow's transitions (see :data:`workflow.TRANSITIONS`).

Each condition takes ``(post, membership)`` and returns None when it holds, or the
message that tells the person what to do. Guards are about who acts (cheap, used for
the buttons): they ask :mod:`mostra.core.permissions`, where those rules live. Checks
are about the post (run when the transition is applied).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mostra.core import permissions
from mostra.core.models import Membership
from mostra.editorial.models import Post
from mostra.editorial.services import approvals, readiness
from mostra.strategy.catalogue import network_label

#: How many charter problems the refusal names per network.
SHOWN = 3

# --- Guards: who may (decided in mostra.core.permissions) --------------------------------


def may_submit(post: Post, membership: Membership) -> str | None:
    return permissions.submit_refusal(membership, post.author_id)


def may_withdraw(post: Post, membership: Membership) -> str | None:
    return permissions.withdraw_refusal(membership, post.author_id)


def may_approve(post: Post, membership: Membership) -> str | None:
    return permissions.approval_refusal(membership, approvals.review_of(post))


def may_request_changes(post: Post, membership: Membership) -> str | None:
    return permissions.changes_request_refusal(membership, post.author_id)


# --- Checks: is the post ready ------------------------------------------------------------


def has_variants(post: Post, membership: Membership) -> str | None:
    if post.variants.exists():
        return None
    return _("This post has no text for any network yet: add at least one network variant.")


def has_date(post: Post, membership: Membership) -> str | None:
    if post.scheduled_at is not None:
        return None
    return _("This post has no date yet: choose when it should go out.")


def date_in_future(post: Post, membership: Membership) -> str | None:
    if post.scheduled_at is None:
        return _("This post has no date yet: choose when it should go out.")
    if post.scheduled_at <= timezone.now():
        return _("This post's date is in the past: choose a date and time to come first.")
    return None


def has_approvers(post: Post, membership: Membership) -> str | None:
    """Submitting makes sense only if enough approvers did not write nor change the post."""
    needed = approvals.approvals_needed(post)
    if needed == 0:
        return None
    available = approvals.possible_approvers(post)
    if available >= needed:
        return None
    return ngettext(
        "This post needs %(needed)d approval from an approver who did not write or change "
        "it, and the workspace has %(available)d: ask the owner to name approvers on the "
        "Members page.",
        "This post needs %(needed)d approvals from approvers who did not write or change "
        "it, and the workspace has %(available)d: ask the owner to name approvers on the "
        "Members page.",
        needed,
    ) % {"needed": needed, "available": available}


def _errors_by_network(result: Any) -> dict[str, list[str]]:
    """The charter check's errors per network, whatever its grouping.

    ``check_post`` answers per network (``{network: [Finding]}``), or with objects that
    carry ``network`` and ``findings``, or with findings that carry their ``network``.
    """
    if isinstance(result, Mapping):
        groups = list(result.items())
    else:
        groups = [
            (str(getattr(item, "network", "") or ""), getattr(item, "findings", [item]))
            for item in result
        ]
    errors: dict[str, list[str]] = defaultdict(list)
    for network, findings in groups:
        for finding in findings:
            if getattr(finding, "severity", "") == "error":
                errors[str(network or "")].append(str(finding.message))
    return errors


def charter_problems(post: Post) -> str | None:
    """The blocking problems the charter check finds in the post's variants, per network
    (a few each), or None when there is none (warnings do not block)."""
    from mostra.charter.checks import check_post

    by_network = _errors_by_network(check_post(post))
    if not by_network:
        return None
    parts = []
    for network, messages in by_network.items():
        shown = "; ".join(messages[:SHOWN])
        if len(messages) > SHOWN:
            more = len(messages) - SHOWN
            shown += " " + ngettext("(and %(n)d more)", "(and %(n)d more)", more) % {"n": more}
        parts.append(f"{network_label(network)}: {shown}" if network else shown)
    return " — ".join(parts)


def charter_ok(post: Post, membership: Membership) -> str | None:
    """The charter check of every variant has no error (warnings do not block)."""
    problems = charter_problems(post)
    if problems is None:
        return None
    return _("The charter check found problems: fix them, then submit again. %(problems)s") % {
        "problems": problems
    }


def charter_ok_after_edit(post: Post, membership: Membership) -> str | None:
    """An edit of a post in review, approved or scheduled passes the charter check first:
    the same check as submitting, with what to do now (the edit is not saved)."""
    problems = charter_problems(post)
    if problems is None:
        return None
    return _(
        "The change was not saved: this post is %(status)s and the charter check found "
        "problems in the new version. Fix them and save again. %(problems)s"
    ) % {"status": str(post.get_status_display()).lower(), "problems": problems}


def strategy_ready(post: Post, membership: Membership) -> str | None:
    """The readiness gate: raises :class:`readiness.NotReady` (with the details)."""
    readiness.check_ready(post)
    return None
