"""Moving a post in time: what is allowed, what is refused and why, what is recorded."""

from __future__ import annotations

import datetime as dt

import pytest

from mostra.core.errors import DomainError
from mostra.core.models import AuditEvent, Membership, Role, User
from mostra.editorial.models import Approval, Decision, PostStatus
from mostra.editorial.services.reschedule import reschedule

UTC = dt.UTC
#: "Now" in these tests: early 2026, before both of the year's clock changes in Paris.
NOW = dt.datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


def moved_to(post) -> str:
    post.refresh_from_db()
    return post.scheduled_at.astimezone(dt.UTC).isoformat()


@pytest.fixture
def contributor(workspace) -> Membership:
    user = User.objects.create_user("dora@example.org", "x", display_name="Dora Petit")
    return Membership.objects.create(workspace=workspace, user=user, role=Role.CONTRIBUTOR)


@pytest.fixture
def viewer(workspace) -> Membership:
    user = User.objects.create_user("victor@example.org", "x", display_name="Victor Blanc")
    return Membership.objects.create(workspace=workspace, user=user, role=Role.VIEWER)


def test_a_date_without_a_time_keeps_the_local_time_of_day(make_post, owner_membership):
    # 10:15 in Paris in winter is 09:15 UTC; in summer the same 10:15 is 08:15 UTC.
    post = make_post(when=dt.datetime(2026, 2, 3, 9, 15, tzinfo=UTC))
    reschedule(post, owner_membership, dt.date(2026, 6, 10), now=NOW)
    assert moved_to(post) == "2026-06-10T08:15:00+00:00"


def test_a_date_and_a_time_are_read_in_the_workspace_time_zone(make_post, owner_membership):
    post = make_post(when=dt.datetime(2026, 2, 3, 9, 15, tzinfo=UTC))
    reschedule(post, owner_membership, dt.date(2026, 2, 5), dt.time(18, 30), now=NOW)
    assert moved_to(post) == "2026-02-05T17:30:00+00:00"


def test_other_time_zones_too(make_post, owner_membership, workspace):
    workspace.timezone = "America/New_York"
    workspace.save()
    post = make_post(when=dt.datetime(2026, 2, 3, 15, 0, tzinfo=UTC))
    reschedule(post, owner_membership, dt.date(2026, 2, 5), dt.time(22, 0), now=NOW)
    assert moved_to(post) == "2026-02-06T03:00:00+00:00"


def test_a_post_without_a_date_gets_ten_o_clock(make_post, owner_membership):
    post = make_post(when=None)
    reschedule(post, owner_membership, dt.date(2026, 2, 5), now=NOW)
    assert moved_to(post) == "2026-02-05T09:00:00+00:00"


def test_the_move_is_audited_with_old_and_new_local_times(make_post, owner_membership):
    post = make_post(when=dt.datetime(2026, 2, 3, 9, 15, tzinfo=UTC), title="Tomme")
    reschedule(post, owner_membership, dt.date(2026, 2, 6), dt.time(12, 0), now=NOW)
    event = AuditEvent.objects.get(object_type="post", object_id=str(post.pk))
    assert event.action == "update"
    assert event.actor == owner_membership.user
    assert event.workspace == owner_membership.workspace
    assert event.changes == {
        "scheduled_at": ["2026-02-03T10:15:00+01:00", "2026-02-06T12:00:00+01:00"]
    }


@pytest.mark.parametrize("status", [PostStatus.APPROVED, PostStatus.SCHEDULED])
def test_an_approved_post_keeps_its_approval_when_it_moves(
    make_post, owner_membership, teammate, status
):
    post = make_post(when=dt.datetime(2026, 2, 3, 9, 0, tzinfo=UTC), status=status)
    Approval.objects.create(
        post=post, approver=teammate, version=post.version, decision=Decision.APPROVED
    )
    reschedule(post, owner_membership, dt.date(2026, 2, 10), now=NOW)
    post.refresh_from_db()
    assert post.status == status
    assert post.version == 1
    assert post.approvals.filter(version=1, decision=Decision.APPROVED).count() == 1


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (PostStatus.PUBLISHED, "already published"),
        (PostStatus.PUBLISHING, "being published"),
        (PostStatus.CANCELLED, "reopen it"),
    ],
)
def test_published_publishing_and_cancelled_posts_cannot_move(
    make_post, owner_membership, status, message
):
    when = dt.datetime(2026, 2, 3, 9, 0, tzinfo=UTC)
    post = make_post(when=when, status=status)
    with pytest.raises(DomainError, match=message):
        reschedule(post, owner_membership, dt.date(2026, 2, 10), now=NOW)
    post.refresh_from_db()
    assert post.scheduled_at == when
    assert not AuditEvent.objects.filter(object_type="post").exists()


def test_a_moment_in_the_past_is_refused(make_post, owner_membership):
    when = dt.datetime(2026, 2, 3, 9, 0, tzinfo=UTC)
    post = make_post(when=when)
    with pytest.raises(DomainError, match="already past: pick a later date or time"):
        reschedule(post, owner_membership, dt.date(2026, 1, 15), dt.time(9, 59), now=NOW)
    post.refresh_from_db()
    assert post.scheduled_at == when


