"""The demo's calendar: pillars, events and about 25 posts this month and the next."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from mostra.core.demo import build_demo
from mostra.core.models import User
from mostra.editorial.demo import seed_demo_calendar
from mostra.editorial.models import CalendarEvent, ContentPillar, Post, PostStatus
from tests.conftest import client_for

NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def demo(db):
    """The demo workspace with its calendar taken out, to seed it again at a fixed time."""
    admin = User.objects.create_user("admin@example.org", "x")
    workspace = build_demo(admin)
    Post.objects.filter(workspace=workspace).delete()
    ContentPillar.objects.filter(workspace=workspace).delete()
    CalendarEvent.objects.filter(workspace=workspace).delete()
    return admin, workspace


def test_the_demo_comes_with_its_calendar(db):
    workspace = build_demo(User.objects.create_user("admin@example.org", "x"))
    assert Post.objects.filter(workspace=workspace, status=PostStatus.SCHEDULED).exists()
    assert ContentPillar.objects.filter(workspace=workspace).count() == 4
    assert CalendarEvent.objects.filter(workspace=workspace).count() == 2


def test_the_demo_calendar(demo):
    admin, workspace = demo
    added = seed_demo_calendar(workspace, now=NOW)
    posts = list(Post.objects.filter(workspace=workspace).prefetch_related("variants"))
    assert added == len(posts)
    assert 20 <= len(posts) <= 30
    assert ContentPillar.objects.filter(workspace=workspace).count() == 4
    assert CalendarEvent.objects.filter(workspace=workspace).count() == 2
    # This month and the next, in Paris.
    local = [p.scheduled_at.astimezone(dt.timezone(dt.timedelta(hours=1))).date() for p in posts]
    assert min(local) >= dt.date(2026, 11, 1) and max(local) <= dt.date(2027, 1, 1)
    statuses = Counter(p.status for p in posts)
    for status in (PostStatus.PUBLISHED, PostStatus.SCHEDULED, PostStatus.DRAFT):
        assert statuses[status] > 0, statuses
    assert all(p.scheduled_at <= NOW for p in posts if p.status == PostStatus.PUBLISHED)
    assert all(p.scheduled_at > NOW for p in posts if p.status != PostStatus.PUBLISHED)
    for post in posts:
        assert post.tactic is not None and post.pillar is not None
        assert post.variants.all()
        assert set(v.network for v in post.variants.all()) <= set(post.tactic.networks) | {
            "facebook"
        }
        approvals = list(post.approvals.all())
        if post.status in (PostStatus.APPROVED, PostStatus.SCHEDULED, PostStatus.PUBLISHED):
            assert approvals and all(a.approver_id != post.author_id for a in approvals)
    assert any(len(p.variants.all()) == 2 for p in posts)


def test_seeding_twice_adds_nothing(demo):
    _admin, workspace = demo
    first = seed_demo_calendar(workspace, now=NOW)
    assert seed_demo_calendar(workspace, now=NOW) == 0
    assert Post.objects.filter(workspace=workspace).count() == first
    assert CalendarEvent.objects.filter(workspace=workspace).count() == 2
    assert ContentPillar.objects.filter(workspace=workspace).count() == 4


def test_the_demo_calendar_shows(demo):
    admin, workspace = demo
    seed_demo_calendar(workspace)
    html = client_for(admin).get(f"/w/{workspace.slug}/calendar/").content.decode()
    assert html.count('class="chip ') >= 8
    assert "Vie de l&#x27;atelier" in html  # a pillar in the filter bar
