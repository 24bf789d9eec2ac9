"""Four workers at once on PostgreSQL on due publications by hand: each becomes due and
is announced exactly once (the same compare-and-set claim as network publications).

Skipped on SQLite (DATABASE_URL=postgres://... runs it), as test_scheduler_race.py."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection

from mostra.editorial.models import Post, PostStatus, PostVariant
from mostra.publishing.models import Publication, PublicationState, SocialAccount
from mostra.publishing.scheduler import clock
from mostra.publishing.signals import manual_publication_due
from tests.publishing.test_scheduler_race import drain

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: DATABASE_URL=postgres://... (see the README)")


def test_four_workers_make_each_publication_by_hand_due_once(workspace, owner, teammate):
    account = SocialAccount.objects.create(
        workspace=workspace, network="instagram", handle="lac", external_id="by-hand:lac",
        by_hand=True, responsible=teammate,
    )  # fmt: skip
    due = clock.database_now()
    for _ in range(60):
        post = Post.objects.create(
            workspace=workspace, author=owner, status=PostStatus.SCHEDULED, scheduled_at=due
        )
        variant = PostVariant.objects.create(post=post, network="instagram", text="Tomme")
        Publication.objects.create(
            variant=variant, account=account, due_at=due, next_attempt_at=due
        )
    announced: Counter[int] = Counter()
    lock = threading.Lock()

    def receive(sender, publication, stage, recipients, **kw):  # noqa: ANN001
        with lock:
            announced[publication.pk] += 1

    manual_publication_due.connect(receive, dispatch_uid="race")
    try:
        errors: list[BaseException] = []
        start = threading.Barrier(4)
        threads = [threading.Thread(target=drain, args=(f"w{i}", errors, start)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        manual_publication_due.disconnect(dispatch_uid="race")
    assert errors == []
    states = Counter(Publication.objects.values_list("state", flat=True))
    assert states == {PublicationState.MANUAL_DUE: 60}
    assert len(announced) == 60 and set(announced.values()) == {1}
    assert set(Post.objects.values_list("status", flat=True)) == {PostStatus.PUBLISHING}
