"""Listening's writes move the workspace's data version, so that the cached figures
(the dashboard's listening figures, the objectives) are computed again.

These tests commit (``transactional_db``), as tests/core/test_figures_cache.py does."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db.models.signals import post_delete
from django.utils import timezone

from mostra.core.figures_cache import versions
from mostra.core.models import Membership
from mostra.listening import kinds
from mostra.listening.items import FetchedItem
from mostra.listening.models import Mention, MentionState, Source
from mostra.listening.services import matching, polling, triage
from tests.analytics.listening_kpis.builders import query

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.FIGURES_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def _moved(workspace, before: tuple[int, int]) -> bool:
    return versions(workspace.pk)[1] > before[1]


def test_a_poll_storing_mentions_moves_the_version(workspace, monkeypatch):
    # Enrichment is not what is checked here (tests/listening test it).
    monkeypatch.setattr(matching, "enriched", lambda item, allowed: matching.Enriched("fr", 0.5))
    query(workspace, "fromage", "brand")
    source = Source.objects.create(
        workspace=workspace, kind="feed", name="f", url="https://a.example/rss"
    )
    before = versions(workspace.pk)
    items = [FetchedItem(guid="g1", text="Un fromage parfait", url="https://a.example/1")]
    polling._record_success(source, kinds.Fetched(items=items), timezone.now())
    assert Mention.objects.filter(workspace=workspace).count() == 1
    assert _moved(workspace, before)
    before = versions(workspace.pk)
    polling._record_success(source, kinds.Fetched(items=items), timezone.now())  # nothing new
    assert not _moved(workspace, before)


def test_triage_and_queries_move_the_version(workspace, owner):
    member = Membership.objects.get(workspace=workspace, user=owner)
    mention = Mention.objects.create(
        workspace=workspace, guid="a", text="t", published_at=timezone.now()
    )
    before = versions(workspace.pk)
    triage.set_state(member, [mention.pk], MentionState.HANDLED)  # the response time
    assert _moved(workspace, before)
    before = versions(workspace.pk)
    rival = query(workspace, "Laiterie", "competitor")  # the share of voice's set
    assert _moved(workspace, before)
    before = versions(workspace.pk)
    rival.delete()
    assert _moved(workspace, before)


def test_mentions_keep_their_fast_delete():
    """A receiver on mentions' deletion would make every cascade load them."""
    assert not post_delete.has_listeners(Mention)
