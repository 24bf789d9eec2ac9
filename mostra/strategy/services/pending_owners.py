"""Objectives whose owner is not a member yet, and what happens when that person joins.

A strategy file may name as an objective's owner someone who is not a member of the
workspace yet (the documented example on a fresh install). The objective keeps their
address as the file wrote it (``Objective.owner_email``, a "pending owner"), so that
export gives the file back, and the pages say who it is and whether they were invited.

When that person becomes a member, whichever way (accepting an invitation, creating the
workspace, the demo, the tests' fixtures…), :func:`on_membership_created` — connected to
``Membership``'s ``post_save`` in :class:`~mostra.strategy.apps.StrategyConfig` — runs
:func:`claim_objectives` in the transaction that makes the membership: every objective
of that workspace pending on their address (whatever its case) becomes theirs, each
change in the audit log. Nobody needs to import the file again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mostra.core import audit
from mostra.core.models import AuditAction, Invitation, Membership, Workspace
from mostra.strategy.models import Objective


def claim_objectives(membership: Membership) -> list[Objective]:
    """Make a new member the owner of their workspace's objectives pending on their address.

    1. The objectives of the membership's workspace with no owner and ``owner_email``
       equal to the member's address, whatever the case.
    2. Each is claimed with a compare-and-set update (still pending on that address), so
       that an objective changed meanwhile is left as it is; the pending address is
       cleared in the same update.
    3. Each claimed objective gets an audit entry by the new member: its "owner" from
       none to them, its "pending owner" from their address to none.
    """
    email = membership.user.email
    if not email:
        return []
    claimed = []
    with transaction.atomic():
        pending = Objective.objects.filter(
            workspace_id=membership.workspace_id, owner__isnull=True, owner_email__iexact=email
        )
        for objective in pending:
            updated = Objective.objects.filter(
                pk=objective.pk, owner__isnull=True, owner_email=objective.owner_email
            ).update(owner=membership, owner_email="")
            if updated != 1:
                continue
            audit.record(
                AuditAction.UPDATE,
                actor=membership.user,
                workspace=membership.workspace,
                obj=objective,
                changes={"owner": [None, email], "pending owner": [objective.owner_email, None]},
            )
            claimed.append(objective)
    return claimed


def on_membership_created(
    sender: Any, instance: Membership, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """``post_save`` of a membership: a new member takes the objectives waiting for them.

    Not for a membership being changed, nor one loaded as it was stored (``raw``: a
    fixture or a restore, whose objectives are already as they were).
    """
    if created and not raw:
        claim_objectives(instance)


def invited_addresses(workspace: Workspace) -> set[str]:
    """The addresses, lower-cased, of the workspace's invitations that can still be used."""
    return {
        email.lower()
        for email in Invitation.objects.pending()
        .filter(workspace=workspace)
        .exclude(email="")
        .values_list("email", flat=True)
    }


def pending_owner_label(email: str, invited: bool) -> str:
    """How the pages name an owner who is not a member yet."""
    if invited:
        return _("%(email)s — invited, not a member yet") % {"email": email}
    return _("%(email)s — not invited yet") % {"email": email}


def owner_labels(workspace: Workspace, addresses: Iterable[str]) -> dict[str, str]:
    """How the pages name each objective owner's address (keys lower-cased): a member by
    their name, anyone else by :func:`pending_owner_label`.

    One query for the members, and one for the invitations only when some address is
    not a member's.
    """
    labels = {
        m.user.email.lower(): m.user.name for m in workspace.memberships.select_related("user")
    }
    others = {a.lower(): a for a in addresses if a and a.lower() not in labels}
    if others:
        invited = invited_addresses(workspace)
        for key, address in others.items():
            labels[key] = pending_owner_label(address, key in invited)
    return labels