def test_a_time_the_clocks_skip_is_refused_with_the_time_to_use(make_post, owner_membership):
    # On 29 March 2026, Paris goes from 02:00 straight to 03:00.
    post = make_post(when=dt.datetime(2026, 3, 20, 9, 0, tzinfo=UTC))
    with pytest.raises(DomainError) as refused:
        reschedule(post, owner_membership, dt.date(2026, 3, 29), dt.time(2, 30), now=NOW)
    message = str(refused.value)
    assert "02:30 does not exist" in message
    assert "Europe/Paris" in message
    assert "clocks jump forward" in message
    assert "Choose 03:30 instead" in message
    assert refused.value.field == "time"
    assert moved_to(post) == "2026-03-20T09:00:00+00:00"
    # The proposal works.
    reschedule(post, owner_membership, dt.date(2026, 3, 29), dt.time(3, 30), now=NOW)
    assert moved_to(post) == "2026-03-29T01:30:00+00:00"


def test_a_time_that_happens_twice_is_refused(make_post, owner_membership):
    # On 25 October 2026, Paris goes back from 03:00 to 02:00: 02:30 happens twice.
    post = make_post(when=dt.datetime(2026, 10, 20, 9, 0, tzinfo=UTC))
    with pytest.raises(DomainError) as refused:
        reschedule(post, owner_membership, dt.date(2026, 10, 25), dt.time(2, 30), now=NOW)
    message = str(refused.value)
    assert "02:30 happens twice" in message
    assert "clocks go back" in message
    assert "03:30" in message
    assert moved_to(post) == "2026-10-20T09:00:00+00:00"
    # Just outside the repeated hour is fine.
    reschedule(post, owner_membership, dt.date(2026, 10, 25), dt.time(3, 0), now=NOW)
    assert moved_to(post) == "2026-10-25T02:00:00+00:00"


def test_an_editor_moves_anyone_s_post(make_post, owner_membership, teammate_membership):
    post = make_post(when=dt.datetime(2026, 2, 3, 9, 0, tzinfo=UTC), status=PostStatus.APPROVED)
    reschedule(post, teammate_membership, dt.date(2026, 2, 4), now=NOW)
    assert moved_to(post) == "2026-02-04T09:00:00+00:00"


def test_a_contributor_moves_only_their_own_drafts(make_post, contributor):
    mine = make_post(author=contributor, when=dt.datetime(2026, 2, 3, 9, 0, tzinfo=UTC))
    reschedule(mine, contributor, dt.date(2026, 2, 4), now=NOW)
    assert moved_to(mine) == "2026-02-04T09:00:00+00:00"

    asked = make_post(
        author=contributor,
        when=dt.datetime(2026, 2, 3, 9, 0, tzinfo=UTC),
        status=PostStatus.CHANGES_REQUESTED,
    )
    reschedule(asked, contributor, dt.date(2026, 2, 4), now=NOW)

    others = make_post(when=dt.datetime(2026, 2, 3, 9, 0, tzinfo=UTC))
    with pytest.raises(DomainError, match="only your own drafts"):
        reschedule(others, contributor, dt.date(2026, 2, 4), now=NOW)
    approved = make_post(
        author=contributor,
        when=dt.datetime(2026, 2, 3, 9, 0, tzinfo=UTC),
        status=PostStatus.APPROVED,
    )
    with pytest.raises(DomainError, match="ask an editor"):
        reschedule(approved, contributor, dt.date(2026, 2, 4), now=NOW)
    assert moved_to(approved) == "2026-02-03T09:00:00+00:00"


def test_a_viewer_moves_nothing(make_post, viewer):
    post = make_post(author=viewer, when=dt.datetime(2026, 2, 3, 9, 0, tzinfo=UTC))
    with pytest.raises(DomainError):
        reschedule(post, viewer, dt.date(2026, 2, 4), now=NOW)


def test_a_post_of_another_workspace_is_refused(make_post, outsider):
    post = make_post(when=dt.datetime(2026, 2, 3, 9, 0, tzinfo=UTC))
    theirs = Membership.objects.get(user=outsider)
    with pytest.raises(DomainError, match="another workspace"):
        reschedule(post, theirs, dt.date(2026, 2, 4), now=NOW)


def test_a_post_published_meanwhile_is_not_moved(make_post, owner_membership):
    post = make_post(when=dt.datetime(2026, 2, 3, 9, 0, tzinfo=UTC), status=PostStatus.SCHEDULED)
    # Another process publishes it after this one read it.
    type(post).objects.filter(pk=post.pk).update(status=PostStatus.PUBLISHED)
    with pytest.raises(DomainError, match="changed in the meantime"):
        reschedule(post, owner_membership, dt.date(2026, 2, 4), now=NOW)
    assert moved_to(post) == "2026-02-03T09:00:00+00:00"


def test_moving_to_the_same_moment_changes_nothing(make_post, owner_membership):
    post = make_post(when=dt.datetime(2026, 2, 3, 9, 0, tzinfo=UTC))
    reschedule(post, owner_membership, dt.date(2026, 2, 3), now=NOW)
    assert not AuditEvent.objects.filter(object_type="post").exists()


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (dt.date(1, 1, 1), "already past"),
        (dt.date(2024, 5, 1), "already past"),
        (dt.date(9999, 12, 31), "at most 10 years ahead"),
    ],
)
def test_dates_far_away_are_refused_not_crashing(make_post, owner_membership, day, message):
    post = make_post(when=dt.datetime(2026, 2, 3, 9, 0, tzinfo=UTC))
    with pytest.raises(DomainError, match=message):
        reschedule(post, owner_membership, day, dt.time(0, 30), now=NOW)
    assert moved_to(post) == "2026-02-03T09:00:00+00:00"
