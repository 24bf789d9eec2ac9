"""Stop tracking a competitor: what the accounts page and the API call.

Its account goes with its measured posts and follower counts; the workspace's own
accounts are not deleted here (they hold the team's history), so asking for one is
answered as for an account that does not exist.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from mostra.analytics.models import TrackedAccount
from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership
from mostra.core.permissions import Perm, has_perm


class NotACompetitor(DomainError):
    """No competitor of the workspace has this id (the page and the API answer 404)."""


@transaction.atomic
def stop_tracking(actor: Membership, account_id: int) -> str:
    """Delete the competitor ``account_id`` of the actor's workspace, with its posts and
    follower counts; audited. Returns its handle, for the message."""
    if not has_perm(actor, Perm.EDIT_STRATEGY):
        raise DomainError(_("Only owners and managers can stop tracking a competitor."))
    account = (
        TrackedAccount.objects.select_for_update()
        .filter(workspace=actor.workspace, pk=account_id, is_competitor=True)
        .first()
    )
    if account is None:
        raise NotACompetitor(_("No competitor of this workspace has this id."))
    handle = account.handle
    audit.record(
        AuditAction.DELETE,
        actor=actor.user,
        workspace=actor.workspace,
        obj=account,
        changes={"posts": [account.posts.count(), 0]},
    )
    account.delete()
    return handle
