"""Archiving a workspace, restoring it, and deleting it for good.

An archived workspace is read-only. Its members still read everything and download its
exports; every change is refused with :class:`WorkspaceArchived`, which
:func:`ensure_writable` raises for the pages (:func:`mostra.core.views.base.workspace_view`),
the API (:func:`mostra.api.access.member`), the command line
(:func:`mostra.core.cli_support.workspace_option`) and the services that run outside
them. The workers skip it in their queries
(:func:`~mostra.core.models.workspace.in_active_workspace`): nothing is published,
measured, delivered or e-mailed.

Restoring it (its owners) makes it writable again. A scheduled post whose time passed
meanwhile is not published late: it goes back to *approved*, to be given a new date
(:data:`ON_RESTORE`, filled by the publishing app).

Deleting is only possible from the archive, by its owners, typing its short name. Every
row of the workspace goes, in one transaction: its rows in every app (the cascade of
its foreign keys), after what the cascade cannot remove (:data:`BEFORE_DELETE`: the
publications, which protect their account; the media files, once committed). Its own
audit log goes with it; the instance's audit keeps one line, without a workspace: who
deleted which workspace, and how many rows of each kind.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction, Membership, Workspace
from mostra.core.permissions import Perm, has_perm

#: Told of a restore inside its transaction, with the restoring member's membership
#: (its workspace already writable again).
ON_RESTORE: list[Callable[[Membership], None]] = []
#: Told of a deletion inside its transaction, with the workspace, before its rows go:
#: each app removes there what the cascade of foreign keys cannot, and may return the
#: rows it deleted by model (``{"publishing.Publication": 3}``) for the audit's line.
BEFORE_DELETE: list[Callable[[Workspace], dict[str, int] | None]] = []


class WorkspaceArchived(DomainError):
    """A change asked of an archived workspace: nothing was changed."""

    def __init__(self) -> None:
        super().__init__(_("This workspace is archived: restore it to change it."))


def ensure_writable(workspace: Workspace) -> None:
    """Refuse any change to an archived workspace (:class:`WorkspaceArchived`)."""
    if workspace.archived_at is not None:
        raise WorkspaceArchived


def _check_owner(membership: Membership, perm: Perm) -> None:
    if not has_perm(membership, perm):
        raise DomainError(
            _("Only the workspace's owners can archive, restore or delete it: ask one of them.")
        )


def _locked(workspace: Workspace) -> Workspace:
    """The workspace's row, locked until the transaction ends, as it is now."""
    locked = Workspace.objects.select_for_update().filter(pk=workspace.pk).first()
    if locked is None:
        raise DomainError(_("This workspace no longer exists."))
    return locked


@transaction.atomic
def archive_workspace(membership: Membership) -> Workspace:
    """Make the workspace read-only for everyone and stop the workers' work on it."""
    _check_owner(membership, Perm.ARCHIVE_WORKSPACE)
    workspace = _locked(membership.workspace)
    if workspace.archived_at is not None:
        raise DomainError(_("This workspace is already archived."))
    workspace.archived_at = timezone.now()
    workspace.archived_by = membership.user
    workspace.save(update_fields=["archived_at", "archived_by"])
    membership.workspace = workspace
    audit.record(AuditAction.ARCHIVE, actor=membership.user, workspace=workspace, obj=workspace)
    return workspace


@transaction.atomic
def restore_workspace(membership: Membership) -> Workspace:
    """Make an archived workspace writable again.

    Steps: lock its row; refuse when it is not archived; clear the archive; let the
    apps catch up (:data:`ON_RESTORE`: the scheduled posts whose time passed go back
    to approved, to be given a new date); audit the restore.
    """
    _check_owner(membership, Perm.ARCHIVE_WORKSPACE)
    workspace = _locked(membership.workspace)
    if workspace.archived_at is None:
        raise DomainError(_("This workspace is not archived: there is nothing to restore."))
    workspace.archived_at = None
    workspace.archived_by = None
    workspace.save(update_fields=["archived_at", "archived_by"])
    membership.workspace = workspace
    for hook in ON_RESTORE:
        hook(membership)
    audit.record(AuditAction.RESTORE, actor=membership.user, workspace=workspace, obj=workspace)
    return workspace


def delete_workspace(membership: Membership, confirm: str) -> dict[str, int]:
    """Delete an archived workspace for good, ``confirm`` being its short name typed.

    Returns the number of rows deleted, by model (``{"editorial.Post": 12, …}``).
    """
    _check_owner(membership, Perm.DELETE_WORKSPACE)
    workspace = membership.workspace
    if workspace.archived_at is None:
        raise DomainError(
            _("Archive the workspace first: only an archived workspace can be deleted.")
        )
    if (confirm or "").strip() != workspace.slug:
        raise DomainError(
            _("Type the workspace's short name exactly to confirm the deletion."),
            field="confirm_slug",
        )
    with transaction.atomic():
        locked = _locked(workspace)
        if locked.archived_at is None:
            raise DomainError(
                _("Archive the workspace first: only an archived workspace can be deleted.")
            )
        return erase_workspace(membership.user, locked)


@transaction.atomic
def erase_workspace(actor: Any, workspace: Workspace) -> dict[str, int]:
    """Delete the workspace and every row of it, with no question asked.

    For :func:`delete_workspace`, and for the demo, which is rebuilt identical. Steps:
    the apps remove what the cascade cannot (:data:`BEFORE_DELETE`); the workspace is
    deleted with all its rows; the instance's audit keeps a line without a workspace.
    """
    gone = copy.copy(workspace)
    deleted: Counter[str] = Counter()
    for hook in BEFORE_DELETE:
        deleted.update(hook(workspace) or {})
    _total, per_model = workspace.delete()
    deleted.update(per_model)
    rows = {label: count for label, count in sorted(deleted.items()) if count}
    audit.record(
        AuditAction.DELETE,
        actor=actor,
        obj=gone,
        label=f"{gone.name} ({gone.slug})",
        changes={"rows": rows},
    )
    return rows
