"""A post published by hand meets its figures from the network's export by its address,
whether the export is imported before or after it is marked published (Instagram's
export names posts by a numeric id, the pasted address by its code)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from mostra.analytics.importers import run_import
from mostra.analytics.models import AccountPost
from mostra.editorial.models import Post, PostStatus, PostVariant
from mostra.publishing.models import Publication, PublicationState, SocialAccount
from mostra.publishing.services import by_hand
from tests.analytics.importers.conftest import FIXTURES

URL = "https://www.instagram.com/p/DAbc001/"


@pytest.fixture
def due(workspace, owner, teammate) -> Publication:
    account = SocialAccount.objects.create(
        workspace=workspace, network="instagram", handle="fromageriedulac",
        external_id="by-hand:fromageriedulac", by_hand=True, responsible=teammate,
    )  # fmt: skip
    now = timezone.now()
    post = Post.objects.create(
        workspace=workspace, author=owner, status=PostStatus.PUBLISHING, scheduled_at=now
    )
    variant = PostVariant.objects.create(post=post, network="instagram", text="Plateau")
    return Publication.objects.create(
        variant=variant, account=account, state=PublicationState.MANUAL_DUE, due_at=now,
        next_attempt_at=now, manual_since=now, manual_stage="due",
    )  # fmt: skip


def mark(due, teammate_membership, url, capture) -> None:
    with capture(execute=True):
        by_hand.mark_published(due, teammate_membership, url)


def test_marked_then_imported(
    due, teammate_membership, workspace, django_capture_on_commit_callbacks
):
    mark(due, teammate_membership, URL, django_capture_on_commit_callbacks)
    copy = AccountPost.objects.get(publication=due)
    assert copy.network_id == "DAbc001" and copy.post_id == due.variant.post_id
    run_import(workspace, "csv", FIXTURES / "instagram_en.csv", network="instagram")
    [row] = AccountPost.objects.filter(url=URL)
    assert row.network_id == "17900000000000001" and row.reach == 2300
    assert row.post_id == due.variant.post_id and row.publication_id == due.pk
    # Importing it again changes nothing.
    run_import(workspace, "csv", FIXTURES / "instagram_en.csv", network="instagram")
    assert AccountPost.objects.filter(url=URL).count() == 1


def test_imported_then_marked(
    due, teammate_membership, workspace, django_capture_on_commit_callbacks
):
    run_import(workspace, "csv", FIXTURES / "instagram_en.csv", network="instagram")
    before = AccountPost.objects.count()
    pasted = "https://instagram.com/p/DAbc001?igsh=abc"
    mark(due, teammate_membership, pasted, django_capture_on_commit_callbacks)
    assert AccountPost.objects.count() == before  # the imported row, not a second one
    row = AccountPost.objects.get(publication=due)
    assert row.network_id == "17900000000000001" and row.reach == 2300
    assert row.post_id == due.variant.post_id
