"""The triggers read from the mentions: each query against its own baseline, the
authors, the reposts; an incident raised once, escalated when a higher level fires."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mostra.core.models import CrisisLevel, CrisisTrigger, Incident, TriggerKind
from mostra.listening.incidents.evaluation import WEEK, evaluate
from mostra.listening.incidents.raising import raise_due, raise_for
from tests.listening.incident_support import a_query, mentions


@pytest.fixture
def levels(workspace):
    """The playbook with no trigger: each test sets its own."""
    CrisisTrigger.objects.filter(level__workspace=workspace).delete()
    return {level.key: level for level in CrisisLevel.objects.filter(workspace=workspace)}


def _trigger(level, kind, n, h=None):
    return CrisisTrigger.objects.create(level=level, kind=kind, threshold=n, window_hours=h)


def test_a_volume_spike_is_measured_against_the_same_hour_of_past_weeks(workspace, levels):
    spike = _trigger(levels["alert"], TriggerKind.VOLUME_SPIKE, 10)
    now = timezone.now()
    busy, quiet = a_query(workspace, "Atelier"), a_query(workspace, "Prix")
    for week in (1, 2, 3, 4):  # "Atelier" usually has 20 mentions at this hour
        mentions(workspace, 20, at=now - week * WEEK, query=busy, sentiment=0.3)
    mentions(workspace, 22, at=now, query=busy, sentiment=0.3)  # 20 + 3 x max(MAD 0, 1) = 23
    mentions(workspace, 12, at=now, query=quiet, sentiment=0.3)  # usually none
    [firing] = evaluate(workspace, now)
    assert firing.trigger == spike
    assert firing.figures == {"query": "Prix", "count": 12, "median": 0.0, "mad": 0.0, "limit": 3.0}


def test_a_negative_surge_against_the_query_s_usual_share(workspace, levels):
    _trigger(levels["incident"], TriggerKind.NEGATIVE_SURGE, 5)
    now = timezone.now()
    query = a_query(workspace)
    for week in (1, 2):
        mentions(workspace, 9, at=now - week * WEEK, query=query, sentiment=0.4)
        mentions(workspace, 1, at=now - week * WEEK, query=query, sentiment=-0.5)
    mentions(workspace, 6, at=now, query=query, sentiment=0.4)
    assert evaluate(workspace, now) == []
    mentions(workspace, 6, at=now, query=query, sentiment=-0.5)
    [firing] = evaluate(workspace, now)
    assert firing.figures == {
        "query": "Atelier",
        "negative": 6,
        "total": 12,
        "share": 0.5,
        "usual": 0.1,
    }


def test_authors_reposts_and_negative_counts_in_their_windows(
    workspace, levels, django_assert_max_num_queries
):
    _trigger(levels["incident"], TriggerKind.AUTHOR_FOLLOWERS, 10_000)
    _trigger(levels["alert"], TriggerKind.REPOSTS_PER_HOUR, 50, 1)
    _trigger(levels["watch"], TriggerKind.NEGATIVE_MENTIONS, 3, 24)
    now = timezone.now()
    mentions(workspace, 1, at=now, author="@journal", author_followers=80_000, sentiment=0.0)
    mentions(workspace, 2, at=now, counts={"reposts": 30})
    mentions(workspace, 5, at=now - dt.timedelta(hours=2), counts={"reposts": 100})  # older
    with django_assert_max_num_queries(4):
        firings = evaluate(workspace, now)
    assert [(f.trigger.kind, f.figures) for f in firings] == [
        ("reposts_per_hour", {"reposts": 60, "hours": 1}),
        ("author_followers", {"author": "@journal", "followers": 80_000}),
        ("negative_mentions", {"negative": 7, "hours": 24}),
    ]


def test_one_incident_escalated_by_a_higher_level_never_raised_twice(workspace, levels):
    _trigger(levels["watch"], TriggerKind.NEGATIVE_MENTIONS, 3, 24)
    _trigger(levels["crisis"], TriggerKind.REPOSTS_PER_HOUR, 200, 1)
    now = timezone.now()
    mentions(workspace, 3, at=now)
    first = raise_for(workspace, now)
    assert first is not None and first.level_rank == levels["watch"].rank
    assert raise_for(workspace, now) is None
    mentions(workspace, 1, at=now, counts={"reposts": 250})
    escalated = raise_for(workspace, now)
    assert escalated is not None and escalated.pk == first.pk
    assert escalated.level == levels["crisis"] and escalated.figures == {
        "reposts": 250,
        "hours": 1,
    }
    assert list(escalated.events.values_list("action", flat=True)) == ["opened", "escalated"]
    assert Incident.objects.filter(workspace=workspace).count() == 1


def test_the_job_skips_archived_and_quiet_workspaces(workspace, levels, owner_membership):
    _trigger(levels["watch"], TriggerKind.NEGATIVE_MENTIONS, 1, 24)
    now = timezone.now()
    assert raise_due(now) == 0  # no mention
    mentions(workspace, 1, at=now)
    workspace.archived_at = now
    workspace.save()
    assert raise_due(now) == 0
    workspace.archived_at = None
    workspace.save()
    assert raise_due(now) == 1
