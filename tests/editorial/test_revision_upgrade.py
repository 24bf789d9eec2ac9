"""The upgrade that records who changed each post (editorial 0002): the changes of
content made before it are read back from the audit log, so that an approver who
rewrote a post under review before the upgrade cannot approve it after."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from mostra.core.audit import record
from mostra.core.errors import DomainError
from mostra.core.models import AuditAction
from mostra.editorial import workflow
from mostra.editorial.models import PostStatus, Revision
from tests.editorial.workflow_fixtures import *  # noqa: F403
from tests.editorial.workflow_fixtures import soon

BEFORE = [("editorial", "0001_initial")]
AFTER = [("editorial", "0002_revision")]


def migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_changes_of_content_logged_before_the_upgrade_count(
    make_post, set_policy, owner_membership, bob_approver, dana
):
    set_policy("one")
    post = make_post(when=soon(), networks=("facebook",), status=PostStatus.IN_REVIEW, version=3)
    gone = make_post(when=soon(), networks=("facebook",))
    gone_pk = gone.pk
    migrate(BEFORE)
    try:
        alice, bob = owner_membership.user, bob_approver.user
        workspace = owner_membership.workspace
        # What workflow.content_changed wrote: Bob made version 2, Alice version 3.
        record(
            AuditAction.UPDATE,
            actor=bob,
            workspace=workspace,
            obj=post,
            changes={"version": [1, 2], "status": ["approved", "in_review"]},
        )
        record(
            AuditAction.UPDATE,
            actor=alice,
            workspace=workspace,
            obj=post,
            changes={"version": [2, 3]},
        )
        # Not changes of content: a transition, a new title, another object.
        record(
            AuditAction.UPDATE,
            actor=dana.user,
            workspace=workspace,
            obj=post,
            changes={"status": ["draft", "in_review"], "transition": "submit", "version": 3},
        )
        record(
            AuditAction.UPDATE,
            actor=dana.user,
            workspace=workspace,
            obj=post,
            changes={"title": ["Avant", "Après"]},
        )
        record(
            AuditAction.UPDATE,
            actor=dana.user,
            workspace=workspace,
            obj=gone,
            changes={"version": [1, 2]},
        )
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        old.get_model("editorial", "Post").objects.filter(pk=gone_pk).delete()
    finally:
        migrate(AFTER)
        # And the later migrations, for the tests that follow.
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    rows = list(Revision.objects.order_by("version").values_list("post", "version", "editor"))
    assert rows == [(post.pk, 2, bob.pk), (post.pk, 3, alice.pk)]
    assert not Revision.objects.filter(post_id=gone_pk).exists()
    with pytest.raises(DomainError, match="You changed this post's content"):
        workflow.apply(post, "approve", bob_approver)
    assert workflow.apply(post, "approve", dana).status == PostStatus.APPROVED
