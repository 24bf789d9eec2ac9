"""The month view's number of SQL queries does not grow with the number of posts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mostra.core.models import Membership, Role, User
from mostra.editorial.models import CalendarEvent, ContentPillar, PostStatus
from mostra.strategy.models import Tactic
from tests.conftest import client_for

STATUSES = [PostStatus.DRAFT, PostStatus.IN_REVIEW, PostStatus.APPROVED, PostStatus.SCHEDULED]


def fill(workspace, make_post, members, count: int) -> None:
    """``count`` posts over December, each with its pillar, tactic, author and networks."""
    pillars = [
        ContentPillar.objects.get_or_create(workspace=workspace, name=f"Pilier {i}")[0]
        for i in range(3)
    ]
    tactics = list(Tactic.objects.filter(workspace=workspace))
    for i in range(count):
        make_post(
            author=members[i % len(members)],
            when=dt.datetime(2026, 12, 1 + i % 31, 6 + i % 14, 0, tzinfo=dt.UTC),
            networks=("instagram", "facebook") if i % 2 else ("linkedin",),
            status=STATUSES[i % len(STATUSES)],
            pillar=pillars[i % 3],
            tactic=tactics[i % len(tactics)],
            title="" if i % 3 else f"Post {i}",
        )
    CalendarEvent.objects.create(
        workspace=workspace, title=f"Event {count}", starts_on=dt.date(2026, 12, count % 28 + 1)
    )


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "path", ["calendar/2026/12/", "calendar/week/2026/49/", "calendar/list/?when=past"]
)
def test_the_query_count_does_not_grow_with_posts(
    workspace, strategy, make_post, owner, teammate_membership, path
):
    contributor = User.objects.create_user("dora@example.org", "x")
    members = [
        strategy,
        teammate_membership,
        Membership.objects.create(workspace=workspace, user=contributor, role=Role.CONTRIBUTOR),
    ]
    client = client_for(owner)
    page = f"/w/{workspace.slug}/{path}"
    fill(workspace, make_post, members, 3)
    with_few = queries_for(client, page)
    fill(workspace, make_post, members, 57)
    with_many = queries_for(client, page)
    assert with_many == with_few
    assert with_few <= 14


def test_the_month_view_runs_few_queries(workspace, strategy, make_post, owner):
    fill(workspace, make_post, [strategy], 60)
    client = client_for(owner)
    client.get(f"/w/{workspace.slug}/calendar/2026/12/")  # warm the session
    with CaptureQueriesContext(connection) as captured:
        html = client.get(f"/w/{workspace.slug}/calendar/2026/12/").content.decode()
    assert html.count('class="chip ') == 60
    # session + user, membership, workspaces menu, events, posts, variants, four filters.
    assert len(captured) <= 12, "\n".join(q["sql"][:120] for q in captured)
