"""The press trigger (a journalist or a newsroom asking, read from the words), every
trigger kind evaluated, and a trigger firing again on an open incident."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mostra.core.models import (
    CrisisLevel,
    CrisisTrigger,
    Incident,
    IncidentAction,
    TriggerKind,
)
from mostra.listening.incidents import evaluation, press
from mostra.listening.incidents.evaluation import evaluate
from mostra.listening.incidents.raising import raise_for
from mostra.notifications.models import Notification
from tests.listening.incident_support import a_query, mentions


@pytest.fixture
def levels(workspace):
    CrisisTrigger.objects.filter(level__workspace=workspace).delete()
    return {level.key: level for level in CrisisLevel.objects.filter(workspace=workspace)}


def _trigger(level, kind, n, h=None):
    return CrisisTrigger.objects.create(level=level, kind=kind, threshold=n, window_hours=h)


@pytest.mark.parametrize(
    "words",
    [
        "Bonjour, je suis journaliste à Ouest-France : pouvez-vous me rappeler ?",
        "Demande d’interview pour France Bleu au sujet de l'atelier vélo",
        "DEMANDE DE RÉACTION : votre atelier a-t-il fermé ?",
        "Nous préparons un sujet sur les ateliers vélo, pour un reportage demain.",
        "Appel à témoignages : clients de l'atelier, contactez notre rédaction",
        "Qui est l'attachée de presse de l'atelier ?",
        "Hi, I'm a freelance journalist working on a piece about bike repair.",
        "Press inquiry: could you comment on the recall?",
        "Reaching out with a request for comment before we publish.",
        "Could you comment for a story about repair shops?",
        "We're looking to speak to customers of the shop.",
    ],
)
def test_a_journalist_or_a_newsroom_asking_is_a_press_request(words):
    assert press.is_press_request(words)


@pytest.mark.parametrize(
    "words",
    [
        # Coverage, not a request: a news item or a post about an article.
        "L'atelier vélo ferme ses portes, selon un journaliste du Monde",
        "Great article in the press about the repair shop today",
        "Comment réparer son vélo ? L'atelier explique tout",
        "Interview du fondateur de l'atelier dans Libération",
        "Le reporter a filmé l'atelier",
        "",
    ],
)
def test_coverage_and_ordinary_posts_are_not_press_requests(words):
    assert not press.is_press_request(words)


def test_every_press_phrase_holds_its_stem():
    # The database's first pass keeps the mentions holding a stem: a phrase without
    # its stem would never be read.
    for stem, pattern in press.PHRASES:
        assert stem in pattern.replace("\\b", "").replace("(?:", "")


def test_press_requests_within_the_window_fire_at_their_level(
    workspace, levels, django_assert_max_num_queries
):
    press_trigger = _trigger(levels["major_crisis"], TriggerKind.PRESS, 2, 6)
    now = timezone.now()
    mentions(workspace, 3, at=now, sentiment=0.1)  # ordinary posts
    mentions(
        workspace,
        1,
        at=now - dt.timedelta(hours=8),  # outside the 6 hours
        text="Demande d'interview",
        author="@old",
    )
    mentions(workspace, 1, at=now, text="Je suis journaliste à Sud Ouest", author="@lea")
    assert evaluate(workspace, now) == []  # one request, two needed
    mentions(
        workspace,
        1,
        at=now,
        spread=dt.timedelta(minutes=1),
        title="Press inquiry",
        text="About the recall",
        author="@sam",
    )
    with django_assert_max_num_queries(2):
        [firing] = evaluate(workspace, now)
    assert firing.trigger == press_trigger
    assert firing.figures == {"requests": 2, "latest": "@sam", "hours": 6}


def test_a_near_duplicate_request_counts_once(workspace, levels):
    _trigger(levels["crisis"], TriggerKind.PRESS, 2, 24)
    now = timezone.now()
    [first] = mentions(workspace, 1, at=now, text="Demande d'interview", author="@lea")
    mentions(workspace, 1, at=now, text="Demande d'interview", author="@lea", duplicate_of=first)
    assert evaluate(workspace, now) == []


def test_every_trigger_kind_is_evaluated(workspace, levels):
    # A kind added to the playbook without a measure would silently never fire.
    assert set(evaluation.MEASURES) == set(TriggerKind.values)
    now = timezone.now()
    for kind in TriggerKind.values:
        _trigger(levels["watch"], kind, 1, 24)
    made = mentions(
        workspace,
        5,
        at=now,
        text="Demande d'interview sur l'atelier",
        author_followers=5_000,
        counts={"reposts": 4},
    )
    a_query(workspace).mentions.add(*made)
    fired = {f.trigger.kind for f in evaluate(workspace, now)}
    assert fired == set(TriggerKind.values)


def test_a_trigger_firing_again_is_on_the_timeline_once_an_hour_and_reminds_until_acknowledged(
    workspace,
    levels,
    teammate,
    teammate_membership,
    owner,
    django_capture_on_commit_callbacks,
):
    levels["watch"].responders.set([teammate_membership])
    _trigger(levels["watch"], TriggerKind.NEGATIVE_MENTIONS, 3, 24)
    now = timezone.now()
    mentions(workspace, 3, at=now)
    with django_capture_on_commit_callbacks(execute=True):
        incident = raise_for(workspace, now)
    assert incident is not None
    mentions(workspace, 2, at=now + dt.timedelta(minutes=30))
    with django_capture_on_commit_callbacks(execute=True):
        assert raise_for(workspace, now + dt.timedelta(minutes=30)) is None  # within the hour
    later = now + dt.timedelta(minutes=61)
    with django_capture_on_commit_callbacks(execute=True):
        assert raise_for(workspace, later) is None
    assert list(incident.events.values_list("action", "figures")) == [
        (IncidentAction.OPENED, {"negative": 3, "hours": 24}),
        (IncidentAction.TRIGGERED, {"negative": 5, "hours": 24}),
    ]
    assert Incident.objects.filter(workspace=workspace).count() == 1
    told = Notification.objects.filter(recipient=teammate, kind="incident_opened")
    assert [n.params["again"] for n in told.order_by("pk")] == [False, True]
    # Acknowledged: still written on the timeline an hour on, nobody reminded.
    Incident.objects.filter(pk=incident.pk).update(acknowledged_at=later)
    with django_capture_on_commit_callbacks(execute=True):
        raise_for(workspace, later + dt.timedelta(minutes=61))
    assert incident.events.filter(action=IncidentAction.TRIGGERED).count() == 2
    assert told.count() == 2


def test_the_press_figures_are_named_on_the_timeline(workspace, levels, owner_client):
    _trigger(levels["crisis"], TriggerKind.PRESS, 1, 24)
    now = timezone.now()
    mentions(workspace, 1, at=now, text="Press inquiry about the recall", author="@sam")
    incident = raise_for(workspace, now)
    html = owner_client.get(f"/w/{workspace.slug}/listening/incidents/{incident.pk}/").content
    figures = html.decode().split('class="small figures">')[1].split("</span>")[0]
    # In the order the database keeps them (PostgreSQL's jsonb sorts the keys).
    assert set(figures.split(" · ")) == {"press requests: 1", "latest requester: @sam", "hours: 24"}
