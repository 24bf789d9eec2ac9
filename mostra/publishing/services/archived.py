"""What archiving a workspace means for its publications.

* While it is archived, the worker's queries leave its rows alone
  (:func:`~mostra.core.models.workspace.in_active_workspace`): nothing is claimed,
  measured, refreshed, delivered or e-mailed.
* On restore (:func:`on_restore`), nothing goes out late. A scheduled post whose time
  passed goes back to *approved* (the workflow's "unschedule", which cancels its pending
  publications), to be given a new date; a publication still waiting for a post that
  had already partly gone out fails, saying why, to be retried.
* Before the workspace is deleted (:func:`before_delete`), its publications go first:
  they protect their account from being deleted alone. So do mostra's applications
  registered on Mastodon instances for its callback address.

Registered in :data:`mostra.core.services.archive.ON_RESTORE` and
:data:`~mostra.core.services.archive.BEFORE_DELETE` by the app's ``ready()``.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from mostra.core.audit import record
from mostra.core.models import AuditAction, Membership, Workspace
from mostra.editorial.models import Post, PostStatus
from mostra.publishing.models import MastodonApp, Publication, PublicationState
from mostra.publishing.models.publication import MACHINE
from mostra.publishing.scheduler import clock

S = PublicationState

#: ``error_code`` of a publication whose time passed while its workspace was archived.
ARCHIVED = "archived"


def on_restore(membership: Membership) -> None:
    """Send the posts whose time passed while the workspace was archived back for a
    new date (see the module)."""
    from mostra.editorial import workflow
    from mostra.publishing.services.publications import sync_post_status

    workspace = membership.workspace
    now = clock.now()
    note = _("Its time passed while the workspace was archived: give it a new date.")
    late = Post.objects.filter(
        workspace=workspace, status=PostStatus.SCHEDULED, scheduled_at__lte=now
    ).order_by("id")
    for post in late:
        workflow.apply(post, "unschedule", membership, note=note)
    waiting = list(
        Publication.objects.filter(
            variant__post__workspace=workspace, state=S.PENDING, next_attempt_at__lte=now
        ).select_related("variant__post")
    )
    for publication in waiting:
        failed = MACHINE.move(
            Publication.objects.filter(pk=publication.pk),
            S.PENDING,
            S.FAILED,
            error_code=ARCHIVED,
            error_message=note,
            updated_at=now,
        )
        if failed != 1:
            continue
        changes: dict[str, object] = {
            "network": publication.variant.network,
            "publication": [S.PENDING, S.FAILED],
        }
        status = sync_post_status(publication.variant.post_id, now)
        if status:
            changes["status"] = list(status)
        record(
            AuditAction.UPDATE,
            actor=membership.user,
            workspace=workspace,
            obj=publication.variant.post,
            changes=changes,
        )


def before_delete(workspace: Workspace) -> dict[str, int]:
    """Delete the workspace's publications (and their attempts, metrics and notices),
    and forget mostra's Mastodon applications for its callback address; the rows
    deleted, by model."""
    _total, deleted = Publication.objects.filter(variant__post__workspace=workspace).delete()
    callback = reverse("publishing:mastodon_callback", args=[workspace.slug])
    _total, apps = MastodonApp.objects.filter(redirect_uri__endswith=callback).delete()
    return {**deleted, **apps}
